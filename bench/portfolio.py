"""Portfolio at scale: 250,000 staff across the 62 municipalities, 60 skills, on PostgreSQL.

`python -m bench portfolio` starts a throw-away PostgreSQL, then runs this module in a child
process pointed at it: the data is generated inside PostgreSQL (INSERT ... SELECT over
generate_series, the fastest way on two shared cores), and the figures are

- the dashboard request and the API request, p95 over repeated requests with varied filters;
- a full recompute of the precomputed rows;
- one level changed through the ORM, with its incremental refresh on commit;
- the baseline: the same heatmap aggregated naively over the raw evidence on each request.

BENCH_PORTFOLIO_STAFF and BENCH_PORTFOLIO_SKILLS_PER_PERSON scale it down on a slow machine.
"""

import json
import os
import statistics
import subprocess
import sys
import time

from bench.common import figure

STAFF = int(os.environ.get("BENCH_PORTFOLIO_STAFF", "250000"))
SKILLS = 60
SKILLS_PER_PERSON = int(os.environ.get("BENCH_PORTFOLIO_SKILLS_PER_PERSON", "12"))
DEPARTMENTS = 8
ROLES = 6
TARGETS_PER_ROLE = 20
REQUESTS = 40

NAIVE_HEATMAP = """
WITH current AS (
    SELECT e.staff_id, e.skill_id, MAX(e.level) AS level
    FROM skills_skillevidence e
    WHERE e.expires_at IS NULL OR e.expires_at > now()
    GROUP BY e.staff_id, e.skill_id
)
SELECT s.municipality_id, c.skill_id, COUNT(*), SUM(c.level),
       COUNT(t.id), SUM(CASE WHEN c.level >= t.target_level THEN 1 ELSE 0 END)
FROM current c
JOIN lms_staffprofile s ON s.id = c.staff_id AND s.active
LEFT JOIN skills_staffrole r ON r.staff_id = s.id
LEFT JOIN skills_roletarget t ON t.role_profile_id = r.role_profile_id AND t.skill_id = c.skill_id
GROUP BY s.municipality_id, c.skill_id
"""


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def generate() -> dict:
    """The staff, skills, targets, levels and evidence; returns what was made."""
    from django.db import connection

    from organisation.models import Department, Municipality
    from skills.models import RoleProfile, RoleTarget, Skill, SkillCategory, SkillFramework

    municipalities = list(Municipality.objects.exclude(code="130001").order_by("code"))
    departments = Department.objects.bulk_create(
        Department(municipality=municipality, name=f"部署{index}")
        for municipality in municipalities
        for index in range(DEPARTMENTS)
    )
    framework = SkillFramework.objects.create(code="bench", name="ベンチマーク用スキル体系")
    categories = SkillCategory.objects.bulk_create(
        SkillCategory(framework=framework, code=f"c{index}", name=f"分野{index}", order=index)
        for index in range(6)
    )
    skills = Skill.objects.bulk_create(
        Skill(category=categories[index % 6], code=f"s{index}", name=f"スキル{index}")
        for index in range(SKILLS)
    )
    roles = RoleProfile.objects.bulk_create(
        RoleProfile(code=f"role{index}", name=f"役割{index}") for index in range(ROLES)
    )
    RoleTarget.objects.bulk_create(
        RoleTarget(role_profile=role, skill=skills[(index * 7 + step) % SKILLS], target_level=3)
        for index, role in enumerate(roles)
        for step in range(TARGETS_PER_ROLE)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute("CREATE TEMP TABLE bench_muni (idx int, id bigint)")
        cursor.executemany(
            "INSERT INTO bench_muni VALUES (%s, %s)",
            [(index, municipality.pk) for index, municipality in enumerate(municipalities)],
        )
        cursor.execute("CREATE TEMP TABLE bench_dept (mi int, di int, id bigint)")
        cursor.executemany(
            "INSERT INTO bench_dept VALUES (%s, %s, %s)",
            [
                (index // DEPARTMENTS, index % DEPARTMENTS, department.pk)
                for index, department in enumerate(departments)
            ],
        )
        cursor.execute("CREATE TEMP TABLE bench_role (idx int, id bigint)")
        cursor.executemany(
            "INSERT INTO bench_role VALUES (%s, %s)",
            [(index, role.pk) for index, role in enumerate(roles)],
        )
        cursor.execute("CREATE TEMP TABLE bench_skill (idx int, id bigint)")
        cursor.executemany(
            "INSERT INTO bench_skill VALUES (%s, %s)",
            [(index, skill.pk) for index, skill in enumerate(skills)],
        )
        cursor.execute(
            """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,
                   email, is_staff, is_active, date_joined)
               SELECT '!', false, 'bench-' || g, '', '', '', false, true, now()
               FROM generate_series(1, %s) g""",
            [STAFF],
        )
        # Wards and cities come first in code order: a power law gives them the most staff
        # and leaves the villages on the islands small, as in Tokyo.
        cursor.execute(
            """INSERT INTO lms_staffprofile (user_id, municipality_id, department_id,
                   employee_id, display_name, job_category, active)
               SELECT u.id, m.id, d.id, lpad(u.id::text, 8, '0'), '職員' || u.id, '一般事務',
                      random() > 0.02
               FROM (SELECT id, floor(%s * power(random(), 1.6))::int AS mi,
                            floor(random() * %s)::int AS di
                     FROM auth_user WHERE username LIKE 'bench-%%') u
               JOIN bench_muni m ON m.idx = u.mi
               JOIN bench_dept d ON d.mi = u.mi AND d.di = u.di""",
            [len(municipalities), DEPARTMENTS],
        )
        # One in ROLES + 1 has no role (no StaffRole row).
        cursor.execute(
            """INSERT INTO skills_staffrole (staff_id, role_profile_id)
               SELECT sp.id, r.id
               FROM (SELECT id, floor(random() * %s)::int AS ri FROM lms_staffprofile) sp
               JOIN bench_role r ON r.idx = sp.ri""",
            [ROLES + 1],
        )
        cursor.execute(
            """INSERT INTO skills_staffskilllevel (staff_id, skill_id, level, basis, basis_at,
                   updated_at)
               SELECT sp.id, sk.id, floor(random() * 6)::int, 'assessed',
                      now() - interval '30 days', now()
               FROM lms_staffprofile sp
               CROSS JOIN generate_series(0, %s - 1) k
               JOIN bench_skill sk ON sk.idx = (sp.id * 7 + k * 13) %% %s""",
            [SKILLS_PER_PERSON, SKILLS],
        )
        # Two pieces of evidence per level: an older self-assessment, then the assessment.
        cursor.execute(
            """INSERT INTO skills_skillevidence (staff_id, skill_id, level, source, observed_at,
                   reference)
               SELECT staff_id, skill_id, greatest(level - 1, 0), 'self',
                      now() - interval '200 days', '' FROM skills_staffskilllevel
               UNION ALL
               SELECT staff_id, skill_id, level, 'assessment', now() - interval '30 days', ''
               FROM skills_staffskilllevel"""
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM skills_skillevidence")
        evidence = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM skills_staffskilllevel")
        levels = cursor.fetchone()[0]
    return {"staff": STAFF, "levels": levels, "evidence": evidence}


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure() -> dict:
    """Runs in the child process, against the throw-away PostgreSQL."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from skills import portfolio_compute
    from skills.models import PortfolioCell, StaffSkillLevel

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    made = generate()
    made["generate_s"] = round(time.perf_counter() - started, 1)

    recompute_s = timed(portfolio_compute.recompute)
    cells = PortfolioCell.objects.count()

    naive = []
    with connection.cursor() as cursor:
        for _ in range(3):
            naive.append(timed(lambda: (cursor.execute(NAIVE_HEATMAP), cursor.fetchall())))
    naive_s = statistics.median(naive)

    admin = get_user_model().objects.create_superuser("bench-admin", password=None)
    client = Client()
    client.force_login(admin)
    variants = [
        {},
        {"role": "role1"},
        {"kind": "特別区"},
        {"region": "多摩", "sort": "gap"},
        {"indicator": "mean"},
        {"department": "部署3"},
    ]

    def requests(path: str) -> list[float]:
        samples = []
        for index in range(REQUESTS):
            params = variants[index % len(variants)]
            samples.append(timed(lambda params=params: client.get(path, params)))
            assert client.get(path, params).status_code == 200
        return samples

    api = requests("/api/v1/portfolio/")
    dashboard = requests("/portfolio/")

    level = StaffSkillLevel.objects.order_by("pk").first()

    def change_one_level() -> None:
        with transaction.atomic():
            level.level = (level.level + 1) % 6
            level.save()

    incremental_s = timed(change_one_level)
    return {
        **made,
        "cells": cells,
        "recompute_s": recompute_s,
        "naive_s": naive_s,
        "api_p95_s": p95(api),
        "dashboard_p95_s": p95(dashboard),
        "api_median_s": statistics.median(api),
        "dashboard_median_s": statistics.median(dashboard),
        "incremental_s": incremental_s,
    }


def run() -> dict:
    from scripts.services import postgres

    with postgres() as url:
        environment = {**os.environ, "DATABASE_URL": url}
        child = subprocess.run(
            [sys.executable, "-m", "bench.portfolio"],
            env=environment,
            capture_output=True,
            text=True,
        )
    if child.returncode != 0:
        raise RuntimeError(f"portfolio bench failed:\n{child.stderr[-4000:]}")
    found = json.loads(child.stdout.strip().splitlines()[-1])
    made = {key: found[key] for key in ("staff", "levels", "evidence", "generate_s", "cells")}
    print(f"   generated: {json.dumps(made)}", flush=True)
    naive_ms = found["naive_s"] * 1000
    return {
        "portfolio_api_p95": figure(found["api_p95_s"] * 1000, "ms", naive_ms, "≤ 200 ms"),
        "portfolio_dashboard_p95": figure(
            found["dashboard_p95_s"] * 1000, "ms", naive_ms, "≤ 200 ms"
        ),
        "portfolio_api_median": figure(
            found["api_median_s"] * 1000, "ms", naive_ms, "p95 ≤ 200 ms (median for noise)"
        ),
        "portfolio_dashboard_median": figure(
            found["dashboard_median_s"] * 1000, "ms", naive_ms, "p95 ≤ 200 ms (median for noise)"
        ),
        "portfolio_full_recompute": figure(found["recompute_s"], "s", found["naive_s"], "≤ 60 s"),
        "portfolio_incremental_update": figure(
            found["incremental_s"] * 1000,
            "ms",
            found["recompute_s"] * 1000,
            "far below a recompute",
        ),
        "portfolio_api_vs_naive_ratio": figure(
            found["naive_s"] / found["api_p95_s"], "×", None, "≥ 50×"
        ),
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
