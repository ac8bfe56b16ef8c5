"""A researcher signs in with their authenticator, reads the dashboard, starts an export, and
downloads the bundle once a real Celery worker has written it."""

import zipfile

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from research.synthetic.cohort import synthetic_cohort_seed
from tests.e2e.conftest import assert_accessible, assert_fits_width
from tests.e2e.test_guidance_journey import log_in_staff
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _export_dir(settings, tmp_path):
    settings.EXPORT_DIR = tmp_path / "exports"


def test_a_researcher_reads_the_dashboard_and_downloads_an_export(
    page: Page, site, programme, celery_worker, tmp_path
):
    study = synthetic_cohort_seed(participants=30, seed=11).study
    researcher = UserFactory(role=Role.RESEARCHER)
    log_in_staff(page, site, researcher, menu="Research")

    page.goto(f"{site}/research/?study={study.code}")
    expect(page.get_by_role("heading", name="CONSORT flow")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Export the research bundle").click()
    page.get_by_label("Study").select_option(study.code)
    page.get_by_label("Format").select_option("csv")
    page.get_by_role("button", name="Start the export").click()
    expect(page.get_by_role("heading", name="Research export")).to_be_visible()
    assert_accessible(page)

    # The page polls the job; the worker finishes it and the download link appears.
    link = page.get_by_role("link", name="Download the bundle (zip)")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as waiting:
        link.click()
    saved = tmp_path / "bundle.zip"
    waiting.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = {name.split("/", 1)[1] for name in archive.namelist()}
        assert {"MANIFEST.json", "codebook.csv", "participants.csv"} <= names
    assert_fits_width(page)
