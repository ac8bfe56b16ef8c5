"""Geometry for the dashboard's server-rendered SVG bar charts (no scripts, no inline styles).

Each chart comes with the same numbers as a table in the page, which is its text alternative.
"""

from collections import defaultdict
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from activity.models import Goal
from research.export.consort import ARMS, STAGES
from research.selectors import Figures

LABEL_WIDTH = 170
BAR_AREA = 330
BAR_HEIGHT = 18
GAP = 8


def _goal_kind(code: str) -> str:
    """A goal type's name in the reader's language (the figures carry the export's codes)."""
    return str(Goal.Kind(code).label) if code in Goal.Kind.values else code


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    css: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + GAP) + GAP

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 60

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH


def bar_chart(title: str, rows: list[tuple[str, float, str, str]]) -> Chart:
    """rows: (label, value, value as text, css class); bars scaled to the largest value."""
    top = max((value for _label, value, _text, _css in rows), default=0) or 1
    bars = [
        Bar(label, value, text, css, GAP + i * (BAR_HEIGHT + GAP), round(BAR_AREA * value / top))
        for i, (label, value, text, css) in enumerate(rows)
    ]
    return Chart(title, bars)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def dashboard_charts(figures: Figures, arm_labels: dict[str, str]) -> dict:
    months: dict[str, int] = defaultdict(int)
    for month, _arm, n in figures.recruitment:
        months[month] += n
    recruitment = bar_chart(
        _("Participants randomized per month"),
        [(month, n, str(n), "bar") for month, n in sorted(months.items())],
    )
    modules = bar_chart(
        _("Intervention arm: participants by modules completed"),
        [
            (_("%(n)s modules") % {"n": done}, n, str(n), "bar bar-intervention")
            for arm, done, n in figures.modules
            if arm == "intervention"
        ],
    )
    followup = bar_chart(
        _("Completed the 6-month follow-up"),
        [
            (arm_labels.get(arm, arm), _percent(done, total), f"{_percent(done, total)}%",
             f"bar bar-{arm}")
            for arm, total, done in figures.followup
        ],
    )  # fmt: skip
    goal_rows = []
    for arm, kind, rated, attained in figures.goals:
        label = f"{arm_labels.get(arm, arm)}: {_goal_kind(kind)}"
        goal_rows.append(
            (label, _percent(attained, rated), f"{attained}/{rated}", f"bar bar-{arm}")
        )
    goals = bar_chart(_("Goals attained (participant's rating) of goals rated"), goal_rows)
    return {"recruitment": recruitment, "modules": modules, "followup": followup, "goals": goals}


@dataclass(frozen=True)
class ConsortStage:
    code: str
    label: str
    total: int | None
    by_arm: list[tuple[str, int]]


def consort_flow(figures: Figures, arm_labels: dict[str, str]) -> list[ConsortStage]:
    counts = {(stage, arm): n for stage, arm, n in figures.consort}
    flow = []
    for code, per_arm, _condition, label in STAGES:
        if per_arm:
            by_arm = [(arm_labels.get(arm, arm), counts.get((code, arm), 0)) for arm in ARMS]
            flow.append(ConsortStage(code, _(label), None, by_arm))
        else:
            flow.append(ConsortStage(code, _(label), counts.get((code, None), 0), []))
    return flow


def figures_for_tables(figures: Figures, arm_labels: dict[str, str]) -> Figures:
    """The figures with arms and goal types named as the charts name them, for the tables."""

    def arm(code: str) -> str:
        return arm_labels.get(code, code)

    return replace(
        figures,
        recruitment=[(month, arm(a), n) for month, a, n in figures.recruitment],
        modules=[(arm(a), done, n) for a, done, n in figures.modules],
        followup=[(arm(a), total, done) for a, total, done in figures.followup],
        goals=[(arm(a), _goal_kind(k), r, n) for a, k, r, n in figures.goals],
    )
