"""Forms as GOV.UK and 1177 show them: the server checks every field (no browser pop-ups), a
summary at the top of the page links to each field with a problem, and each field shows one
error, tied to its input."""

import re
from pathlib import Path

from django.conf import settings
from django.test.html import Element, parse_html

from accounts.roles import Role
from activity.models import Goal
from activity.services import goal_create
from tests.factories import UserFactory
from trial.services import study_default


def _elements(node):
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from _elements(child)


def _attr(element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def _has_attr(element, name: str) -> bool:
    return name in dict(element.attributes)


def _text(element) -> str:
    parts = [c if isinstance(c, str) else _text(c) for c in element.children]
    return " ".join(" ".join(parts).split())


def _has_class(element, name: str) -> bool:
    return name in (_attr(element, "class") or "").split()


def _page(response) -> Element:
    assert response.status_code == 200
    return parse_html(response.content.decode())


def assert_form_errors(response, fields: dict[str, str], non_field: tuple[str, ...] = ()):
    """The page explains exactly these problems: `fields` maps each field's input id (a group:
    its first option) to the field's auto id, which names its error."""
    page = _page(response)
    elements = list(_elements(page))
    by_id = {_attr(e, "id"): e for e in elements if _attr(e, "id")}

    forms = [e for e in elements if e.name == "form"]
    assert forms and all(_has_attr(form, "novalidate") for form in forms)
    title = next(e for e in elements if e.name == "title")
    assert _text(title).startswith("Error:")

    (summary,) = [e for e in elements if _has_attr(e, "data-error-summary")]
    summary_elements = list(_elements(summary))
    assert any(e.name == "h2" and _text(e) == "There is a problem" for e in summary_elements)
    links = [e for e in summary_elements if e.name == "a"]
    assert [_attr(link, "href") for link in links] == [f"#{target}" for target in fields]
    unlinked = [
        e
        for e in summary_elements
        if e.name == "li" and not any(c.name == "a" for c in _elements(e))
    ]
    assert [_text(li) for li in unlinked] == list(non_field)

    errors = [e for e in elements if _has_class(e, "error")]
    assert len(errors) == len(fields), "one error per field, none for anything else"
    for link, (target, auto_id) in zip(links, fields.items(), strict=True):
        assert by_id[target].name in ("input", "select", "textarea")
        error = by_id[f"{auto_id}_error"]
        assert _has_class(error, "error")
        # The summary repeats the field's own message.
        assert _text(link) in _text(error)
        # The error is read out with its input, or with its group of options (whose fieldset
        # holds the link's target, the first option).
        holder = by_id[target]
        if target != auto_id:
            holder = next(
                f for f in elements if f.name == "fieldset" and by_id[target] in _elements(f)
            )
        assert f"{auto_id}_error" in (_attr(holder, "aria-describedby") or "").split()


def test_a_bad_activity_plan_is_explained_on_the_page(client, participant, physiotherapist):
    client.force_login(physiotherapist)
    response = client.post(f"/staff/participants/{participant.pk}/activity/plan/", {})
    ids = ["activities", "weekly_moderate_minutes", "weekly_vigorous_minutes"]
    ids.append("strength_sessions_per_week")
    assert_form_errors(response, {f"id_{name}": f"id_{name}" for name in ids})
    assert "Minutes a week, from 0 to 2000." in response.content.decode()


def test_an_empty_goal_rating_links_to_its_first_option(client, participant, physiotherapist):
    goal = goal_create(
        participant=participant,
        kind=Goal.Kind.MAIN,
        description="Walk to work twice a week",
        by=physiotherapist,
    )
    client.force_login(participant.user)
    response = client.post(f"/activity/goals/{goal.pk}/rating/", {})
    auto_id = f"id_goal{goal.pk}_rating"
    assert_form_errors(response, {f"{auto_id}_0": auto_id})


def test_bad_study_settings_list_the_rule_that_belongs_to_no_field(client, coordinator):
    study = study_default()
    client.force_login(coordinator)
    data = {"name": "", "min_age": "70", "max_age": "18", "min_pain_months": "three"}
    response = client.post(f"/staff/studies/{study.code}/", {**data, "hads_exclusion_above": "15"})
    assert_form_errors(
        response,
        {"id_name": "id_name", "id_min_pain_months": "id_min_pain_months"},
        non_field=("The lowest age must not be above the highest.",),
    )


def test_an_empty_reply_template_is_explained_on_the_page(client, therapist):
    client.force_login(therapist)
    response = client.post("/staff/reply-templates/new/", {"title": "", "body": ""})
    assert_form_errors(response, {"id_title": "id_title", "id_body": "id_body"})


def test_a_text_message_without_a_number_gets_one_error(client, db):
    client.force_login(UserFactory(role=Role.PARTICIPANT))
    response = client.post("/account/reminders/", {"by_text_message": "on", "phone_number": "12"})
    assert_form_errors(response, {"id_phone_number": "id_phone_number"})
    page = response.content.decode()
    # Optional fields say so; the help and the error are read out with the input.
    assert re.search(r"Mobile number\s*<span class=\"optional\">\(optional\)</span>", page)
    assert 'aria-describedby="id_phone_number_helptext id_phone_number_error"' in page


def test_a_worksheet_sent_unfinished_links_to_each_question(client, in_programme):
    client.force_login(in_programme.user)
    version = in_programme.module_progress.get(module__number=1).module.current_version
    questions = [q for q in version.worksheets["stress-signals"]["fields"] if q["required"]]
    assert {q["type"] for q in questions} >= {"text", "scale"}
    response = client.post(
        "/programme/modules/1/worksheets/stress-signals/", {"revision": "0", "action": "submit"}
    )
    fields = {}
    for question in questions:
        auto_id = f"id_{question['key']}"
        fields[auto_id if question["type"] == "text" else f"{auto_id}_0"] = auto_id
    assert_form_errors(response, fields)


def test_a_page_without_errors_shows_no_summary(client, therapist):
    client.force_login(therapist)
    page = client.get("/staff/reply-templates/new/").content.decode()
    assert "data-error-summary" not in page
    assert "There is a problem" not in page


_TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
_FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def _project_templates():
    base = Path(settings.BASE_DIR)
    for path in sorted(base.glob("**/templates/**/*.html")):
        if not {".venv", ".devstack", "node_modules"} & set(path.relative_to(base).parts):
            yield path


def test_every_form_leaves_validation_to_the_server():
    templates = list(_project_templates())
    assert len(templates) > 50
    without = []
    for path in templates:
        # Template code may hold ">" (in a comparison); what it outputs is not HTML attributes.
        html = _TEMPLATE_CODE.sub(" x ", path.read_text())
        for tag in _FORM_TAG.findall(html):
            if not re.search(r"\snovalidate\b", tag):
                without.append(f"{path.relative_to(settings.BASE_DIR)}: {tag}")
    assert not without, "forms that let the browser validate:\n" + "\n".join(without)


def test_the_scan_reads_a_form_tag_whole():
    # Over several lines, with template code in it that holds a ">".
    html = '<form method="post"\n  action="{% url "x" %}" {% if a > b %}class="y"{% endif %}>'
    assert _FORM_TAG.findall(_TEMPLATE_CODE.sub(" x ", html)) == [
        '<form method="post"\n  action=" x "  x class="y" x >'
    ]
