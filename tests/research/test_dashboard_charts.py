"""The dashboard's charts say in words which colour is which arm, name the arms as the tables do,
fold each table under "Show table", and cut no label off."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from research import charts
from research.charts import LegendItem, bar_chart, dashboard_charts
from research.export.participants import arm_labels
from research.selectors import dashboard_figures

ARMS = arm_labels("en")


@pytest.fixture
def dashboard(client, researcher, cohort):
    client.force_login(researcher)
    return client.get(reverse("research:home"), {"study": cohort.code})


def _legends(html: str) -> list[list[str]]:
    lists = re.findall(r'<ul class="chart-legend"[^>]*>(.*?)</ul>', html, re.S)
    return [[text.strip() for text in re.findall(r"</span>([^<]*)</li>", items)] for items in lists]


def test_each_chart_has_a_legend_naming_its_colours_in_words(dashboard):
    recruitment, modules, followup, goals = _legends(dashboard.content.decode())
    assert recruitment == ["Both arms"]
    assert modules == [ARMS["intervention"]]
    assert followup == goals == [ARMS["intervention"], ARMS["control"]]


def test_each_table_is_folded_under_show_table(dashboard):
    html = dashboard.content.decode()
    folded = re.findall(r'<details class="chart-table">(.*?)</details>', html, re.S)
    assert len(folded) == 4
    for details in folded:
        assert details.lstrip().startswith("<summary>Show table</summary>")
        assert details.count("<table>") == 1
    assert html.count("<table>") == 4  # no table left outside


def test_arms_are_named_alike_in_charts_legends_and_tables(dashboard):
    context = dashboard.context
    tables, drawn = context["figures"], context["charts"]
    table_arms = {arm for arm, _total, _done in tables.followup}
    assert table_arms == set(ARMS.values())
    assert {bar.label for bar in drawn["followup"].bars} == table_arms
    goal_labels = {bar.label for bar in drawn["goals"].bars}
    assert goal_labels == {f"{arm}: {kind}" for arm, kind, _r, _a in tables.goals}
    for chart in drawn.values():
        for item in chart.legend:
            assert item.label in table_arms | {"Both arms"}
    assert ARMS["intervention"] in drawn["modules"].title
    assert "Intervention arm" not in dashboard.content.decode()


def test_the_charts_fit_their_drawing(cohort):
    drawn = dashboard_charts(dashboard_figures(study=cohort), ARMS)
    for chart in drawn.values():
        for bar in chart.bars:
            for x, _y, line in bar.label_lines:
                if bar.x:  # a side label ends at x, and must start inside the drawing
                    assert len(line) <= charts.SIDE_LABEL_CHARACTERS and x <= bar.x
                else:
                    assert x == 0 and len(line) <= charts.LABEL_CHARACTERS
            # value text (at most "100/100", ~8 px a character) stays inside the width
            assert bar.value_x + 8 * len(bar.text) <= chart.width


def test_a_long_label_wraps_and_keeps_its_full_text():
    label = "A goal whose description goes on and on " * 4
    chart = bar_chart("Title", [(label.strip(), 3, "3", "bar")], [LegendItem("Both arms", "bar")])
    (bar,) = chart.bars
    assert len(bar.lines) == charts.LABEL_LINES
    assert all(len(line) <= charts.LABEL_CHARACTERS for line in bar.lines)
    assert bar.shortened and bar.lines[-1].endswith("…")
    assert bar.bar_y > bar.label_lines[-1][1]  # the bar sits below its label's last line
    html = render_to_string("research/_bar_chart.html", {"chart": chart, "id": "c"})
    assert f"<title>{label.strip()}</title>" in html


def test_short_labels_sit_beside_their_bars():
    chart = bar_chart("Title", [("2026-03", 4, "4", "bar"), ("2026-04", 2, "2", "bar")], [])
    first, second = chart.bars
    assert first.x == second.x == charts.SIDE_LABEL_WIDTH
    assert first.label_lines == [(charts.SIDE_LABEL_WIDTH - 6, first.text_y, "2026-03")]
    assert second.y == first.row_height and not first.shortened
    assert first.width == charts.WIDTH - charts.SIDE_LABEL_WIDTH - charts.VALUE_SPACE
