"""Assigning one course to 100,000 people (`training.assigning.assign`: one INSERT ... SELECT
and a few grouped reads of progress) against the baseline of creating the same Assignee rows
one ORM save at a time, timed on a sample and extrapolated linearly (its cost per row does not
fall with size); and re-evaluating that audience when nothing changed (three set statements).

Each engine runs in a child process on a fresh database (SQLite in a temporary VAR_DIR, and a
throw-away PostgreSQL from scripts/services.py when it can be started), filled with 100,000
staff across Tokyo's municipalities by the roster import.

    python -m bench training        (or: make bench)
"""

import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import figure
from bench.roster import CODES, ENGINES, ROOT, roster_csv

ROWS = int(os.environ.get("BENCH_TRAINING_ROWS", "100000"))
SAMPLE = int(os.environ.get("BENCH_TRAINING_SAMPLE", "2000"))


def measure(roster: Path) -> dict:
    """In the child process: fill the database, then time both ways of assigning."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from courses.models import CoursePage, LessonPage
    from demo.catalogue import site_root
    from organisation.access import EVERYWHERE
    from organisation.models import StaffProfile
    from organisation.roster.importing import import_roster
    from training.assigning import assign, reevaluate
    from training.audience import resolve_rule
    from training.models import Assignee, Assignment

    call_command("migrate", verbosity=0)
    plan = import_roster(roster.read_bytes())
    assert not plan.errors, plan.errors[:3]
    index = site_root()
    course = CoursePage(title="情報セキュリティ研修", slug="security")
    index.add_child(instance=course)
    for number in range(3):
        course.add_child(instance=LessonPage(title=f"第{number + 1}回", duration=300))
    due = timezone.localdate() + timezone.timedelta(days=30)
    rules = [resolve_rule("municipality", code, EVERYWHERE) for code in CODES]
    times = {}

    started = time.perf_counter()
    with transaction.atomic():
        baseline = Assignment.objects.create(
            title="baseline", course=course, starts_on=timezone.localdate(), due_on=due
        )
        now = timezone.now()
        for staff_id in StaffProfile.objects.values_list("pk", flat=True)[:SAMPLE]:
            Assignee(assignment=baseline, staff_id=staff_id, added_at=now).save()
    times["baseline_sample"] = time.perf_counter() - started

    started = time.perf_counter()
    assignment, assigned = assign(course=course, rules=rules, scope=EVERYWHERE, due_on=due)
    times["assign"] = time.perf_counter() - started
    times["assigned"] = assigned
    assert Assignee.objects.filter(assignment=assignment).count() == assigned

    started = time.perf_counter()
    unchanged = reevaluate(assignment)
    times["reevaluate_unchanged"] = time.perf_counter() - started
    assert (unchanged.added, unchanged.removed, unchanged.returned) == (0, 0, 0)
    return times


def run() -> dict:
    figures = {}
    with tempfile.TemporaryDirectory(prefix="bench-training-") as folder:
        roster = roster_csv(Path(folder) / "roster.csv", ROWS, "T", CODES)
        for engine, environment in ENGINES:
            with contextlib.ExitStack() as stack:
                try:
                    env = stack.enter_context(environment())
                except RuntimeError as error:  # PostgreSQL missing: reported, not fatal
                    print(f"   {engine}: skipped ({error})", flush=True)
                    continue
                times = child_result([str(roster)], env, engine)
            print(f"   {engine}: {json.dumps(times)}", flush=True)
            assigned = times["assigned"]
            figures[f"training_assign_{assigned}_people_{engine}"] = figure(
                times["assign"],
                "s",
                times["baseline_sample"] * assigned / SAMPLE,
                "seconds; baseline: one ORM save a row, extrapolated from a sample",
            )
            figures[f"training_reevaluate_unchanged_{assigned}_people_{engine}"] = figure(
                times["reevaluate_unchanged"], "s", None, "seconds, nothing written"
            )
    return figures


def child_result(arguments: list[str], environment: dict, what: str) -> dict:
    import subprocess

    child = subprocess.run(
        [sys.executable, "-m", "bench.training", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"{what}: {child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
