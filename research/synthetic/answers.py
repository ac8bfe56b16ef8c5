"""Item-level questionnaire answers for the synthetic cohort, scored like real ones.

Answers are valid for each item (its options, or its numeric range), lean the same way for one
person (a latent "how unwell" figure), and are scored with assessments.scoring into Score rows.
About one response in ten came on paper: two entries by staff, the first verified.
"""

import random
from datetime import datetime, timedelta

from assessments.instruments import INSTRUMENTS, Instrument
from assessments.models import QuestionnaireResponse, Score
from assessments.scoring import score
from research.synthetic.rows import IdPool, TableWriter, as_json

RESPONSE = QuestionnaireResponse._meta.db_table
SCORE = Score._meta.db_table
RESPONSE_COLUMNS = (
    "id",
    "participant_id",
    "timepoint_id",
    "instrument",
    "source",
    "entry_number",
    "entered_by_id",
    "answers",
    "started_at",
    "updated_at",
    "completed_at",
    "verified",
    "verified_at",
    "verified_by_id",
)
SCORE_COLUMNS = ("response_id", "scale", "value", "missing_items", "rule_version", "computed_at")
P_PAPER = 0.1
P_PAPER_BLANK = 0.02
P_OPTIONAL_BLANK = 0.3

# Per instrument, per item: the allowed values in order from "well" to "unwell" as far as the
# answer leans; reversed items simply lean the other way, which keeps answers valid.
_VALUES: dict[str, list[tuple[int, tuple[int, ...], bool]]] = {
    code: [
        (
            item.number,
            tuple(o.value for o in item.options)
            if item.options is not None
            else tuple(range(item.minimum, item.maximum + 1)),
            item.optional,
        )
        for item in instrument.items
    ]
    for code, instrument in INSTRUMENTS.items()
}


def item_answers(
    instrument: Instrument, rng: random.Random, latent: float, *, paper: bool
) -> dict[int, int]:
    answers = {}
    for number, values, optional in _VALUES[instrument.code]:
        if optional and rng.random() < P_OPTIONAL_BLANK:
            continue
        if paper and rng.random() < P_PAPER_BLANK:
            continue
        lean = (rng.random() + latent) / 2
        answers[number] = values[min(len(values) - 1, int(lean * len(values)))]
    return answers


def write_timepoint(
    *,
    writer: TableWriter,
    ids: IdPool,
    rng: random.Random,
    participant_id: int,
    timepoint_id: int,
    instruments: list[str],
    latent: float,
    completed_at: datetime,
    staff_ids: tuple[int, int],
) -> None:
    """One response of record per instrument (plus the second paper entry), with its scores."""
    paper = rng.random() < P_PAPER
    started_at = completed_at - timedelta(minutes=rng.uniform(10, 50))
    for code in instruments:
        instrument = INSTRUMENTS[code]
        answers = item_answers(instrument, rng, latent, paper=paper)
        response_id = ids.next(RESPONSE)
        stored = as_json({str(number): value for number, value in answers.items()})
        if paper:
            first, second = staff_ids
            writer.add(
                RESPONSE,
                RESPONSE_COLUMNS,
                (response_id, participant_id, timepoint_id, code, "paper", 1, first, stored,
                 started_at, completed_at, completed_at, True, completed_at, second),
            )  # fmt: skip
            writer.add(
                RESPONSE,
                RESPONSE_COLUMNS,
                (ids.next(RESPONSE), participant_id, timepoint_id, code, "paper", 2, second,
                 stored, started_at, completed_at, completed_at, False, None, None),
            )  # fmt: skip
        else:
            writer.add(
                RESPONSE,
                RESPONSE_COLUMNS,
                (response_id, participant_id, timepoint_id, code, "web", 1, None, stored,
                 started_at, completed_at, completed_at, False, None, None),
            )  # fmt: skip
        for scale, result in score(code, answers).items():
            writer.add(
                SCORE,
                SCORE_COLUMNS,
                (response_id, scale, result.value, result.missing_items, result.rule_version,
                 completed_at),
            )  # fmt: skip
