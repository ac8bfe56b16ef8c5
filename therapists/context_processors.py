"""The participant's unread messages for the badge on "Messages" in the main menu.

A context processor of this app, not of accounts (which draws the menu), because accounts may
not import the inbox.
"""

from accounts.roles import Role
from therapists.selectors import unread_from_care_team


def unread_messages(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role != Role.PARTICIPANT:
        return {}
    return {"unread_messages": unread_from_care_team(user)}
