from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

_NAVIGATION = {
    Role.PARTICIPANT: [
        ("programme:dashboard", _("My programme")),
        ("trial:participant_home", _("My study")),
        ("assessments:my_questionnaires", _("Questionnaires")),
        ("activity:my_plan", _("My activity plan")),
        ("therapists:my_messages", _("Messages")),
        ("notifications:settings", _("Reminders")),
    ],
    Role.THERAPIST: [
        ("therapists:caseload", _("Inbox")),
        ("trial:staff_participants", _("My participants")),
        ("therapists:templates", _("Reply templates")),
    ],
    Role.PHYSIOTHERAPIST: [
        ("trial:staff_participants", _("My participants")),
        ("activity:caseload", _("Activity plans")),
    ],
    Role.RESEARCHER: [("research:home", _("Research"))],
    Role.COORDINATOR: [
        ("trial:staff_participants", _("Participants")),
        ("trial:study_list", _("Studies")),
        ("assessments:follow_up", _("Follow-up")),
        ("assessments:paper_checks", _("Paper forms")),
        ("therapists:care_teams", _("Care teams")),
        ("accounts:staff_invite", _("Invite staff")),
        ("accounts:audit_log", _("Audit log")),
        ("notifications:delivery_report", _("Reminders")),
        ("research:home", _("Research")),
    ],
}


def navigation(request):
    """The links of the main menu for the logged-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = [(reverse(name), label) for name, label in _NAVIGATION.get(user.role, [])]
    return {"nav_links": links}
