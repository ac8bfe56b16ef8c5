"""Staff and research pages in a browser: no axe-core (WCAG 2.1 AA) findings at desktop width,
nothing wider than a 375 px phone, and their tables reachable by keyboard."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import AuditEvent
from assessments.services import paper_entry_create
from research.synthetic.cohort import synthetic_cohort_seed
from tests.assessments.conftest import full_answers
from tests.e2e.conftest import assert_accessible, assert_fits_width
from tests.factories import ParticipantFactory
from trial.models import Participant

PHONE = 375


def _log_in(page: Page, site: str, user) -> None:
    """A session made by Django's test client, handed to the browser (staff skip the TOTP)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site}])


def _check(page: Page, url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(url)
    assert_accessible(page)
    assert_fits_width(page, PHONE)


@pytest.fixture
def enrolled(therapist, physiotherapist, coordinator):
    """A consented participant with a long name and two paper entries of a questionnaire."""
    participant = ParticipantFactory(
        therapist=therapist,
        physiotherapist=physiotherapist,
        status=Participant.Status.CONSENTED,
        consented_at=timezone.now(),
        user__first_name="Maximiliana Josefina",
        user__last_name="Andersson-Hägglund",
    )
    baseline = participant.study.timepoints.get(code="baseline")
    for by in (therapist, coordinator):
        paper_entry_create(
            participant=participant,
            timepoint=baseline,
            instrument_code="rand36",
            answers=full_answers("rand36"),
            entered_by=by,
        )
    return participant


def test_the_coordinators_pages_pass_axe_and_fit_a_phone(
    page: Page, site, coordinator, therapist, enrolled, programme
):
    study = synthetic_cohort_seed(participants=30, seed=31).study
    AuditEvent.objects.create(
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        actor=therapist,
        actor_role=therapist.role,
        action="view",
        participant=enrolled.user,
        object_type="trial.Participant",
        object_id=str(enrolled.pk),
        path="/staff/participants/?q=" + "a-very-long-search-without-spaces" * 3,
    )
    _log_in(page, site, coordinator)

    _check(page, f"{site}/staff/audit/?participant={enrolled.code}")
    expect(page.get_by_role("cell", name=f"Participant {enrolled.code}")).to_be_visible()
    _check(page, f"{site}/staff/audit/?since=2026-13-45")

    _check(page, f"{site}/staff/participants/?q=andersson")
    expect(page.get_by_role("link", name=enrolled.code)).to_be_visible()

    _check(page, f"{site}/research/?study={study.code}")
    page.get_by_text("Show table").first.click()
    expect(
        page.get_by_role("region", name="Participants randomized per month and arm")
    ).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page, PHONE)


def test_the_therapists_questionnaire_overview_passes_axe_and_fits_a_phone(
    page: Page, site, therapist, enrolled
):
    _log_in(page, site, therapist)
    _check(page, f"{site}/staff/participants/{enrolled.pk}/assessments/")
    expect(page.get_by_role("region", name="Questionnaires, Baseline")).to_be_visible()


def test_a_wide_table_scrolls_by_keyboard(page: Page, site, coordinator, enrolled):
    _log_in(page, site, coordinator)
    page.set_viewport_size({"width": PHONE, "height": 700})
    page.goto(f"{site}/staff/participants/?q=andersson")
    region = page.get_by_role("region", name="Participants you care for")
    region.focus()
    expect(region).to_be_focused()
    assert region.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # six columns on a phone
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
