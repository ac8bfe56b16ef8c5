"""The research export at scale: time, peak memory, and the ratio to PostgreSQL's own COPY.

Run by hand, not in the timed test suite (it builds its own throwaway database):

    uv run python -m config.devstack bench benchmarks/export_research.py --participants 10000 100000

For each size a synthetic cohort is seeded (seed_synthetic, then VACUUM ANALYZE as autovacuum
would do) and exported as CSV; seeding and export each run in a fresh child process, so the
export's peak RSS (VmHWM) is its own. In the export's child, and before the export, the
baseline is measured: `COPY (SELECT ...) TO STDOUT` of the same rows straight from the tables
(raw columns, no codes, formatting, ordering or joins beyond the study filter), written to
files by the same loop. Goals (issue 7): peak RSS under 300 MB, no more at 100,000 than at
10,000 beyond 20 MB, export time at most 2x the COPY baseline.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _setup import peak_rss_mb, throwaway_database
from django.db import connection

from research.export.base import copy_to_file
from research.export.bundle import bundle_write
from research.synthetic.cohort import synthetic_cohort_seed
from trial.models import Study

RAW = {
    # file: the same rows, raw from the tables (%(study)s is the study's id)
    "participants.csv": """SELECT p.code, p.site_id, p.arm, p.screened_at, p.consented_at,
        p.randomized_at, p.status, p.withdrawn_at, p.baseline_completed_at, p.created_at
        FROM trial_participant p WHERE p.study_id = %(study)s
        AND (p.status <> 'registered' OR p.screened_at IS NOT NULL)""",
    "module_progress.csv": """SELECT mp.participant_id, mp.module_id, mp.content_version_id,
        mp.unlocked_at, mp.first_opened_at, mp.completed_at, mp.time_spent_seconds, 0
        FROM modules_moduleprogress mp JOIN trial_participant p ON p.id = mp.participant_id
        WHERE p.study_id = %(study)s""",
    "adherence.csv": """SELECT p.code, p.arm, 0, 0, 0, p.randomized_at, 0, 0, 0
        FROM trial_participant p WHERE p.study_id = %(study)s AND p.arm <> ''""",
    "assessments_long.csv": """SELECT q.participant_id, q.timepoint_id, q.instrument, a.key,
        a.value, q.completed_at
        FROM assessments_questionnaireresponse q
        JOIN trial_participant p ON p.id = q.participant_id
        CROSS JOIN LATERAL jsonb_each(q.answers) a
        WHERE p.study_id = %(study)s AND ((q.source = 'web' AND q.completed_at IS NOT NULL)
           OR (q.source = 'paper' AND q.entry_number = 1 AND q.verified))""",
    # The wide file pivots these score rows: the baseline writes them as they are stored.
    "scores_wide.csv": """SELECT q.participant_id, q.instrument, s.scale, q.timepoint_id, s.value
        FROM assessments_score s JOIN assessments_questionnaireresponse q ON q.id = s.response_id
        JOIN trial_participant p ON p.id = q.participant_id WHERE p.study_id = %(study)s""",
    "goals.csv": """SELECT g.participant_id, g.kind, g.set_at, r.rating, r.rated_at
        FROM activity_goal g JOIN trial_participant p ON p.id = g.participant_id
        LEFT JOIN activity_goalrating r ON r.goal_id = g.id AND r.rater_role = 'participant'
        WHERE p.study_id = %(study)s""",
}


def _baseline(study: Study, folder: Path) -> tuple[float, int]:
    elapsed, rows = 0.0, 0
    with connection.cursor() as cursor:
        for name, sql in RAW.items():
            start = time.perf_counter()
            written = copy_to_file(
                cursor, sql.replace("%(study)s", str(study.pk)), folder / f"raw-{name}"
            )
            elapsed += time.perf_counter() - start
            rows += written.rows
    return elapsed, rows


def _export(study: Study, out: Path):
    start = time.perf_counter()
    result = bundle_write(study=study, out=out)
    return time.perf_counter() - start, result


def child(study_code: str, folder: Path) -> dict:
    """Baseline and export alternate, twice each, and the faster run of each counts: neither
    side gains from warm caches or loses to a noisy neighbour on the machine. Runs in its own
    process (see the module docstring)."""
    study = Study.objects.get(code=study_code)
    baseline_1, rows = _baseline(study, folder)
    export_1, result = _export(study, folder / "bundle-1")
    baseline_2, _rows = _baseline(study, folder)
    export_2, _result = _export(study, folder / "bundle-2")
    return {
        "export_s": min(export_1, export_2),
        "baseline_s": min(baseline_1, baseline_2),
        "baseline_rows": rows,
        "rows": {f.name: f.rows for f in result.files},
        "bytes": sum(f.bytes for f in result.files),
        "peak_rss_mb": peak_rss_mb(),
    }


def _child_env() -> dict:
    """The parent's environment, pointed at the throwaway database."""
    env = dict(os.environ)
    url = urlsplit(os.environ["DATABASE_URL"])
    env["DATABASE_URL"] = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    return env


def _in_child(*args: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *args],
        env=_child_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def seed_child(count: int, seed: int) -> dict:
    start = time.perf_counter()
    study = synthetic_cohort_seed(participants=count, seed=seed).study
    seeded = time.perf_counter() - start
    # A live database is vacuumed by autovacuum; a bulk load not yet. Without it, index-only
    # scans (export and baseline alike) would visit the heap to check visibility.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return {"study": study.code, "seed_s": seeded}


def measure(count: int, seed: int) -> dict:
    seeded = _in_child("--seed-child", str(count), str(seed))
    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder:
        figures = _in_child("--child", seeded["study"], folder)
    figures["seed_s"] = seeded["seed_s"]
    return figures


def report(count: int, f: dict) -> None:
    answers = f["rows"]["assessments_long.csv"]
    print(f"participants                      {count:>12,}")
    print(f"  seed_synthetic                  {f['seed_s']:>12.1f} s")
    print(
        f"  rows exported (all files)       {sum(f['rows'].values()):>12,}  ({answers:,} answers)"
    )
    print(f"  bundle size                     {f['bytes'] / 2**20:>12.1f} MiB")
    print(f"  export                          {f['export_s']:>12.2f} s")
    rows = f"{f['baseline_rows']:,} rows"
    print(f"  COPY of the same rows (baseline){f['baseline_s']:>12.2f} s  ({rows})")
    print(
        f"  ratio export / COPY             {f['export_s'] / f['baseline_s']:>12.2f} x  (goal <= 2)"
    )
    print(f"  peak RSS of the export process  {f['peak_rss_mb']:>12.1f} MiB  (goal < 300)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", nargs=2, metavar=("STUDY", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--seed-child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    if args.seed_child:
        print(json.dumps(seed_child(*args.seed_child)))
        return
    results = {}
    with throwaway_database():
        for seed, count in enumerate(sorted(args.participants), start=1):
            results[count] = measure(count, seed)
            report(count, results[count])
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]], results[sizes[-1]]
        growth = large["peak_rss_mb"] - small["peak_rss_mb"]
        print(
            f"peak RSS growth {sizes[0]:,} -> {sizes[-1]:,}: {growth:+.1f} MiB (goal <= 20); "
            f"export time x{large['export_s'] / small['export_s']:.1f} for "
            f"x{sizes[-1] / sizes[0]:.0f} participants"
        )


if __name__ == "__main__":
    main()
