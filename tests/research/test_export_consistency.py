"""Files of one bundle agree with each other and with the platform's own definitions."""

from collections import Counter

from allauth.account.models import EmailAddress
from django.db import connection

from accounts.models import SignIn
from assessments.models import QuestionnaireResponse
from assessments.selectors import responses_of_record
from research.export.base import of_record
from tests.factories import PASSWORD
from tests.research.conftest import rows_of
from trial.models import Participant


def test_it_counts_adherence_modules_from_module_progress(cohort, export):
    bundle = export(cohort)
    completed = Counter(
        row["participant_code"]
        for row in rows_of(bundle, "module_progress.csv")
        if row["completed_at"]
    )
    adherence = rows_of(bundle, "adherence.csv")
    assert adherence
    for row in adherence:
        assert int(row["modules_completed"]) == completed[row["participant_code"]]
        assert row["completed_all_modules"] == (
            "1" if completed[row["participant_code"]] == 14 else "0"
        )


def test_it_counts_logins_from_the_sign_in_log(cohort, export, client):
    participant = Participant.objects.filter(study=cohort).exclude(arm="").first()
    participant.user.set_password(PASSWORD)
    participant.user.save()
    EmailAddress.objects.update_or_create(
        user=participant.user,
        email=participant.user.email,
        defaults={"verified": True, "primary": True},
    )
    before = SignIn.objects.filter(user=participant.user).count()
    client.post("/accounts/login/", {"login": participant.user.email, "password": PASSWORD})
    logins = {
        row["participant_code"]: int(row["logins"])
        for row in rows_of(export(cohort), "adherence.csv")
    }
    assert logins[participant.code] == before + 1
    for code, user_id in Participant.objects.filter(study=cohort).values_list("code", "user"):
        if code in logins:
            assert logins[code] == SignIn.objects.filter(user_id=user_id).count()


def test_it_counts_consort_from_participants(cohort, export):
    bundle = export(cohort)
    people = rows_of(bundle, "participants.csv")
    consort = {(row["stage"], row["arm"]): int(row["n"]) for row in rows_of(bundle, "consort.csv")}
    assert consort[("screened", "")] == sum(1 for p in people if p["screened_at"])
    assert consort[("eligible", "")] == sum(1 for p in people if p["status"] != "ineligible")
    assert consort[("consented", "")] == sum(1 for p in people if p["consented_at"])
    assert consort[("randomized", "")] == sum(1 for p in people if p["arm"])
    for arm in ("intervention", "control"):
        mine = [p for p in people if p["arm"] == arm]
        assert consort[("allocated", arm)] == len(mine)
        assert consort[("followed_up", arm)] == sum(p["followup_completed"] == "1" for p in mine)
        assert consort[("analysed", arm)] <= consort[("followed_up", arm)]
        assert consort[("started", arm)] <= consort[("allocated", arm)]


def test_it_reads_the_same_responses_of_record_as_the_assessments_app(cohort):
    table = QuestionnaireResponse._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT q.id FROM {table} q WHERE {of_record('q')}")  # noqa: S608
        in_sql = {row[0] for row in cursor.fetchall()}
    assert in_sql == set(responses_of_record().values_list("id", flat=True))
    assert QuestionnaireResponse.objects.exclude(id__in=in_sql).exists()  # paper entry 2


def test_it_writes_one_answer_row_per_item_of_record(cohort, export):
    answers = rows_of(export(cohort), "assessments_long.csv")
    expected = sum(
        len(response.answers)
        for response in responses_of_record().filter(participant__study=cohort)
    )
    assert len(answers) == expected
    keys = [
        (r["participant_code"], r["timepoint"], r["instrument"], int(r["item"])) for r in answers
    ]
    assert len(set(keys)) == len(keys)
