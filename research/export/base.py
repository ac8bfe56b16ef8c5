"""Pieces every file of the research bundle shares: options, variables, SQL fragments, COPY.

Each data file is one SELECT streamed by PostgreSQL's COPY straight into the file, so the export
runs in constant memory and close to the speed of COPY itself. The SELECTs build the bundle's
codes, ISO 8601 UTC times and formula-safe text themselves (DESIGN.md, "Research bundle").
The SQL is assembled from fixed fragments and table names (hence the `noqa: S608` marks); every
value is a bound parameter, composed on the client because COPY takes no server parameters.
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from activity.models import ActivityPlan, Goal, GoalRating, Visit
from assessments.models import QuestionnaireResponse, Score
from modules.models import (
    Module,
    ModuleProgress,
    ModuleVersion,
    ProgrammeEnrolment,
    WorksheetAnswer,
)
from trial.models import Participant, Screening, Site, Timepoint, Withdrawal

TIMESTAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS"Z"'
# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHIFT_DAYS = 30  # --shift-dates moves each participant's dates by -30..+30 days

# Table names, read from the models so a renamed table cannot silently break the export.
PARTICIPANT = Participant._meta.db_table
SITE = Site._meta.db_table
SCREENING = Screening._meta.db_table
WITHDRAWAL = Withdrawal._meta.db_table
TIMEPOINT = Timepoint._meta.db_table
RESPONSE = QuestionnaireResponse._meta.db_table
SCORE = Score._meta.db_table
MODULE = Module._meta.db_table
MODULE_VERSION = ModuleVersion._meta.db_table
PROGRESS = ModuleProgress._meta.db_table
ENROLMENT = ProgrammeEnrolment._meta.db_table
WORKSHEET_ANSWER = WorksheetAnswer._meta.db_table
GOAL = Goal._meta.db_table
VISIT = Visit._meta.db_table
ACTIVITY_PLAN = ActivityPlan._meta.db_table
GOAL_RATING = GoalRating._meta.db_table


@dataclass(frozen=True)
class Variable:
    """One column of a bundle file, as the codebook describes it."""

    name: str
    label: str
    type: str  # text | integer | decimal | datetime
    unit: str = ""
    allowed_values: str = ""
    source: str = ""
    # Codes -> labels: SPSS and Stata files store these columns as labelled numbers.
    value_labels: dict[str, str] | None = None


def participant_code_variable(source: str) -> Variable:
    """The first column of every per-participant file."""
    return Variable("participant_code", "Pseudonymous participant code", "text", source=source)


@dataclass(frozen=True)
class TimepointInfo:
    pk: int
    code: str
    order: int
    instruments: tuple[str, ...]


@dataclass(frozen=True)
class ExportContext:
    """What one export covers and how: the study, its timepoints, and the options."""

    study_id: int
    study_code: str
    timepoints: tuple[TimepointInfo, ...]
    shift_dates: bool = False
    include_free_text: bool = False
    shift_key: bytes = field(default=b"", repr=False)

    @property
    def baseline(self) -> TimepointInfo | None:
        return self.timepoints[0] if self.timepoints else None

    @property
    def followup(self) -> TimepointInfo | None:
        """The primary follow-up: the timepoint coded m6, else the second one."""
        for timepoint in self.timepoints:
            if timepoint.code == "m6":
                return timepoint
        return self.timepoints[1] if len(self.timepoints) > 1 else None


def export_context(*, study, shift_dates=False, include_free_text=False) -> ExportContext:
    timepoints = tuple(
        TimepointInfo(tp.pk, tp.code, tp.order, tuple(tp.instruments))
        for tp in Timepoint.objects.filter(study=study).order_by("order", "id")
    )
    return ExportContext(
        study_id=study.pk,
        study_code=study.code,
        timepoints=timepoints,
        shift_dates=shift_dates,
        include_free_text=include_free_text,
        shift_key=date_shift_key(),
    )


# --- date shifting ------------------------------------------------------------------------------


def date_shift_key() -> bytes:
    """The secret behind --shift-dates: RESEARCH_DATE_SHIFT_KEY, else derived from SECRET_KEY.

    Kept stable, so exporting twice shifts each participant by the same number of days.
    """
    configured = getattr(settings, "RESEARCH_DATE_SHIFT_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"research-date-shift", hashlib.sha256).digest()


def shift_days(key: bytes, participant_code: str) -> int:
    """-30..+30 days from HMAC-SHA256(key, code); _shift_sql computes the same in PostgreSQL."""
    digest = hmac.new(key, participant_code.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:2], "big") % (2 * SHIFT_DAYS + 1) - SHIFT_DAYS


def _hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    # HMAC (RFC 2104) from PostgreSQL's built-in sha256(): the key pads are computed here.
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def _shift_sql(code: str) -> str:
    digest = (
        f"sha256(%(shift_outer)s::bytea || sha256(%(shift_inner)s::bytea"
        f" || convert_to({code}, 'UTF8')))"
    )
    return (
        f"(mod(get_byte({digest}, 0) * 256 + get_byte({digest}, 1), {2 * SHIFT_DAYS + 1})"
        f" - {SHIFT_DAYS})"
    )


# --- SQL fragments ------------------------------------------------------------------------------


def neutral(expression: str) -> str:
    """A text expression made safe to open in a spreadsheet: formula starts get a quote."""
    return (
        f"CASE WHEN left({expression}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r')"
        f" THEN '''' || {expression} ELSE {expression} END"
    )


def neutral_text(value: str) -> str:
    """The same rule in Python, for the files written without COPY (codebook)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def ts(ctx: ExportContext, expression: str, alias: str = "ep") -> str:
    """A timestamp as ISO 8601 UTC text, moved by the participant's shift when asked."""
    if ctx.shift_dates:
        expression = f"({expression} + {alias}.shift_days * interval '1 day')"
    return f"to_char({expression} AT TIME ZONE 'UTC', '{TIMESTAMP_FORMAT}')"


def of_record(alias: str) -> str:
    """SQL twin of assessments.models.OF_RECORD (tests check they agree)."""
    return (
        f"(({alias}.source = 'web' AND {alias}.completed_at IS NOT NULL)"
        f" OR ({alias}.source = 'paper' AND {alias}.entry_number = 1 AND {alias}.verified))"
    )


def export_participants(ctx: ExportContext) -> tuple[str, dict]:
    """The `ep` CTE: everyone who entered the trial flow (screened, or further along).

    People who only registered are left out. `data_deleted` marks withdrawals that asked for
    their data to be deleted: they stay in participants.csv and the CONSORT counts, but no
    other file carries their data. Codes sort in the "C" collation (bytes): the same order on
    every server whatever its locale, so files stay byte-identical, and the cheapest to sort.
    """
    shift = _shift_sql("p.code") if ctx.shift_dates else "0"
    sql = f"""ep AS MATERIALIZED (
        SELECT p.id, p.user_id, ({neutral("p.code")}) COLLATE "C" AS participant_code,
               p.code AS raw_code,
               NULLIF(p.arm, '') AS arm, p.status, p.site_id, p.screened_at, p.consented_at,
               p.randomized_at, p.withdrawn_at,
               COALESCE(w.data_use = 'delete', false) AS data_deleted,
               {shift} AS shift_days
        FROM {PARTICIPANT} p LEFT JOIN {WITHDRAWAL} w ON w.participant_id = p.id
        WHERE p.study_id = %(study_id)s
          AND (p.status <> 'registered' OR p.screened_at IS NOT NULL))"""  # noqa: S608
    params = {"study_id": ctx.study_id}
    if ctx.shift_dates:
        inner, outer = _hmac_pads(ctx.shift_key)
        params.update(shift_inner=inner, shift_outer=outer)
    return sql, params


def compose(sql: str, params: dict) -> str:
    """Bind parameters on the client: COPY takes no server-side parameters."""
    return connection.ops.compose_sql(sql, params)


# --- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenFile:
    name: str
    rows: int
    sha256: str
    bytes: int


_FLUSH_BYTES = 1 << 20


def copy_to_file(cursor, select_sql: str, path: Path) -> WrittenFile:
    """Stream `COPY (select) TO STDOUT` into `path`, hashing as it goes (one pass, one reused
    buffer of about 1 MB whatever the size of the file)."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray()
    statement = f"COPY ({select_sql}) TO STDOUT WITH (FORMAT csv, HEADER, ENCODING 'UTF8')"
    with path.open("wb") as out, cursor.copy(statement) as copy:
        # COPY sends one message per row. Each is copied into the buffer at once, so no row
        # outlives its loop turn, and the file and the hash see ~1 MB blocks.
        for row in copy:
            buffer += row
            if len(buffer) >= _FLUSH_BYTES:
                out.write(buffer)
                digest.update(buffer)
                size += len(buffer)
                buffer.clear()
        out.write(buffer)
        digest.update(buffer)
        size += len(buffer)
    return WrittenFile(path.name, max(cursor.rowcount, 0), digest.hexdigest(), size)


def file_digest(path: Path) -> WrittenFile:
    """Size and sha256 of a file written some other way (row count filled in by the caller)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_FLUSH_BYTES), b""):
            digest.update(block)
    return WrittenFile(path.name, 0, digest.hexdigest(), path.stat().st_size)
