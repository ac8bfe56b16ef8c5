"""Reads for researchers: aggregate figures only, never an identifiable record.

The dashboard's figures are aggregates over the very SELECTs that write the export's files
(research.export), so a plot and the bundle can never disagree.
"""

from dataclasses import dataclass

from django.db import connection

from research.export import adherence, consort, goals, participants
from research.export.base import ExportContext, compose, export_context
from research.models import ExportJob
from trial.models import Study
from trial.services import DEFAULT_STUDY_CODE


def studies() -> list[Study]:
    return list(Study.objects.order_by("name", "code"))


def study_for_dashboard(code: str | None) -> Study | None:
    """The asked-for study, else the trial's default study, else the first one."""
    found = Study.objects.filter(code=code).first() if code else None
    return (
        found
        or Study.objects.filter(code=DEFAULT_STUDY_CODE).first()
        or Study.objects.order_by("name", "code").first()
    )


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(compose(sql, params))
        return cursor.fetchall()


def _over(module, ctx: ExportContext, aggregate: str) -> list[tuple]:
    """Run `aggregate` (which reads the relation `f`) over one export file's SELECT."""
    sql, params = module.select(ctx)
    return _rows(aggregate.replace("{file}", f"({sql}) f"), params)


@dataclass(frozen=True)
class Figures:
    consort: list[tuple[str, str | None, int]]  # stage, arm, n
    recruitment: list[tuple[str, str, int]]  # month (YYYY-MM), arm, randomized
    modules: list[tuple[str, int, int]]  # arm, modules completed, participants
    followup: list[tuple[str, int, int]]  # arm, randomized, followed up
    goals: list[tuple[str, str, int, int]]  # arm, goal type, rated, attained


def dashboard_figures(*, study: Study) -> Figures:
    ctx = export_context(study=study)
    sql, params = consort.select(ctx)
    return Figures(
        consort=[(stage, arm, n) for stage, arm, n in _rows(sql, params)],
        recruitment=_over(
            participants,
            ctx,
            "SELECT left(f.randomized_at, 7), f.arm, count(*) FROM {file} "
            "WHERE f.randomized_at IS NOT NULL AND f.arm IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
        ),
        modules=_over(
            adherence,
            ctx,
            "SELECT f.arm, f.modules_completed, count(*) FROM {file} GROUP BY 1, 2 ORDER BY 1, 2",
        ),
        followup=_over(
            participants,
            ctx,
            "SELECT f.arm, count(*), sum(f.followup_completed)::int FROM {file} "
            "WHERE f.arm IS NOT NULL GROUP BY 1 ORDER BY 1",
        ),
        goals=_over(
            goals,
            ctx,
            "SELECT f.arm, f.goal_type, count(f.attained), "
            "count(*) FILTER (WHERE f.attained = 'attained') FROM {file} "
            "WHERE f.arm IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
        ),
    )


def export_jobs_for(user) -> list[ExportJob]:
    return list(ExportJob.objects.filter(requested_by=user).select_related("study")[:20])
