import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from accounts.roles import STAFF_ROLES, Role
from trial.models import Participant
from trial.services import study_default

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.PARTICIPANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            user.save()

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        # Staff have an authenticator unless a test asks for one without (mfa=False).
        wants_mfa = user.role in STAFF_ROLES if extracted is None else extracted
        if create and wants_mfa:
            TOTP.activate(user, generate_totp_secret())


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory, role=Role.PARTICIPANT)
    study = factory.LazyFunction(study_default)
