"""Player beats per second through gunicorn on a throw-away PostgreSQL, on this machine.

The server runs as deployed for beats: gunicorn with uvicorn workers serving lms.asgi (the beat
fast lane, courses/beat_lane.py), production settings (DEBUG off), on a PostgreSQL that commits
durably (fsync on), since a beat answered 200 must survive a crash. The load comes from
wrk (C, so the client takes little of the two cores) with bench/beats.lua: many signed-in people
on keep-alive connections, on loopback only, bounded in time. The baseline is the same beats, in
the same run, through Django's whole stack as before the lane (lms.wsgi on gthread workers, one
transaction a beat). After each run the database must hold exactly as many beats as were sent
and answered.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from bench.common import figure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "25000"))
# 25,000 viewers reach the server through a proxy's pool of upstream connections.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "256"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "12"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
WRK_THREADS = 1
# Shared machines are noisy: each server is measured this often, alternately, and the median kept.
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# The baseline: the same beats through Django's whole stack (the `progress` view), on gthread.
BASELINE_THREADS = 32

SETUP = """
import json, sys, time
from datetime import timedelta
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from django.utils.crypto import get_random_string
from demo.catalogue import site_root
from courses.models import CoursePage, LessonPage

index = site_root()
course = CoursePage(title="bench", slug="bench")
index.add_child(instance=course)
lesson = LessonPage(title="bench", slug="bench-lesson", duration=36000)
course.add_child(instance=lesson)
lesson.save_revision().publish()
from organisation.signin import LAST_SEEN, SECOND_FACTOR_DUE
User = get_user_model()
User.objects.bulk_create(
    [User(username=f"bench-{n}", password="!") for n in range(int(sys.argv[1]))], batch_size=2000
)
expires = timezone.now() + timedelta(days=1)
sessions = []
with open(sys.argv[2], "w") as people:
    for user in User.objects.filter(username__startswith="bench-").order_by("pk"):
        key = get_random_string(32)
        data = SessionStore().encode({
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
            # what a sign-in records (organisation/signin.py: start_session)
            LAST_SEEN: int(time.time()),
            SECOND_FACTOR_DUE: False,
        })
        sessions.append(Session(session_key=key, session_data=data, expire_date=expires))
        people.write(f"{key} {_get_new_csrf_string()}\\n")
Session.objects.bulk_create(sessions, batch_size=2000)
print(json.dumps({"lesson": lesson.id}))
"""


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "LOG_LEVEL_LIBRARIES": "ERROR",
        # Bench people beat far faster than real viewers; the limit is not what is measured.
        "PROGRESS_RATE_LIMIT": "1000000",
        # TLS ends at the proxy in front; the bench speaks to the servers behind it, in plain HTTP.
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "VAR_DIR": str(ROOT / ".bench" / "var"),
    }


def run() -> dict:
    from services import ServiceUnavailable, free_port, postgres

    if shutil.which("wrk") is None:
        print("   skipped: wrk is not installed (make install as root brings Debian's wrk)")
        return {}
    try:
        with postgres(durable=True) as database_url:
            return measure(database_url, free_port())
    except ServiceUnavailable as error:
        print(f"   skipped: {error}")
        return {}


def wrk(port: int, lesson: int, people_file: Path, seconds: int) -> dict:
    """One wrk run; its script prints the figures as the last line."""
    env = {
        **os.environ,
        "BENCH_PEOPLE": str(people_file),
        "BENCH_LESSON": str(lesson),
        "BENCH_SECONDS": str(seconds),
        "BENCH_THREADS": str(WRK_THREADS),
    }
    done = subprocess.run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{seconds + 10}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "beats.lua"),
            f"http://127.0.0.1:{port}/",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["per_second"] = sum(result["statuses"].values()) / result["seconds"]
    return result


def beats_in_database(pg_url: str) -> int:
    import psycopg

    with psycopg.connect(pg_url) as connection:
        return connection.execute("SELECT count(*) FROM courses_viewingbeat").fetchone()[0]


def recorded_beats(
    server: list[str], port: int, env: dict, pg_url: str, lesson: int, people_file: Path
) -> dict:
    """Beats through one server: warmed up, then measured; every beat sent must be stored."""
    from services import wait_for_port

    process = subprocess.Popen(
        [
            *server,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
            "--preload",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(port)
        wrk(port, lesson, people_file, 3)
        before = beats_in_database(pg_url)
        beats = wrk(port, lesson, people_file, SECONDS)
    finally:
        process.terminate()
        process.wait(30)
    stored = beats_in_database(pg_url) - before
    accepted = beats["statuses"].get("200", 0)
    print(f"   {server[1]}: {json.dumps(beats)}; stored {stored}")
    if not (stored == accepted == beats["sent"]):
        raise RuntimeError(
            f"beats sent {beats['sent']}, accepted {accepted}, in the database {stored}"
        )
    return {**beats, "stored": stored}


def median_run(runs: list[dict]) -> dict:
    """The run with the median rate, whole, so its latencies belong to it."""
    return sorted(runs, key=lambda run: run["per_second"])[len(runs) // 2]


def measure(database_url: str, port: int) -> dict:
    env = environment(database_url)
    pg_url = database_url.replace("postgres://", "postgresql://")
    python = sys.executable
    people_file = ROOT / ".bench" / "people.txt"
    people_file.parent.mkdir(exist_ok=True)
    subprocess.run(
        [python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    made = subprocess.run(
        [python, "-c", SETUP, str(PEOPLE), str(people_file)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lesson = json.loads(made.stdout.strip().splitlines()[-1])["lesson"]
    gunicorn = str(Path(python).parent / "gunicorn")
    pairs = [
        (
            recorded_beats(
                [
                    gunicorn,
                    "lms.wsgi",
                    "--worker-class",
                    "gthread",
                    "--threads",
                    str(BASELINE_THREADS),
                ],
                port,
                env,
                pg_url,
                lesson,
                people_file,
            ),
            recorded_beats(
                [
                    gunicorn,
                    "lms.asgi:application",
                    "--worker-class",
                    "uvicorn.workers.UvicornWorker",
                ],
                port,
                # Django under ASGI runs each request's sync part in a thread of its own (README).
                {**env, "DATABASE_CONN_MAX_AGE": "0"},
                pg_url,
                lesson,
                people_file,
            ),
        )
        for _ in range(RUNS)
    ]
    baseline = median_run([base for base, _ in pairs])
    beats = median_run([lane for _, lane in pairs])
    every_run = ", ".join(f"{lane['per_second']:.0f}" for _, lane in pairs)
    load_average = os.getloadavg()[0]
    where = (
        f"gunicorn {WORKERS} uvicorn workers, PostgreSQL with fsync, {CONNECTIONS} connections "
        f"from wrk, {PEOPLE} people, machine load average {load_average:.1f} on "
        f"{os.cpu_count()} cores"
    )
    return {
        "viewing.beats_per_second": {
            **figure(beats["per_second"], "beats/s", baseline["per_second"], "2500 beats/s"),
            "ratio": round(beats["per_second"] / baseline["per_second"], 3),
            "note": f"{where}; median of {RUNS} runs ({every_run} beats/s); baseline: the "
            f"same beats through Django's whole stack (lms.wsgi, gthread {WORKERS}x"
            f"{BASELINE_THREADS}, one transaction a beat), median of as many runs in between",
        },
        "viewing.beat_latency_p50": figure(beats["p50"], "ms", baseline["p50"], "-"),
        "viewing.beat_latency_p95": figure(beats["p95"], "ms", baseline["p95"], "-"),
        "viewing.beat_latency_p99": figure(beats["p99"], "ms", baseline["p99"], "-"),
        "viewing.beats_stored_equal_sent": {
            "value": beats["stored"],
            "unit": "beats",
            "baseline": beats["sent"],
            "ratio": 1.0,
            "goal": "every beat sent is in the database once",
        },
    }
