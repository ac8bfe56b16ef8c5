import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from research.synthetic.cohort import synthetic_cohort_seed

COHORT_SIZE = 40
SEED = 7


@pytest.fixture
def cohort(programme):
    """A small synthetic trial (its own study); the programme fixture saves reloading modules."""
    return synthetic_cohort_seed(participants=COHORT_SIZE, seed=SEED).study


@pytest.fixture
def export(tmp_path):
    """Run `export_research` for a study into a new folder under tmp_path; returns the path."""
    counter = iter(range(1000))

    def _export(study, *options, name=None):
        out = tmp_path / (name or f"bundle{next(counter)}")
        call_command("export_research", "--study", study.code, "--out", str(out), *options)
        return out

    return _export


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def rows_of(bundle: Path, name: str) -> list[dict]:
    return read_csv(bundle / name)[1]
