"""Clear messages and a non-zero exit for what the export cannot do."""

import pytest
from django.core.management import CommandError, call_command

from accounts.roles import Role
from tests.factories import UserFactory


def _run(*args):
    call_command("export_research", *args)


def test_it_refuses_an_unknown_format(cohort, tmp_path):
    with pytest.raises(CommandError, match="Unknown format xlsx; choose one of: csv, spss, stata"):
        _run("--study", cohort.code, "--out", str(tmp_path / "b"), "--format", "xlsx")
    assert not (tmp_path / "b").exists()


def test_it_refuses_an_unwritable_path(cohort, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError, match="does not exist"):
        _run("--study", cohort.code, "--out", str(blocker / "bundle"))
    with pytest.raises(CommandError, match="already exists"):
        _run("--study", cohort.code, "--out", str(blocker))


def test_it_refuses_to_overwrite_a_bundle(cohort, export):
    bundle = export(cohort)
    with pytest.raises(CommandError, match="already exists"):
        _run("--study", cohort.code, "--out", str(bundle))


def test_it_refuses_an_unknown_study_or_user(db, tmp_path):
    with pytest.raises(CommandError, match="No study"):
        _run("--study", "nope", "--out", str(tmp_path / "b"))


def test_it_refuses_free_text_to_a_researcher(cohort, tmp_path):
    researcher = UserFactory(role=Role.RESEARCHER)
    with pytest.raises(CommandError, match="Only coordinators"):
        _run(
            "--study", cohort.code, "--out", str(tmp_path / "b"), "--by", researcher.email,
            "--include-free-text",
        )  # fmt: skip
    with pytest.raises(CommandError, match="No user"):
        _run("--study", cohort.code, "--out", str(tmp_path / "c"), "--by", "nobody@example.org")
