"""Demo accounts for trying the platform: one per role, two separate therapist caseloads."""

import time
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from modules.services import programme_release
from trial.models import Arm, Participant
from trial.services import participant_register

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (demo only; seed_demo refuses outside DEBUG)
# A fixed base32 secret, so that re-running the seed keeps authenticator apps working.
DEMO_TOTP_SECRET = "DEMOICBTDEMOICBTDEMOICBTDEMOICBT"  # noqa: S105


def demo_totp_code() -> str:
    """The code an authenticator app set up with DEMO_TOTP_SECRET shows now."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str
    first_name: str
    last_name: str
    language: str = ""  # "" for staff: their browser's language until they choose one


DEMO_STAFF = [
    DemoAccount("coordinator@example.org", Role.COORDINATOR, "Cora", "Lind"),
    DemoAccount("therapist@example.org", Role.THERAPIST, "Tove", "Berg"),
    DemoAccount("therapist2@example.org", Role.THERAPIST, "Tomas", "Ek"),
    DemoAccount("physio@example.org", Role.PHYSIOTHERAPIST, "Petra", "Holm"),
    DemoAccount("researcher@example.org", Role.RESEARCHER, "Rasmus", "Dahl"),
]
DEMO_PARTICIPANTS = [
    # (account, arm, therapist's email)
    (
        DemoAccount("participant@example.org", Role.PARTICIPANT, "Anna", "Svensson", "sv"),
        Arm.INTERVENTION,
        "therapist@example.org",
    ),
    (
        DemoAccount("participant2@example.org", Role.PARTICIPANT, "Erik", "Johansson", "en"),
        Arm.CONTROL,
        "therapist2@example.org",
    ),
]


def _account(demo: DemoAccount) -> User:
    user, _created = User.objects.update_or_create(
        email=demo.email,
        defaults={
            "role": demo.role,
            "first_name": demo.first_name,
            "last_name": demo.last_name,
            "language": demo.language,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=demo.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def demo_seed() -> list[DemoAccount]:
    """Creates or refreshes the demo accounts; safe to run any number of times."""
    staff = {}
    for demo in DEMO_STAFF:
        user = _account(demo)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        staff[demo.email] = user
    physiotherapist = staff["physio@example.org"]
    for demo, arm, therapist_email in DEMO_PARTICIPANTS:
        user = _account(demo)
        participant = participant_register(user=user)
        if not participant.arm:
            participant.arm = arm
            participant.status = Participant.Status.RANDOMIZED
            participant.randomized_at = timezone.now()
        participant.therapist = staff[therapist_email]
        participant.physiotherapist = physiotherapist
        participant.save()
        # The intervention participant starts with module 1 open (needs load_programme first).
        programme_release(participant=participant)
    return DEMO_STAFF + [demo for demo, _arm, _therapist in DEMO_PARTICIPANTS]
