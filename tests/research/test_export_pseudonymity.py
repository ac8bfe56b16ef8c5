"""No name or email address anywhere in the bundle: every byte of every file is scanned."""

import re

from accounts.models import User
from trial.models import Participant

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def test_it_writes_no_name_or_email_address(cohort, export):
    users = User.objects.filter(participant__study=cohort)
    for number, user in enumerate(users):
        user.first_name, user.last_name = f"Gunborg{number}", f"Zetterqvist{number}"
        user.save(update_fields=["first_name", "last_name"])
    names = [u.first_name for u in users] + [u.last_name for u in users]
    emails = [u.email for u in User.objects.filter(email__contains="synthetic")]
    assert Participant.objects.filter(study=cohort).count() == len(names) // 2

    for options in ((), ("--format", "spss"), ("--include-free-text", "--format", "stata")):
        bundle = export(cohort, *options)
        for path in bundle.iterdir():
            data = path.read_bytes()
            assert not EMAIL.search(data), path.name
            for value in names + emails:
                assert value.encode() not in data, (path.name, value)
