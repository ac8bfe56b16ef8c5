"""Exact, versioned scoring of the outcome instruments.

``score(code, answers)`` takes the item-level answers as given ({item number: value or None})
and returns {scale code: ScaleScore(value, missing_items, rule_version)}. Values are floats, not
rounded (round only for display). ``missing_items`` counts the scale's items left unanswered.
Change a rule -> bump its version in RULE_VERSIONS so stored scores stay traceable.

Missing-data rules (published rule where one exists, otherwise ours, marked "our rule"):

rand36   Each scale is the mean of its answered recoded items; None if none answered
         (RAND 36-Item Health Survey 1.0 scoring instructions).
hads     Per subscale (7 items): all answered -> sum; one missing -> replaced by the mean of the
         6 answered items, i.e. sum * 7 / 6, kept as an exact float (qscorer scoring_hads,
         which does not round by default); two or more missing -> None.
mfi20    Reverse items 2,5,9,10,13,14,16,17,18,19 (6 - x). Per 4-item subscale: all answered ->
         sum; one missing -> sum * 4 / 3 (mean of the 3 answered, prorated); two or more
         missing -> None (our rule, mirroring the HADS rule; CamCOPS has none).
fiq      Ten components: function = mean of answered items 1-11 x 3.33 (needs >= 1 answered);
         felt good = (7 - item 12) x 1.43; missed work = item 13 x 1.43; items 14-20 as given.
         All ten present -> their sum. Otherwise, if function is present and at most two other
         components are missing (e.g. a participant without paid work skipping items 13/14) ->
         sum of present components / number present x 10, as in the FIQ scoring notes for
         blank items (the 2-missing limit is our rule); else None. Capped at 100.
sci93    Sum of all items; None if any item is missing (our rule: the instrument is
         unverified, so no proration).
pain_vas, fatigue_vas   The answer as given (0-100); None if unanswered.
pain_locations  Count of regions answered 1; 0/None/absent mean "not marked", so never missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from assessments.instruments import Instrument, get_instrument
from assessments.instruments.fiq import FELT_GOOD_ITEM, FUNCTION_ITEMS, MISSED_WORK_ITEM, VAS_ITEMS
from assessments.instruments.hads import ANXIETY_ITEMS, DEPRESSION_ITEMS
from assessments.instruments.mfi20 import REVERSED_ITEMS as MFI20_REVERSED
from assessments.instruments.mfi20 import SUBSCALES as MFI20_SUBSCALES

Answers = Mapping[int, int | None]

RULE_VERSIONS: dict[str, str] = {
    "rand36": "rand36-1.0",
    "hads": "hads-1.0",
    "mfi20": "mfi20-1.0",
    "fiq": "fiq-1.0",
    "sci93": "sci93-1.0",
    "pain_vas": "pain_vas-1.0",
    "fatigue_vas": "fatigue_vas-1.0",
    "pain_locations": "pain_locations-1.0",
}


@dataclass(frozen=True)
class ScaleScore:
    value: float | None
    missing_items: int
    rule_version: str


# --- validation ---------------------------------------------------------------------------------


def validate_answers(instrument: Instrument | str, answers: Answers) -> dict[int, int | None]:
    """Every item number of the instrument mapped to its answer (None when not given).

    Raises ValueError naming the item and the allowed range for unknown item numbers, answers
    that are not whole numbers, or answers outside the item's range.
    """
    if isinstance(instrument, str):
        instrument = get_instrument(instrument)
    if not isinstance(answers, Mapping):
        raise ValueError(f"{instrument.code}: answers must be a mapping of item number to value")
    numbers = instrument.item_numbers
    full: dict[int, int | None] = dict.fromkeys(numbers)
    for key, value in answers.items():
        if isinstance(key, bool) or not isinstance(key, int) or key not in full:
            raise ValueError(
                f"{instrument.code}: unknown item {key!r}; items are numbered "
                f"{numbers[0]}-{numbers[-1]}"
            )
        if value is None:
            continue
        item = instrument.item(key)
        allowed = item.describe_allowed()
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(
                f"{instrument.code} item {key}: answer {value!r} is not a whole number; "
                f"allowed {allowed}"
            )
        if not item.allows(value):
            raise ValueError(
                f"{instrument.code} item {key}: answer {value} is out of range; allowed {allowed}"
            )
        full[key] = value
    return full


# --- helpers ------------------------------------------------------------------------------------


def _answered(answers: Mapping[int, int | None], items: Iterable[int]) -> list[int]:
    return [answers[n] for n in items if answers[n] is not None]


def _prorated_sum(values: list[float], n_items: int, max_missing: int) -> float | None:
    """Sum with each missing item replaced by the mean of the answered ones."""
    missing = n_items - len(values)
    if missing > max_missing or not values:
        return None
    if missing == 0:
        return float(sum(values))
    return sum(values) * n_items / len(values)


# --- RAND-36 -------------------------------------------------------------------------------------

_FIVE_DOWN = {1: 100.0, 2: 75.0, 3: 50.0, 4: 25.0, 5: 0.0}
_FIVE_UP = {1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0}
_THREE_UP = {1: 0.0, 2: 50.0, 3: 100.0}
_TWO_UP = {1: 0.0, 2: 100.0}
_SIX_DOWN = {v: 100.0 - 20.0 * (v - 1) for v in range(1, 7)}
_SIX_UP = {v: 20.0 * (v - 1) for v in range(1, 7)}

# Item -> {precoded answer: 0-100}; RAND 36-Item Health Survey 1.0 scoring, Table 1.
RAND36_RECODE: dict[int, dict[int, float]] = {
    **dict.fromkeys((1, 2, 20, 22, 34, 36), _FIVE_DOWN),
    **dict.fromkeys(range(3, 13), _THREE_UP),
    **dict.fromkeys(range(13, 20), _TWO_UP),
    **dict.fromkeys((21, 23, 26, 27, 30), _SIX_DOWN),
    **dict.fromkeys((24, 25, 28, 29, 31), _SIX_UP),
    **dict.fromkeys((32, 33, 35), _FIVE_UP),
}


def _score_rand36(instrument: Instrument, answers: dict[int, int | None]) -> dict:
    rule = RULE_VERSIONS["rand36"]
    result = {}
    for scale in instrument.scales:
        recoded = [RAND36_RECODE[n][answers[n]] for n in scale.items if answers[n] is not None]
        value = sum(recoded) / len(recoded) if recoded else None
        result[scale.code] = ScaleScore(value, len(scale.items) - len(recoded), rule)
    return result


# --- HADS ----------------------------------------------------------------------------------------

HADS_TRIAL_LIMIT = 15  # trial excludes a subscale score above this


def _score_hads(instrument: Instrument, answers: dict[int, int | None]) -> dict:
    rule = RULE_VERSIONS["hads"]
    result = {}
    for code, items in (("anxiety", ANXIETY_ITEMS), ("depression", DEPRESSION_ITEMS)):
        values = _answered(answers, items)
        value = _prorated_sum(values, len(items), max_missing=1)
        result[code] = ScaleScore(value, len(items) - len(values), rule)
    return result


def hads_band(value: float | None) -> str | None:
    """ "normal" (0-7), "borderline" (8-10) or "case" (>= 11); None for a missing score.

    A prorated (fractional) score is banded by the same cut points: below 8 normal, below 11
    borderline, otherwise case (so 7.5 is normal and 10.83 borderline).
    """
    if value is None:
        return None
    if not 0 <= value <= 21:
        raise ValueError(f"HADS subscale score {value} is out of range; allowed 0-21")
    if value < 8:
        return "normal"
    if value < 11:
        return "borderline"
    return "case"


def hads_exceeds_trial_limit(value: float | None) -> bool:
    """True when a HADS subscale score is above the trial limit (> 15).

    Raises ValueError for a missing score: eligibility must not silently pass on no data.
    """
    if value is None:
        raise ValueError("HADS subscale could not be scored; the trial limit cannot be checked")
    if not 0 <= value <= 21:
        raise ValueError(f"HADS subscale score {value} is out of range; allowed 0-21")
    return value > HADS_TRIAL_LIMIT


# --- MFI-20 --------------------------------------------------------------------------------------


def _score_mfi20(instrument: Instrument, answers: dict[int, int | None]) -> dict:
    rule = RULE_VERSIONS["mfi20"]
    result = {}
    for code, items in MFI20_SUBSCALES.items():
        values = [
            6 - answers[n] if n in MFI20_REVERSED else answers[n]
            for n in items
            if answers[n] is not None
        ]
        value = _prorated_sum(values, len(items), max_missing=1)
        result[code] = ScaleScore(value, len(items) - len(values), rule)
    return result


# --- FIQ -----------------------------------------------------------------------------------------

FIQ_FUNCTION_FACTOR = 3.33
FIQ_DAYS_FACTOR = 1.43
FIQ_COMPONENTS = 10
FIQ_MAX_MISSING_COMPONENTS = 2  # besides function, which is required (our rule)


def fiq_components(answers: Answers) -> dict[str, float | None]:
    """The ten FIQ component scores (None when a component cannot be scored)."""
    answers = validate_answers("fiq", answers)
    function = _answered(answers, FUNCTION_ITEMS)
    felt_good = answers[FELT_GOOD_ITEM]
    missed_work = answers[MISSED_WORK_ITEM]
    components: dict[str, float | None] = {
        "function": sum(function) / len(function) * FIQ_FUNCTION_FACTOR if function else None,
        "felt_good": None if felt_good is None else (7 - felt_good) * FIQ_DAYS_FACTOR,
        "missed_work": None if missed_work is None else missed_work * FIQ_DAYS_FACTOR,
    }
    for n in VAS_ITEMS:
        components[f"vas{n}"] = None if answers[n] is None else float(answers[n])
    return components


def _score_fiq(instrument: Instrument, answers: dict[int, int | None]) -> dict:
    components = fiq_components(answers)
    present = [v for v in components.values() if v is not None]
    missing_components = FIQ_COMPONENTS - len(present)
    if components["function"] is None or missing_components > FIQ_MAX_MISSING_COMPONENTS:
        value = None
    elif missing_components == 0:
        value = min(sum(present), 100.0)
    else:
        value = min(sum(present) / len(present) * FIQ_COMPONENTS, 100.0)
    missing = sum(1 for v in answers.values() if v is None)
    return {"total": ScaleScore(value, missing, RULE_VERSIONS["fiq"])}


# --- SCI-93, VAS, body map -----------------------------------------------------------------------


def _score_sci93(instrument: Instrument, answers: dict[int, int | None]) -> dict:
    values = _answered(answers, instrument.item_numbers)
    missing = len(instrument.items) - len(values)
    value = float(sum(values)) if missing == 0 else None
    return {"total": ScaleScore(value, missing, RULE_VERSIONS["sci93"])}


def _vas_scorer(code: str) -> Callable[[Instrument, dict[int, int | None]], dict]:
    def _score(instrument: Instrument, answers: dict[int, int | None]) -> dict:
        value = answers[1]
        return {
            "score": ScaleScore(
                None if value is None else float(value),
                int(value is None),
                RULE_VERSIONS[code],
            )
        }

    return _score


def _score_pain_locations(instrument: Instrument, answers: dict[int, int | None]) -> dict:
    count = sum(1 for v in answers.values() if v == 1)
    return {"count": ScaleScore(float(count), 0, RULE_VERSIONS["pain_locations"])}


_SCORERS: dict[str, Callable[[Instrument, dict[int, int | None]], dict]] = {
    "rand36": _score_rand36,
    "hads": _score_hads,
    "mfi20": _score_mfi20,
    "fiq": _score_fiq,
    "sci93": _score_sci93,
    "pain_vas": _vas_scorer("pain_vas"),
    "fatigue_vas": _vas_scorer("fatigue_vas"),
    "pain_locations": _score_pain_locations,
}


def score(code: str | Instrument, answers: Answers) -> dict[str, ScaleScore]:
    """Score one completed questionnaire: {scale code: ScaleScore}, in the instrument's order.

    ``code`` may also be an Instrument (e.g. a site-specific body map built with
    ``build_pain_locations``). Raises KeyError for an unknown code and ValueError for invalid
    answers (unknown item, not a whole number, out of range).
    """
    instrument = get_instrument(code) if isinstance(code, str) else code
    full = validate_answers(instrument, answers)
    return _SCORERS[instrument.code](instrument, full)
