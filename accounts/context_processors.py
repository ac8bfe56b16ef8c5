from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

# Participants get few items, as 1177 and the NHS app do; reminders and the account settings are
# reached from the header ("Account") and from "My study".
_NAVIGATION = {
    Role.PARTICIPANT: [
        ("trial:participant_home", _("My study")),
        ("programme:dashboard", _("My programme")),
        ("activity:my_plan", _("My activity plan")),
        ("therapists:my_messages", _("Messages")),
        ("assessments:my_questionnaires", _("Questionnaires")),
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


class NavLink(NamedTuple):
    name: str  # the URL name, which base.html uses to put the unread badge on "Messages"
    url: str
    label: str
    # aria-current: "page" on the page itself, "true" on the pages below it (a module page is
    # in "My programme"), "" elsewhere.
    current: str


def _current(path: str, url: str, section: str) -> str:
    if path == url:
        return "page"
    return "true" if url == section else ""


def navigation(request):
    """The links of the main menu for the logged-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    links = [(name, reverse(name), label) for name, label in _NAVIGATION.get(user.role, [])]
    # The section is the longest link the path starts with: /me/messages/ is in "Messages",
    # not in "My study" at /me/.
    section = max(
        (url for _n, url, _l in links if request.path.startswith(url)), key=len, default=""
    )
    return {
        "nav_links": [
            NavLink(name, url, label, _current(request.path, url, section))
            for name, url, label in links
        ]
    }
