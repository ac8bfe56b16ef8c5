"""Physical-activity plans, physiotherapist visits, goals and goal ratings (both trial arms)."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trial.models import Participant

MAX_WEEKLY_MINUTES = 2000
MAX_STRENGTH_SESSIONS = 14

# WHO 2020 guidelines for adults: 150-300 min moderate or 75-150 min vigorous aerobic activity a
# week (a vigorous minute counts as two moderate ones), plus strength training 2 or more days.
WHO_MODERATE_MINUTES = 150
WHO_STRENGTH_SESSIONS = 2


@pghistory.track()
class ActivityPlan(models.Model):
    """A participant's person-centred physical activity plan, made with their physiotherapist."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="activity_plan"
    )
    activities = models.TextField(_("what"), max_length=2000)
    frequency = models.CharField(_("how often"), max_length=200, blank=True)
    duration = models.CharField(_("how long"), max_length=200, blank=True)
    intensity = models.CharField(_("intensity"), max_length=200, blank=True)
    weekly_moderate_minutes = models.PositiveSmallIntegerField(
        _("moderate activity, minutes a week"), default=0
    )
    weekly_vigorous_minutes = models.PositiveSmallIntegerField(
        _("vigorous activity, minutes a week"), default=0
    )
    strength_sessions_per_week = models.PositiveSmallIntegerField(
        _("strength training sessions a week"), default=0
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("activity plan")
        verbose_name_plural = _("activity plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_moderate_minutes__lte=MAX_WEEKLY_MINUTES)
                & models.Q(weekly_vigorous_minutes__lte=MAX_WEEKLY_MINUTES)
                & models.Q(strength_sessions_per_week__lte=MAX_STRENGTH_SESSIONS),
                name="activity_plan_targets_in_range",
            )
        ]

    def __str__(self):
        return f"Activity plan of {self.participant_id}"

    @property
    def targets_meet_who_recommendation(self) -> bool:
        """Whether the planned weekly targets reach the WHO minimum (not what was done)."""
        aerobic = self.weekly_moderate_minutes + 2 * self.weekly_vigorous_minutes
        return (
            aerobic >= WHO_MODERATE_MINUTES
            and self.strength_sessions_per_week >= WHO_STRENGTH_SESSIONS
        )


@pghistory.track()
class Visit(models.Model):
    """One of the three physiotherapist visits; `planned_by` is empty while the date is the
    default one computed from randomization, so that a later randomization moves it."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        WEEK4 = "week4", _("Week 4")
        WEEK12 = "week12", _("Week 12")

    # Visit number: (kind, days after baseline).
    SCHEDULE = {1: (Kind.BASELINE, 0), 2: (Kind.WEEK4, 28), 3: (Kind.WEEK12, 84)}
    # The visit at which the physiotherapist rates the WHO recommendation.
    WHO_RATING_VISIT = 3

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="activity_visits"
    )
    number = models.PositiveSmallIntegerField(_("visit number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    planned_for = models.DateField(_("planned for"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    meets_who_recommendation = models.BooleanField(
        _("meets the WHO recommendation"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["participant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "number"], name="activity_visit_once"),
            models.CheckConstraint(
                condition=models.Q(number=1, kind="baseline")
                | models.Q(number=2, kind="week4")
                | models.Q(number=3, kind="week12"),
                name="activity_visit_number_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(meets_who_recommendation__isnull=True) | models.Q(number=3),
                name="activity_visit_who_flag_only_at_visit_3",
            ),
        ]

    def __str__(self):
        return f"Visit {self.number} of {self.participant_id}"

    @property
    def rates_who_recommendation(self) -> bool:
        return self.number == self.WHO_RATING_VISIT


@pghistory.track()
class Goal(models.Model):
    """A goal of the activity plan: one main goal per participant and any intermediate ones."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main goal")
        INTERMEDIATE = "intermediate", _("Intermediate goal")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="activity_goals"
    )
    kind = models.CharField(_("kind of goal"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("goal"), max_length=1000)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    set_at = models.DateTimeField(default=timezone.now)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        # The main goal first, then intermediate goals in the order they were set.
        ordering = ["participant", "-kind", "set_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(kind="main"),
                name="activity_goal_one_main_per_participant",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.participant_id}"


@pghistory.track()
class GoalRating(models.Model):
    """How well a goal was attained, in the eyes of the participant or of the physiotherapist.

    One current rating per goal and rater; a re-rating updates it and pghistory keeps the old one.
    """

    class RaterRole(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")

    class Rating(models.TextChoices):
        ATTAINED = "attained", _("Attained")
        PARTLY = "partly", _("Partly attained")
        NOT_ATTAINED = "not_attained", _("Not attained")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    rater_role = models.CharField(max_length=20, choices=RaterRole.choices)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    rated_at = models.DateTimeField(default=timezone.now)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("goal rating")
        verbose_name_plural = _("goal ratings")
        constraints = [
            models.UniqueConstraint(fields=["goal", "rater_role"], name="activity_rating_once")
        ]

    def __str__(self):
        return f"{self.get_rater_role_display()} rating of goal {self.goal_id}"
