"""Reply templates: merge fields filled in safely; own templates to change, shared ones to use."""

from accounts.roles import Role
from modules.services import module_open_early
from tests.factories import UserFactory
from therapists.merge_fields import merge_values, template_render
from therapists.models import MessageTemplate
from therapists.selectors import CurrentModule, current_module


def test_it_fills_in_first_name_and_current_module(client, in_programme, therapist, reply_template):
    in_programme.user.first_name = "Alva"
    in_programme.user.save()
    client.force_login(therapist)
    url = f"/staff/participants/{in_programme.pk}/messages/"
    page = client.get(url, {"template": reply_template.pk}).content.decode()
    module = "module 1, Welcome: how stress, pain and the body interact"
    assert f"Hi Alva, thank you for your work on {module}." in page
    # Also offered to the script that fills the reply without a reload.
    assert 'data-body="Hi Alva, thank you' in page


def test_it_takes_the_highest_open_module_as_current(in_programme, therapist):
    module_open_early(participant=in_programme, by=therapist)
    assert current_module(in_programme).number == 2


def test_it_replaces_only_its_own_fields_and_never_reaches_into_objects(in_programme):
    values = merge_values(in_programme, CurrentModule(3, "Recovery"))
    body = "{first_name.__class__} {first_name} {0} {unknown} {{first_name}} %(first_name)s"
    rendered = template_render(body, values)
    name = in_programme.user.first_name
    assert rendered == (
        "{first_name.__class__} " + name + " {0} {unknown} {" + name + "} %(first_name)s"
    )


def test_it_shows_a_filled_in_template_as_text(client, in_programme, therapist, reply_template):
    in_programme.user.first_name = '<img src=x onerror="alert(1)">'
    in_programme.user.save()
    client.force_login(therapist)
    url = f"/staff/participants/{in_programme.pk}/messages/"
    page = client.get(url, {"template": reply_template.pk}).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_it_lists_my_templates_and_shared_ones_only(client, therapist, other_therapist):
    MessageTemplate.objects.create(owner=therapist, title="Mine", body="a")
    MessageTemplate.objects.create(owner=other_therapist, title="Shared", body="b", shared=True)
    MessageTemplate.objects.create(owner=other_therapist, title="Private", body="c")
    client.force_login(therapist)
    page = client.get("/staff/reply-templates/").content.decode()
    assert "Mine" in page and "Shared" in page
    assert "Private" not in page


def test_it_creates_and_changes_a_template(client, therapist):
    client.force_login(therapist)
    response = client.post(
        "/staff/reply-templates/new/",
        {"title": "Hello", "body": "Hi {first_name}", "shared": "on"},
    )
    assert response.status_code == 302
    template = MessageTemplate.objects.get()
    assert (template.owner, template.shared) == (therapist, True)
    client.post(f"/staff/reply-templates/{template.pk}/", {"title": "Hello", "body": "Hej"})
    template.refresh_from_db()
    assert (template.body, template.shared) == ("Hej", False)


def test_it_refuses_an_empty_or_oversized_template(client, therapist):
    client.force_login(therapist)
    for body in ("  ", "x" * 10_001):
        response = client.post("/staff/reply-templates/new/", {"title": "T", "body": body})
        assert response.status_code == 200
    assert not MessageTemplate.objects.exists()


def test_it_lets_no_other_therapist_change_or_delete_my_template(
    client, reply_template, other_therapist
):
    client.force_login(other_therapist)
    base = f"/staff/reply-templates/{reply_template.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base, {"title": "x", "body": "y"}).status_code == 404
    assert client.post(base + "delete").status_code == 404
    reply_template.refresh_from_db()
    assert reply_template.title == "Weekly feedback"


def test_it_deletes_my_template(client, therapist, reply_template):
    client.force_login(therapist)
    client.post(f"/staff/reply-templates/{reply_template.pk}/delete")
    assert not MessageTemplate.objects.exists()


def test_it_does_not_offer_a_shared_template_of_a_colleague_who_left(client, therapist):
    gone = UserFactory(role=Role.THERAPIST, is_active=False)
    MessageTemplate.objects.create(owner=gone, title="Old", body="x", shared=True)
    client.force_login(therapist)
    assert "Old" not in client.get("/staff/reply-templates/").content.decode()
