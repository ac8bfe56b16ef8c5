"""Fast writing for the synthetic cohort: rows buffered per table and written with COPY.

Ids are taken from each table's own identity sequence up front, so rows can point at each other
before they are written, and the database stays consistent with what the ORM would have made.
Row triggers (history, append-only guards) still fire: COPY runs them like INSERT.
"""

import json
import uuid
from collections import defaultdict

from django.db import connection


class IdPool:
    """Hands out ids reserved from a table's sequence, a block at a time."""

    BLOCK = 10_000

    def __init__(self):
        self._free: dict[str, list[int]] = defaultdict(list)

    def next(self, table: str) -> int:
        free = self._free[table]
        if not free:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, self.BLOCK],
                )
                free.extend(row[0] for row in reversed(cursor.fetchall()))
        return free.pop()


class TableWriter:
    """Rows for many tables, flushed in dependency order (tables in the order first used)."""

    def __init__(self):
        self._columns: dict[str, tuple[str, ...]] = {}
        self._rows: dict[str, list[tuple]] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def tag_history(self, metadata: dict) -> None:
        """Attach a pghistory context to every history row this transaction writes.

        Besides recording where the rows came from, this keeps COPY fast: with these settings
        absent, pghistory's and pgtrigger's trigger functions catch an error per row, and each
        caught error walks the statement's whole queue of pending triggers (quadratic in the
        rows of one COPY). An empty `pgtrigger.ignore` list ignores nothing.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pghistory.context_id', %s, true), "
                "set_config('pghistory.context_metadata', %s, true), "
                "set_config('pgtrigger.ignore', '{}', true)",
                [str(uuid.uuid4()), as_json(metadata)],
            )

    def add(self, table: str, columns: tuple[str, ...], row: tuple) -> None:
        if table not in self._columns:
            self._columns[table] = columns
            self._rows[table] = []
        self._rows[table].append(row)

    def flush(self) -> None:
        with connection.cursor() as cursor:
            for table, columns in self._columns.items():
                rows = self._rows[table]
                if not rows:
                    continue
                statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                with cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
                self.counts[table] += len(rows)
                rows.clear()

    def analyze(self) -> None:
        """Fresh planner statistics: after a bulk load the old ones mislead every query."""
        with connection.cursor() as cursor:
            for table in self._columns:
                cursor.execute(f"ANALYZE {table}")


def as_json(value) -> str:
    return json.dumps(value, separators=(",", ":"))
