"""Forms the way GOV.UK's work: the server explains a problem in a summary at the top of the page
(never a browser pop-up), its links take the user to the field, and the pages fit a phone."""

import re

from playwright.sync_api import Page, expect

from activity.models import Goal
from activity.services import goal_create
from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.e2e.test_guidance_journey import log_in_staff
from tests.factories import PASSWORD


def test_an_empty_activity_plan_is_explained_and_its_links_reach_the_fields(
    page: Page, site, participant, physiotherapist
):
    log_in_staff(page, site, physiotherapist, menu="Activity plans")
    page.goto(f"{site}/staff/participants/{participant.pk}/activity/plan/")
    page.get_by_label("Target: vigorous activity, minutes a week").fill("")
    # The browser would stop this send with a pop-up of its own if it validated the form.
    page.get_by_role("button", name="Save the plan").click()

    summary = page.locator("[data-error-summary]")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Make an activity plan\b"))
    assert summary.get_by_role("link").all_inner_texts() == [
        "Describe the activities of the plan.",
        "Give a number of minutes from 0 to 2000.",
    ]
    summary.get_by_role("link", name="Describe the activities of the plan.").click()
    expect(page.get_by_label("What")).to_be_focused()
    summary.get_by_role("link", name="Give a number of minutes from 0 to 2000.").click()
    expect(page.get_by_label("Target: vigorous activity, minutes a week")).to_be_focused()
    expect(page.locator(".error")).to_have_count(2)
    assert_accessible(page)
    assert_fits_width(page, 375)

    # The page the plan belongs to (its visits table once widened the whole page).
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("What").fill("Brisk walks")
    page.get_by_label("Target: vigorous activity, minutes a week").fill("30")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("The activity plan is saved.")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page, 375)


def test_a_goal_rating_sent_without_a_choice_is_explained(
    page: Page, site, participant, physiotherapist
):
    goal = goal_create(
        participant=participant,
        kind=Goal.Kind.MAIN,
        description="Walk to work twice a week",
        by=physiotherapist,
    )
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(f"{site}/activity/")
    page.get_by_role("button", name="Save my rating").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Choose how well the goal was attained.").click()
    expect(page.locator(f"#id_goal{goal.pk}_rating_0")).to_be_focused()
    assert_accessible(page)
    assert_fits_width(page, 375)
    page.get_by_label("Attained", exact=True).check()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_text("Thank you. Your rating is saved.")).to_be_visible()
    assert_fits_width(page, 375)
