"""Player beats per second through gunicorn on a throw-away PostgreSQL, on this machine.

The server runs with production settings (DEBUG off, gthread workers); the load comes from one
asyncio client on keep-alive connections, on loopback only, bounded in time and count. The
baseline is the same server answering the same signed-in person's GET on the same URL (405,
no progress work), so the ratio says what recording a beat costs on top of Django itself.
Afterwards the database must hold exactly as many beats as the server accepted.
"""

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.common import figure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

PEOPLE = 400
CONNECTIONS = 48
SECONDS = 12
MAX_BEATS = 60_000
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))

SETUP = """
import json, os, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from courses.demo import site_root
from courses.models import CoursePage, LessonPage

index = site_root()
course = CoursePage(title="bench", slug="bench")
index.add_child(instance=course)
lesson = LessonPage(title="bench", slug="bench-lesson", duration=36000)
course.add_child(instance=lesson)
lesson.save_revision().publish()
User = get_user_model()
users = User.objects.bulk_create(
    [User(username=f"bench-{n}", password="!") for n in range(int(sys.argv[1]))]
)
people = []
for user in User.objects.filter(username__startswith="bench-"):
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    people.append({"session": session.session_key, "csrf": _get_new_csrf_string()})
print(json.dumps({"lesson": lesson.id, "people": people}))
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
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "VAR_DIR": str(ROOT / ".bench" / "var"),
    }


def request_bytes(method: str, path: str, person: dict, body: bytes = b"") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Cookie: sessionid={person['session']}; csrftoken={person['csrf']}\r\n"
        f"X-CSRFToken: {person['csrf']}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def load(port: int, make_request, seconds: float, limit: int) -> dict:
    """Send requests on CONNECTIONS keep-alive connections; latencies of each answer."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    sent = 0

    async def connection(number: int) -> None:
        nonlocal sent
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < deadline and sent < limit:
                sent += 1
                payload = make_request(number)
                started = time.perf_counter()
                writer.write(payload)
                status = await read_response(reader)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(connection(n) for n in range(CONNECTIONS)))
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "count": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50": percentile(0.5),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "statuses": statuses,
    }


def beat_maker(lesson: int, people: list[dict]):
    """Each connection speaks for its own share of the people, in turn, each with a session."""
    sessions = [str(uuid.uuid4()) for _ in people]
    seqs = [0] * len(people)
    turns = [0] * CONNECTIONS

    def make(connection: int) -> bytes:
        share = range(connection, len(people), CONNECTIONS)
        index = share[turns[connection] % len(share)]
        turns[connection] += 1
        seqs[index] += 1
        seq = seqs[index]
        body = json.dumps(
            {
                "lesson": lesson,
                "session": sessions[index],
                "seq": seq,
                "segments": [[seq - 1, seq]],
                "position": seq,
                "duration": 36000,
                "event": "heartbeat",
                "rate": 1,
            }
        ).encode()
        return request_bytes("POST", "/api/v1/progress/", people[index], body)

    return make


def wait_for(port: int, timeout: float = 30) -> None:
    from services import wait_for_port

    wait_for_port(port, timeout)


def run() -> dict:
    from services import ServiceUnavailable, free_port, postgres

    try:
        with postgres() as database_url:
            return measure(database_url, free_port())
    except ServiceUnavailable as error:
        print(f"   skipped: {error}")
        return {}


def measure(database_url: str, port: int) -> dict:
    import psycopg

    env = environment(database_url)
    pg_url = database_url.replace("postgres://", "postgresql://")
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    made = subprocess.run(
        [python, "-c", SETUP, str(PEOPLE)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    people = setup["people"]
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "lms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
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
        wait_for(port)
        # Warm up: every worker thread has its database connection and code paths loaded.
        asyncio.run(load(port, beat_maker(setup["lesson"], people), 2, MAX_BEATS))
        baseline = asyncio.run(
            load(
                port,
                lambda n: request_bytes("GET", "/api/v1/progress/", people[n % len(people)]),
                SECONDS / 2,
                MAX_BEATS,
            )
        )
        with psycopg.connect(pg_url) as connection:
            before = connection.execute("SELECT count(*) FROM courses_viewingbeat").fetchone()[0]
        beats = asyncio.run(load(port, beat_maker(setup["lesson"], people), SECONDS, MAX_BEATS))
    finally:
        server.terminate()
        server.wait(30)
    with psycopg.connect(pg_url) as connection:
        stored = (
            connection.execute("SELECT count(*) FROM courses_viewingbeat").fetchone()[0] - before
        )
    accepted = beats["statuses"].get(200, 0)
    print(f"   baseline {json.dumps(baseline)}")
    print(f"   beats {json.dumps(beats)}; stored {stored}")
    if stored != accepted or accepted != beats["count"]:
        raise RuntimeError(
            f"beats sent {beats['count']}, accepted {accepted}, in the database {stored}"
        )
    goal = "2500 beats/s on 2 cores"
    load_average = os.getloadavg()[0]
    where = (
        f"gunicorn gthread {WORKERS}x{THREADS}, PostgreSQL, {CONNECTIONS} connections, "
        f"machine load average {load_average:.1f} on {os.cpu_count()} cores"
    )
    return {
        "viewing.beats_per_second": {
            **figure(beats["per_second"], "beats/s", baseline["per_second"], goal),
            "ratio": round(beats["per_second"] / baseline["per_second"], 3),
            "note": f"{where}; baseline: same server, signed-in GET answered 405",
        },
        "viewing.beat_latency_p50": figure(beats["p50"], "ms", baseline["p50"], "-"),
        "viewing.beat_latency_p95": figure(beats["p95"], "ms", baseline["p95"], "-"),
        "viewing.beat_latency_p99": figure(beats["p99"], "ms", baseline["p99"], "-"),
        "viewing.beats_stored_equal_sent": {
            "value": stored,
            "unit": "beats",
            "baseline": beats["count"],
            "ratio": 1.0,
            "goal": "every beat sent is in the database once",
        },
    }
