"""Geometry for the dashboard's server-rendered SVG bar charts (no scripts, no inline styles).

Each chart comes with the same numbers as a table in the page, which is its text alternative,
and with a legend that names in words what each colour stands for.
"""

import textwrap
from collections import defaultdict
from dataclasses import dataclass, replace

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activity.models import Goal
from research.export.consort import ARMS, STAGES
from research.selectors import Figures

WIDTH = 400
VALUE_SPACE = 56  # right of the longest bar, for its value ("100%", "12/34")
BAR_HEIGHT = 18
LINE_HEIGHT = 17
GAP = 12
# Short labels ("2026-03", "4 modules") sit left of their bars; longer ones get lines of their own
# above the bar, across the chart's whole width, so nothing is cut off however narrow the screen.
SIDE_LABEL_CHARACTERS = 12
SIDE_LABEL_WIDTH = 96
LABEL_CHARACTERS = 48  # per line at the labels' 13 px, with room for wide letters
LABEL_LINES = 2  # longer labels are shortened; the full text is in the bar's <title>


def _goal_kind(code: str) -> str:
    """A goal type's name in the reader's language (the figures carry the export's codes)."""
    return str(Goal.Kind(code).label) if code in Goal.Kind.values else code


def _label_lines(label: str) -> list[str]:
    lines = textwrap.wrap(label, LABEL_CHARACTERS) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARACTERS - 1].rstrip() + "…"
    return lines


@dataclass(frozen=True)
class Bar:
    label: str
    lines: list[str]
    value: float
    text: str
    css: str
    y: int  # top of the bar's row (its label lines, when above the bar, then the bar)
    x: int  # where the bar starts: right of a side label, or at the left edge
    width: int

    @property
    def shortened(self) -> bool:
        return " ".join(self.lines) != self.label

    @property
    def label_lines(self) -> list[tuple[int, int, str]]:
        """(x, baseline y, text) of each line of the label; a side label ends at its x."""
        if self.x:
            return [(self.x - 6, self.text_y, self.lines[0])]
        return [(0, self.y + (n + 1) * LINE_HEIGHT - 4, line) for n, line in enumerate(self.lines)]

    @property
    def bar_y(self) -> int:
        return self.y if self.x else self.y + len(self.lines) * LINE_HEIGHT

    @property
    def text_y(self) -> int:
        return self.bar_y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> int:
        return self.x + self.width + 6

    @property
    def row_height(self) -> int:
        return self.bar_y - self.y + BAR_HEIGHT + GAP


@dataclass(frozen=True)
class LegendItem:
    label: str
    css: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    legend: list[LegendItem]

    @property
    def height(self) -> int:
        return sum(bar.row_height for bar in self.bars) or 2 * LINE_HEIGHT

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def bar_chart(
    title: str, rows: list[tuple[str, float, str, str]], legend: list[LegendItem]
) -> Chart:
    """rows: (label, value, value as text, css class); bars scaled to the largest value."""
    side = all(len(label) <= SIDE_LABEL_CHARACTERS for label, _value, _text, _css in rows)
    x = SIDE_LABEL_WIDTH if side else 0
    area = WIDTH - x - VALUE_SPACE
    top = max((value for _label, value, _text, _css in rows), default=0) or 1
    bars, y = [], 0
    for label, value, text, css in rows:
        lines = [label] if side else _label_lines(label)
        bar = Bar(label, lines, value, text, css, y, x, round(area * value / top))
        bars.append(bar)
        y += bar.row_height
    return Chart(title, bars, legend)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _arm_legend(arms: set[str], arm_labels: dict[str, str]) -> list[LegendItem]:
    return [LegendItem(arm_labels.get(arm, arm), f"bar bar-{arm}") for arm in ARMS if arm in arms]


def dashboard_charts(figures: Figures, arm_labels: dict[str, str]) -> dict:
    """The dashboard's four charts; arms are named as the tables name them (`arm_labels`)."""
    months: dict[str, int] = defaultdict(int)
    for month, _arm, n in figures.recruitment:
        months[month] += n
    recruitment = bar_chart(
        _("Participants randomized per month"),
        [(month, n, str(n), "bar") for month, n in sorted(months.items())],
        [LegendItem(_("Both arms"), "bar")] if months else [],
    )
    intervention = [(done, n) for arm, done, n in figures.modules if arm == "intervention"]
    modules = bar_chart(
        _("Participants by modules completed: %(arm)s")
        % {"arm": arm_labels.get("intervention", "intervention")},
        [(ngettext("%(n)s module", "%(n)s modules", done) % {"n": done}, n, str(n),
          "bar bar-intervention") for done, n in intervention],
        _arm_legend({"intervention"} if intervention else set(), arm_labels),
    )  # fmt: skip
    followup = bar_chart(
        _("Completed the 6-month follow-up"),
        [
            (arm_labels.get(arm, arm), _percent(done, total),
             f"{number_format(_percent(done, total), 1)}%", f"bar bar-{arm}")
            for arm, total, done in figures.followup
        ],
        _arm_legend({arm for arm, _total, _done in figures.followup}, arm_labels),
    )  # fmt: skip
    goal_rows = []
    for arm, kind, rated, attained in figures.goals:
        label = f"{arm_labels.get(arm, arm)}: {_goal_kind(kind)}"
        goal_rows.append(
            (label, _percent(attained, rated), f"{attained}/{rated}", f"bar bar-{arm}")
        )
    goals = bar_chart(
        _("Goals attained (participant's rating) of goals rated"),
        goal_rows,
        _arm_legend({arm for arm, _kind, _rated, _attained in figures.goals}, arm_labels),
    )
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
