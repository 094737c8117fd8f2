"""Assignment reports at scale: the completion summary of one assignment of 100,000 people.

`python -m bench training_reports` starts a throw-away PostgreSQL and runs this module in a child
process pointed at it. The 100,000 staff (62 municipalities × 8 departments) and their assignee
rows, with a spread of statuses, are made with INSERT ... SELECT over generate_series. Figures:

- the summary as the pages and the API build it (`training.reports.report`: one grouped query,
  then the privacy tables), median over repeated runs, for an administrator (every figure
  suppressed where it must be, the most work);
- the API request `GET /api/v1/assignments/ID/` through Django's test client, median;
- the XLSX export of that report (the summary, then the file);
- the baseline, same run: every assignee row read into Python with its person, and counted by
  municipality, department and `Assignee.status_on`.

BENCH_TRAINING_PEOPLE scales it down on a slow machine.
"""

import json
import os
import statistics
import subprocess
import sys
import time

from bench.common import figure

PEOPLE = int(os.environ.get("BENCH_TRAINING_PEOPLE", "100000"))
DEPARTMENTS = 8
REPEATS = 7


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_of(action, repeats: int = REPEATS) -> float:
    return statistics.median(timed(action) for _ in range(repeats))


def generate():
    """The staff, a course, the assignment and its 100,000 assignees; returns the assignment."""
    import datetime

    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page

    from courses.models import CoursePage
    from organisation.models import Department, Municipality
    from training.models import Assignment

    municipalities = list(Municipality.objects.exclude(code="130001").order_by("code"))
    departments = Department.objects.bulk_create(
        Department(municipality=municipality, name=f"部署{index}")
        for municipality in municipalities
        for index in range(DEPARTMENTS)
    )
    course = Page.get_first_root_node().add_child(
        instance=CoursePage(title="情報セキュリティ研修", slug="bench-security")
    )
    today = timezone.localdate()
    assignment = Assignment.objects.create(
        title="情報セキュリティ研修（全職員）",
        course=course,
        starts_on=today - datetime.timedelta(days=60),
        due_on=today + datetime.timedelta(days=30),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute("CREATE TEMP TABLE bench_dept (mi int, di int, mid bigint, id bigint)")
        cursor.executemany(
            "INSERT INTO bench_dept VALUES (%s, %s, %s, %s)",
            [
                (
                    index // DEPARTMENTS,
                    index % DEPARTMENTS,
                    department.municipality_id,
                    department.pk,
                )
                for index, department in enumerate(departments)
            ],
        )
        cursor.execute(
            """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,
                   email, is_staff, is_active, date_joined)
               SELECT '!', false, 'bench-' || g, '', '', '', false, true, now()
               FROM generate_series(1, %s) g""",
            [PEOPLE],
        )
        # Wards and cities first in code order get the most staff, as in Tokyo.
        cursor.execute(
            """INSERT INTO lms_staffprofile (user_id, municipality_id, department_id,
                   employee_id, display_name, job_category, active)
               SELECT u.id, d.mid, d.id, lpad(u.id::text, 8, '0'), '職員' || u.id, '一般事務', true
               FROM (SELECT id, floor(%s * power(random(), 1.6))::int AS mi,
                            floor(random() * %s)::int AS di
                     FROM auth_user WHERE username LIKE 'bench-%%') u
               JOIN bench_dept d ON d.mi = u.mi AND d.di = u.di""",
            [len(municipalities), DEPARTMENTS],
        )
        # 45% completed, 25% started, the rest not started; 2% have left the audience.
        cursor.execute(
            """INSERT INTO training_assignee (assignment_id, staff_id, added_at, removed_at,
                   started_at, completed_at)
               SELECT %s, s.id, now() - interval '50 days',
                      CASE WHEN r.x < 0.02 THEN now() - interval '5 days' END,
                      CASE WHEN r.y < 0.70 THEN now() - interval '20 days' END,
                      CASE WHEN r.y < 0.45 THEN now() - interval '10 days' END
               FROM lms_staffprofile s
               CROSS JOIN LATERAL (SELECT random() + s.id * 0 AS x, random() + s.id * 0 AS y) r""",
            [assignment.pk],
        )
        cursor.execute("ANALYZE")
    return assignment


def measure() -> dict:
    """Runs in the child process, against the throw-away PostgreSQL."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()
    from collections import Counter

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from training import report_export, reports
    from training.models import Assignee

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    assignment = generate()
    generate_s = time.perf_counter() - started
    admin = get_user_model().objects.create_superuser("bench-admin", password=None)

    def summary():
        return reports.report(admin, assignment)

    def naive():
        day = reports.today()
        counts = Counter()
        rows = Assignee.objects.filter(assignment=assignment, removed_at__isnull=True)
        for row in rows.select_related("staff", "assignment"):
            counts[(row.staff.municipality_id, row.staff.department_id, row.status_on(day))] += 1
        return counts

    # Both ways count the same: the totals are far above the privacy threshold, so shown.
    report = summary()
    truth = Counter()
    for (_municipality, _department, status), count in naive().items():
        truth[status] += count
    assert report.total.audience == sum(truth.values())
    assert all(getattr(report.total, status) == truth[status] for status in reports.STATUSES)
    summary_s = median_of(summary)
    naive_s = median_of(naive, repeats=3)
    client = Client()
    client.force_login(admin)
    path = f"/api/v1/assignments/{assignment.pk}/"
    assert client.get(path).status_code == 200
    api_s = median_of(lambda: client.get(path))

    def export():
        built = summary()
        return report_export.export(built, reports.not_done(built), "xlsx", "all")

    export_s = median_of(export, repeats=3)
    return {
        "people": PEOPLE,
        "assignees": Assignee.objects.filter(assignment=assignment).count(),
        "generate_s": round(generate_s, 1),
        "summary_s": summary_s,
        "api_s": api_s,
        "export_s": export_s,
        "naive_s": naive_s,
        "counted": sum(truth.values()),
    }


def run() -> dict:
    from scripts.services import postgres

    with postgres() as url:
        environment = {**os.environ, "DATABASE_URL": url}
        child = subprocess.run(
            [sys.executable, "-m", "bench.training_reports"],
            env=environment,
            capture_output=True,
            text=True,
        )
    if child.returncode != 0:
        raise RuntimeError(f"training reports bench failed:\n{child.stderr[-4000:]}")
    found = json.loads(child.stdout.strip().splitlines()[-1])
    made = {key: found[key] for key in ("people", "assignees", "counted", "generate_s")}
    print(f"   generated: {json.dumps(made)}", flush=True)
    naive_ms = found["naive_s"] * 1000
    return {
        "training_report_summary_100k": figure(
            found["summary_s"] * 1000, "ms", naive_ms, "≤ 500 ms"
        ),
        "training_report_api_100k": figure(found["api_s"] * 1000, "ms", naive_ms, "≤ 500 ms"),
        "training_report_export_100k": figure(
            found["export_s"] * 1000, "ms", naive_ms, "≤ 1 s (figures only, no names)"
        ),
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
