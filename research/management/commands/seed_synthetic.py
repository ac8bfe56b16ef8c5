import time

from django.core.management.base import BaseCommand, CommandError

from research.synthetic.cohort import SyntheticError, synthetic_cohort_seed


class Command(BaseCommand):
    help = (
        "Create a synthetic trial cohort in its own study (synthetic-<seed>): screening, "
        "allocation, adherence, messages, dropout, questionnaires, goals. Same seed, same cohort; "
        "re-running with the same seed changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, required=True, help="People screened.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the cohort.")

    def handle(self, *args, participants, seed, **options):
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done}/{total} participants")

        try:
            summary = synthetic_cohort_seed(participants=participants, seed=seed, progress=progress)
        except SyntheticError as error:
            raise CommandError(str(error)) from None
        what = "Created" if summary.created else "Already present:"
        arms = ", ".join(f"{arm} {n}" for arm, n in summary.arms.items())
        self.stdout.write(
            f"{what} study {summary.study.code} with {summary.participants} participants "
            f"({arms}) in {time.perf_counter() - started:.1f} s. "
            f"Export it with: manage.py export_research --study {summary.study.code} --out DIR"
        )
