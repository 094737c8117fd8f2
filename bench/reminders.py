"""Reminders to 10,000 people through an SMTP server on loopback, against plain smtplib sending
the same 10,000 prepared messages over one connection (no Django, no database), in the same run.

A child process on a fresh SQLite database (a temporary VAR_DIR, DEBUG off) makes 10,000 staff
with an address in one assignment due in 7 days, starts aiosmtpd (its discarding `Sink` handler)
in a process of its own, and times `send_reminders` for the due-date reminder: composing each
mail, recording notices and the outbox, and sending in batches of EMAIL_BATCH_SIZE, each mail
marked sent as the server accepts it. It checks that 10,000 were sent, then times a second run
the same day (which must send nothing), then the baseline over the messages the first run sent.

    python -m bench reminders        (or: make bench)
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import figure

PEOPLE = int(os.environ.get("BENCH_REMINDER_PEOPLE", "10000"))
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_sink(port: int):
    """aiosmtpd in its own process, discarding what it receives."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        import smtplib

        while True:
            try:
                smtplib.SMTP("127.0.0.1", port, timeout=2).quit()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def populate(people: int):
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from organisation.models import Municipality, StaffProfile
    from training.models import Assignee, Assignment, LearningPath

    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"bench{n:06d}", email=f"bench{n:06d}@example.jp", password="!")
        for n in range(people)
    )
    shinjuku = Municipality.objects.get(code="131041")
    staff = StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user, municipality=shinjuku, employee_id=f"B{n:06d}", display_name=f"職員 {n}"
        )
        for n, user in enumerate(users)
    )
    due = timezone.localdate() + datetime.timedelta(days=7)
    assignment = Assignment.objects.create(
        title="情報セキュリティ研修",
        path=LearningPath.objects.create(title="情報セキュリティ"),
        starts_on=due - datetime.timedelta(days=60),
        due_on=due,
        remind_days_before=7,
    )
    added = timezone.now() - datetime.timedelta(days=30)
    Assignee.objects.bulk_create(
        Assignee(assignment=assignment, staff=person, added_at=added) for person in staff
    )


def measure() -> dict:
    """In the child process: populate, then time the product and the baseline."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    django.setup()
    import smtplib

    from django.conf import settings
    from django.core.management import call_command

    from notifications.delivery import message_for
    from notifications.models import Delivery
    from training.reminders import send_reminders

    call_command("migrate", verbosity=0)
    populate(PEOPLE)
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    with smtp_sink(port):
        started = time.perf_counter()
        first = send_reminders()
        product = time.perf_counter() - started
        if first.as_dict() != {"sent": PEOPLE, "skipped": 0, "failed": 0}:
            raise RuntimeError(f"first run: {first.as_dict()}")
        started = time.perf_counter()
        second = send_reminders()
        again = time.perf_counter() - started
        if second.as_dict() != {"sent": 0, "skipped": PEOPLE, "failed": 0}:
            raise RuntimeError(f"second run: {second.as_dict()}")
        prepared = [
            (row.to, message_for(row).message().as_bytes(linesep="\r\n"))
            for row in Delivery.objects.order_by("pk")
        ]
        sender = settings.DEFAULT_FROM_EMAIL
        started = time.perf_counter()
        connection = smtplib.SMTP("127.0.0.1", port, timeout=10)
        for to, message in prepared:
            connection.sendmail(sender, [to], message)
        connection.quit()
        baseline = time.perf_counter() - started
    return {"product": product, "second_run": again, "baseline": baseline}


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as folder:
        environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        environment.update(
            {"VAR_DIR": folder, "DEBUG": "false", "SECRET_KEY": "bench-only-secret-key"}
        )
        child = subprocess.run(
            [sys.executable, "-m", "bench.reminders"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    if child.returncode != 0:
        raise RuntimeError(f"reminders: {child.stderr[-2000:]}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"   {PEOPLE} people: {json.dumps(result)}", flush=True)
    return {
        "reminders_10k_smtp_seconds": figure(
            result["product"],
            "s",
            result["baseline"],
            f"send_reminders to {PEOPLE:,} people (compose, record, send in batches over SMTP on "
            "loopback, each marked as accepted) against smtplib sending the same prepared "
            "messages over one connection",
        ),
        "reminders_10k_second_run_seconds": figure(
            result["second_run"],
            "s",
            result["product"],
            "a second run the same day: sends nothing; baseline is the first run",
        ),
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
