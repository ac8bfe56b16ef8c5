from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from research.export.bundle import OUTPUT_FORMATS, ExportError
from research.services import command_actor, export_research
from trial.models import Study
from trial.services import DEFAULT_STUDY_CODE


class Command(BaseCommand):
    help = (
        "Write the pseudonymous research bundle (DESIGN.md): CSV files, codebook.csv and "
        "MANIFEST.json, optionally with SPSS or Stata copies. The export is audit-logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Folder to create (must not exist).")
        parser.add_argument(
            "--format",
            default="csv",
            help=f"One of {', '.join(OUTPUT_FORMATS)} (spss/stata add .sav/.dta to the CSVs).",
        )
        parser.add_argument("--zip", action="store_true", help="Write <out>.zip instead.")
        parser.add_argument(
            "--shift-dates",
            action="store_true",
            help="Move each participant's dates by a stable per-participant offset (-30..+30 d).",
        )
        parser.add_argument(
            "--include-free-text",
            action="store_true",
            help="Add goal descriptions and worksheet answers (coordinators only).",
        )
        parser.add_argument("--study", default=DEFAULT_STUDY_CODE, help="Study code.")
        parser.add_argument(
            "--by",
            default="",
            help="Email of the researcher or coordinator exporting (for the audit log); "
            "default: the command-line export account.",
        )

    def handle(self, *args, **options):
        study = Study.objects.filter(code=options["study"]).first()
        if study is None:
            raise CommandError(f"No study with the code {options['study']!r}.")
        if options["by"]:
            actor = User.objects.filter(email__iexact=options["by"]).first()
            if actor is None:
                raise CommandError(f"No user with the email {options['by']!r}.")
        else:
            actor = command_actor()
        try:
            result = export_research(
                actor=actor,
                study=study,
                out=Path(options["out"]),
                file_format=options["format"],
                as_zip=options["zip"],
                shift_dates=options["shift_dates"],
                include_free_text=options["include_free_text"],
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"The export could not be written: {error}") from None
        for written in result.files:
            self.stdout.write(f"  {written.name:<28} {written.rows:>10} rows")
        self.stdout.write(f"Research bundle written to {result.path}")
