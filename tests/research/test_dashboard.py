"""The dashboard's figures are the export's figures."""

from collections import Counter

from django.urls import reverse

from research.selectors import dashboard_figures
from tests.research.conftest import rows_of


def test_it_shows_the_same_numbers_as_the_export(cohort, export):
    bundle = export(cohort)
    figures = dashboard_figures(study=cohort)

    consort = [(r["stage"], r["arm"] or None, int(r["n"])) for r in rows_of(bundle, "consort.csv")]
    assert figures.consort == consort

    people = rows_of(bundle, "participants.csv")
    months = Counter((p["randomized_at"][:7], p["arm"]) for p in people if p["arm"])
    assert figures.recruitment == sorted((m, a, n) for (m, a), n in months.items())

    modules = Counter(
        (r["arm"], int(r["modules_completed"])) for r in rows_of(bundle, "adherence.csv")
    )
    assert figures.modules == sorted((a, m, n) for (a, m), n in modules.items())

    followup = {}
    for p in (p for p in people if p["arm"]):
        total, done = followup.get(p["arm"], (0, 0))
        followup[p["arm"]] = (total + 1, done + int(p["followup_completed"]))
    assert figures.followup == sorted((a, t, d) for a, (t, d) in followup.items())

    goals = Counter()
    for g in rows_of(bundle, "goals.csv"):
        goals[(g["arm"], g["goal_type"], "rated")] += bool(g["attained"])
        goals[(g["arm"], g["goal_type"], "attained")] += g["attained"] == "attained"
    expected = sorted(
        {(a, k, goals[(a, k, "rated")], goals[(a, k, "attained")]) for a, k, _x in goals}
    )
    assert figures.goals == expected


def test_it_draws_the_dashboard_without_inline_code(client, researcher, cohort):
    client.force_login(researcher)
    response = client.get(reverse("research:home"), {"study": cohort.code})
    html = response.content.decode()
    figures = response.context["figures"]
    screened = next(n for stage, _arm, n in figures.consort if stage == "screened")
    assert f"<strong>{screened}</strong>" in html
    assert html.count("<svg") == 4 and 'role="img"' in html
    assert " style=" not in html and "<style" not in html
    assert "<script>" not in html
