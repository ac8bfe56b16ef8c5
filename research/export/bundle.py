"""Writes the research bundle (DESIGN.md, "Research bundle"): data files, codebook, manifest.

Everything is written into a hidden `.<name>.*.partial` folder next to the target and renamed
into place at the very end, MANIFEST.json last: an export that fails or is killed half-way never
leaves a folder (or zip) that looks complete. All data files are read in one REPEATABLE READ
transaction, so they describe the same moment even while the platform keeps running.
"""

import csv
import json
import os
import shutil
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from research.export import (
    adherence,
    assessments_long,
    consort,
    goals,
    module_progress,
    participants,
    scores_wide,
    worksheet_answers,
)
from research.export.base import (
    Variable,
    WrittenFile,
    compose,
    copy_to_file,
    export_context,
    file_digest,
    neutral_text,
)
from research.export.statistical import FORMATS, write_statistical
from trial.models import Study

SCHEMA_VERSION = "1.1"  # 1.1: module_progress.csv content_language
OUTPUT_FORMATS = ("csv", *FORMATS)
CODEBOOK = "codebook.csv"
MANIFEST = "MANIFEST.json"
CODEBOOK_COLUMNS = ["file", "variable", "label", "type", "unit", "allowed_values", "source"]
DATA_FILES = [
    participants,
    module_progress,
    adherence,
    assessments_long,
    scores_wide,
    goals,
    consort,
]

Progress = Callable[[int, int, str], None]


class ExportError(Exception):
    """The export cannot run as asked; the message says why (shown to the user)."""


@dataclass(frozen=True)
class BundleResult:
    path: Path
    files: list[WrittenFile]
    created_at: str


@cache
def software_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def data_files(*, include_free_text: bool) -> list:
    if include_free_text:
        return [*DATA_FILES[:-1], worksheet_answers, DATA_FILES[-1]]
    return list(DATA_FILES)


@contextmanager
def _snapshot():
    """One consistent read of the database for the whole bundle."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:  # inside a caller's transaction (tests) the level is already fixed
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        yield cursor


def _write_codebook(path: Path, entries: list[tuple[str, Variable]]) -> WrittenFile:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CODEBOOK_COLUMNS)
        for file_name, v in entries:
            row = [file_name, v.name, v.label, v.type, v.unit, v.allowed_values, v.source]
            writer.writerow([neutral_text(str(cell)) for cell in row])
    written = file_digest(path)
    return WrittenFile(written.name, len(entries), written.sha256, written.bytes)


def _manifest(study: Study, options: dict, files: list[WrittenFile], created_at: str) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "study": {"code": study.code, "name": study.name, "registry_id": study.registry_id},
        "created_at": created_at,
        "software": {"name": "icbt-platform", "version": software_version()},
        "options": options,
        "files": [asdict(f) for f in files],
    }


def _targets(out: Path, as_zip: bool) -> tuple[Path, str]:
    """The final path and the bundle's folder name; refuses to overwrite a previous bundle."""
    out = Path(out).absolute()
    if as_zip:
        target = out if out.suffix == ".zip" else out.with_name(out.name + ".zip")
        name = target.stem
        if target.exists():
            raise ExportError(_("%(path)s already exists; choose a new name.") % {"path": target})
    else:
        target, name = out, out.name
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise ExportError(
                _("%(path)s already exists and is not an empty folder.") % {"path": target}
            )
    if not target.parent.is_dir():
        raise ExportError(
            _("%(path)s does not exist or is not a folder.") % {"path": target.parent}
        )
    return target, name


def format_check(file_format: str) -> None:
    if file_format not in OUTPUT_FORMATS:
        raise ExportError(
            _("Unknown format %(format)s; choose one of: %(choices)s.")
            % {"format": file_format, "choices": ", ".join(OUTPUT_FORMATS)}
        )


def bundle_write(
    *,
    study: Study,
    out: Path,
    file_format: str = "csv",
    as_zip: bool = False,
    shift_dates: bool = False,
    include_free_text: bool = False,
    progress: Progress | None = None,
) -> BundleResult:
    format_check(file_format)
    target, name = _targets(out, as_zip)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=target.parent))
    except OSError as error:
        raise ExportError(
            _("Cannot write in %(path)s: %(error)s.")
            % {"path": target.parent, "error": error.strerror or error}
        ) from None
    modules = data_files(include_free_text=include_free_text)
    steps = len(modules) * (2 if file_format != "csv" else 1) + 1
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, label)

    try:
        written: list[WrittenFile] = []
        entries: list[tuple[str, Variable]] = []
        variables_of: dict[str, list[Variable]] = {}
        with _snapshot() as cursor, override("en"):
            ctx = export_context(
                study=study, shift_dates=shift_dates, include_free_text=include_free_text
            )
            for module in modules:
                sql, params = module.select(ctx)
                written.append(copy_to_file(cursor, compose(sql, params), work / module.FILE))
                variables_of[module.FILE] = module.variables(ctx)
                entries += [(module.FILE, v) for v in variables_of[module.FILE]]
                step(module.FILE)
        written.append(_write_codebook(work / CODEBOOK, entries))
        if file_format != "csv":
            for data in list(written[: len(modules)]):
                path = write_statistical(
                    csv_path=work / data.name,
                    variables=variables_of[data.name],
                    file_format=file_format,
                )
                digest = file_digest(path)
                written.append(WrittenFile(digest.name, data.rows, digest.sha256, digest.bytes))
                step(path.name)
        created_at = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        options = {
            "format": file_format,
            "shift_dates": shift_dates,
            "include_free_text": include_free_text,
        }
        manifest = _manifest(study, options, written, created_at)
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        final = _publish(work, target, name, [f.name for f in written], as_zip)
        step(MANIFEST)
        return BundleResult(final, written, created_at)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _publish(work: Path, target: Path, name: str, names: list[str], as_zip: bool) -> Path:
    """Move the finished bundle into place in one rename."""
    if not as_zip:
        if target.is_dir():
            target.rmdir()  # an empty folder the caller made for us
        os.rename(work, target)
        return target
    partial = work.with_name(work.name + ".zip")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for file_name in [*names, MANIFEST]:  # the manifest last, as in the folder
                archive.write(work / file_name, f"{name}/{file_name}")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    return target
