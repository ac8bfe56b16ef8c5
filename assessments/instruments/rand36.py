"""RAND 36-Item Health Survey 1.0 (public domain, RAND Corporation).

Wording follows RAND's public-domain survey form; answer values are the form's precoded numbers
(1 = first option). Scores are labelled "RAND-36": SF-36 (licensed) scores pain and general
health differently.
"""

from django.utils.translation import gettext_lazy as _

from .base import Instrument, Item, Scale, options

_HEALTH = (_("Excellent"), _("Very good"), _("Good"), _("Fair"), _("Poor"))
_CHANGE = (
    _("Much better now than one year ago"),
    _("Somewhat better now than one year ago"),
    _("About the same as one year ago"),
    _("Somewhat worse now than one year ago"),
    _("Much worse now than one year ago"),
)
_LIMITED = (_("Yes, limited a lot"), _("Yes, limited a little"), _("No, not limited at all"))
_YES_NO = (_("Yes"), _("No"))
_EXTENT = (_("Not at all"), _("Slightly"), _("Moderately"), _("Quite a bit"), _("Extremely"))
_PAIN = (_("None"), _("Very mild"), _("Mild"), _("Moderate"), _("Severe"), _("Very severe"))
_PAIN_INTERFERE = (
    _("Not at all"),
    _("A little bit"),
    _("Moderately"),
    _("Quite a bit"),
    _("Extremely"),
)
_TIME6 = (
    _("All of the time"),
    _("Most of the time"),
    _("A good bit of the time"),
    _("Some of the time"),
    _("A little of the time"),
    _("None of the time"),
)
_TIME5 = (
    _("All of the time"),
    _("Most of the time"),
    _("Some of the time"),
    _("A little of the time"),
    _("None of the time"),
)
_TRUE_FALSE = (
    _("Definitely true"),
    _("Mostly true"),
    _("Don't know"),
    _("Mostly false"),
    _("Definitely false"),
)

_ACTIVITIES = _(
    "The following items are about activities you might do during a typical day. "
    "Does your health now limit you in these activities? If so, how much?"
)
_PHYSICAL_ROLE = _(
    "During the past 4 weeks, have you had any of the following problems with your work or "
    "other regular daily activities as a result of your physical health?"
)
_EMOTIONAL_ROLE = _(
    "During the past 4 weeks, have you had any of the following problems with your work or "
    "other regular daily activities as a result of any emotional problems (such as feeling "
    "depressed or anxious)?"
)
_FEELINGS = _(
    "These questions are about how you feel and how things have been with you during the past "
    "4 weeks. For each question, please give the one answer that comes closest to the way you "
    "have been feeling. How much of the time during the past 4 weeks..."
)
_TRUE_OR_FALSE = _("How TRUE or FALSE is each of the following statements for you?")

# (number, text, labels, preamble)
_ITEMS = (
    (1, _("In general, would you say your health is:"), _HEALTH, None),
    (
        2,
        _("Compared to one year ago, how would you rate your health in general now?"),
        _CHANGE,
        None,
    ),
    (
        3,
        _(
            "Vigorous activities, such as running, lifting heavy objects, participating in "
            "strenuous sports"
        ),
        _LIMITED,
        _ACTIVITIES,
    ),
    (
        4,
        _(
            "Moderate activities, such as moving a table, pushing a vacuum cleaner, bowling, "
            "or playing golf"
        ),
        _LIMITED,
        None,
    ),
    (5, _("Lifting or carrying groceries"), _LIMITED, None),
    (6, _("Climbing several flights of stairs"), _LIMITED, None),
    (7, _("Climbing one flight of stairs"), _LIMITED, None),
    (8, _("Bending, kneeling, or stooping"), _LIMITED, None),
    (9, _("Walking more than a mile"), _LIMITED, None),
    (10, _("Walking several blocks"), _LIMITED, None),
    (11, _("Walking one block"), _LIMITED, None),
    (12, _("Bathing or dressing yourself"), _LIMITED, None),
    (
        13,
        _("Cut down the amount of time you spent on work or other activities"),
        _YES_NO,
        _PHYSICAL_ROLE,
    ),
    (14, _("Accomplished less than you would like"), _YES_NO, None),
    (15, _("Were limited in the kind of work or other activities"), _YES_NO, None),
    (
        16,
        _(
            "Had difficulty performing the work or other activities "
            "(for example, it took extra effort)"
        ),
        _YES_NO,
        None,
    ),
    (
        17,
        _("Cut down the amount of time you spent on work or other activities"),
        _YES_NO,
        _EMOTIONAL_ROLE,
    ),
    (18, _("Accomplished less than you would like"), _YES_NO, None),
    (19, _("Didn't do work or other activities as carefully as usual"), _YES_NO, None),
    (
        20,
        _(
            "During the past 4 weeks, to what extent has your physical health or emotional "
            "problems interfered with your normal social activities with family, friends, "
            "neighbors, or groups?"
        ),
        _EXTENT,
        None,
    ),
    (21, _("How much bodily pain have you had during the past 4 weeks?"), _PAIN, None),
    (
        22,
        _(
            "During the past 4 weeks, how much did pain interfere with your normal work "
            "(including both work outside the home and housework)?"
        ),
        _PAIN_INTERFERE,
        None,
    ),
    (23, _("Did you feel full of pep?"), _TIME6, _FEELINGS),
    (24, _("Have you been a very nervous person?"), _TIME6, None),
    (25, _("Have you felt so down in the dumps that nothing could cheer you up?"), _TIME6, None),
    (26, _("Have you felt calm and peaceful?"), _TIME6, None),
    (27, _("Did you have a lot of energy?"), _TIME6, None),
    (28, _("Have you felt downhearted and blue?"), _TIME6, None),
    (29, _("Did you feel worn out?"), _TIME6, None),
    (30, _("Have you been a happy person?"), _TIME6, None),
    (31, _("Did you feel tired?"), _TIME6, None),
    (
        32,
        _(
            "During the past 4 weeks, how much of the time has your physical health or "
            "emotional problems interfered with your social activities (like visiting with "
            "friends, relatives, etc.)?"
        ),
        _TIME5,
        None,
    ),
    (33, _("I seem to get sick a little easier than other people"), _TRUE_FALSE, _TRUE_OR_FALSE),
    (34, _("I am as healthy as anybody I know"), _TRUE_FALSE, None),
    (35, _("I expect my health to get worse"), _TRUE_FALSE, None),
    (36, _("My health is excellent"), _TRUE_FALSE, None),
)


def _build_items() -> tuple[Item, ...]:
    built = []
    for number, text, labels, preamble in _ITEMS:
        opts = options(range(1, len(labels) + 1), labels)
        built.append(Item(number, opts, 1, len(labels), text=text, preamble=preamble))
    return tuple(built)


def _scale(code: str, name, items: tuple[int, ...]) -> Scale:
    # All RAND-36 scales run 0-100, higher = better health.
    return Scale(code, name, items, 0, 100, higher_is_worse=False)


RAND36 = Instrument(
    code="rand36",
    name=_("RAND 36-Item Health Survey 1.0"),
    version="1.0",
    items=_build_items(),
    scales=(
        _scale("pf", _("Physical functioning"), tuple(range(3, 13))),
        _scale("rp", _("Role limitations due to physical health"), (13, 14, 15, 16)),
        _scale("re", _("Role limitations due to emotional problems"), (17, 18, 19)),
        _scale("ef", _("Energy/fatigue"), (23, 27, 29, 31)),
        _scale("ewb", _("Emotional well-being"), (24, 25, 26, 28, 30)),
        _scale("sf", _("Social functioning"), (20, 32)),
        _scale("pain", _("Pain"), (21, 22)),
        _scale("gh", _("General health"), (1, 33, 34, 35, 36)),
    ),
    licence_note=(
        "Public domain (RAND Corporation). Item 2 (health change) is in no scale. Label scores "
        '"RAND-36": the licensed SF-36 scores pain and general health differently.'
    ),
    texts_licensed=False,
)
