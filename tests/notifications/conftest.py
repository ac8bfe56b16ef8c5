import pytest

from trial.services import reminder_policy_for, study_default


@pytest.fixture
def study_policy(db):
    return reminder_policy_for(study_default())
