"""Access helpers: each takes the user and returns the object or raises 404.

Goals and visits are looked up within a participant the user may open, so an id that belongs to
someone else is a 404 like an id that does not exist.
"""

from django.shortcuts import get_object_or_404

from accounts.models import User
from activity.models import Goal, Visit
from trial.access import get_participant_for_staff
from trial.services import participant_register


def get_visit_for_staff(user: User, participant_id: int, visit_id: int) -> Visit:
    participant = get_participant_for_staff(user, participant_id)
    visit = get_object_or_404(Visit, participant=participant, pk=visit_id)
    visit.participant = participant
    return visit


def get_goal_for_staff(user: User, participant_id: int, goal_id: int) -> Goal:
    participant = get_participant_for_staff(user, participant_id)
    goal = get_object_or_404(Goal, participant=participant, pk=goal_id)
    goal.participant = participant
    return goal


def get_own_goal(user: User, goal_id: int) -> Goal:
    participant = participant_register(user=user)
    goal = get_object_or_404(Goal, participant=participant, pk=goal_id)
    goal.participant = participant
    return goal
