"""About how long a module takes: its words at a plain reading pace and its worksheet questions."""

from modules.content import estimated_minutes


def _content(words: int, fields: list[dict]) -> dict:
    page = {"html": "<p>" + "<em>word</em> " * words + "</p>", "worksheet": None}
    return {"pages": [page], "worksheets": {"sheet": {"fields": fields}}}


def test_it_counts_words_not_markup_and_rounds_up_to_five_minutes():
    # 1500 words at 150 a minute: 10 minutes.
    assert estimated_minutes(_content(1500, [])) == 10
    assert estimated_minutes(_content(1501, [])) == 15


def test_it_adds_time_for_each_worksheet_question():
    fields = [
        {"type": "text"},  # 2 minutes
        {"type": "checklist"},  # 1
        {"type": "scale"},  # 0.5
        {"type": "diary", "columns": [{}, {}, {}]},  # one day's row: 3 x 0.5
    ]
    # 900 words: 6 minutes, plus 5 of answering: 11, rounded up.
    assert estimated_minutes(_content(900, fields)) == 15
    assert estimated_minutes(_content(900, fields[:1])) == 10


def test_a_short_module_takes_at_least_five_minutes():
    assert estimated_minutes(_content(10, [])) == 5
