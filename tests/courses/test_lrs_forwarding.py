"""Forwarding to a real learning record store: ralph's LRS with its file backend, on loopback."""

import base64
import json
import os
import subprocess
import sys
import threading
import urllib.request
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from courses.lrs_forwarding import ForwardingFailed, claim_lease, forward_pending
from courses.models import XapiStatement
from courses.xapi_outbox import claim_batch
from scripts.services import free_port, wait_for_port
from tests.courses.lrs_servers import DrippingLRS, HangingLRS
from tests.factories import make_course, make_lesson, staff_user
from tests.services import unavailable

pytestmark = [pytest.mark.django_db, pytest.mark.services]

USERNAME, PASSWORD = "lms", "lrs-secret-for-tests"
# ralph 5.1's file backend writes its statements file with "create", so a second POST fails;
# appending is what a running LRS needs.
RUN_LRS = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@pytest.fixture(scope="module")
def lrs(tmp_path_factory):
    """ralph's LRS (FastAPI under uvicorn) storing statements in a JSON-lines file."""
    try:
        import bcrypt
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        unavailable(f"ralph's LRS is not installed: {error}")
    folder = tmp_path_factory.mktemp("lrs")
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    agent = {"account": {"name": USERNAME, "homePage": "http://127.0.0.1"}}
    (folder / "auth.json").write_text(
        json.dumps([{"username": USERNAME, "hash": hashed, "scopes": ["all"], "agent": agent}])
    )
    port = free_port()
    environment = {
        **os.environ,
        "RALPH_AUTH_FILE": str(folder / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder),
        "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(folder),
    }
    server = subprocess.Popen(
        [sys.executable, "-c", RUN_LRS, str(port)], env=environment, cwd=folder
    )
    try:
        wait_for_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}/xAPI/statements"
    finally:
        server.terminate()
        server.wait(10)


def stored_in_lrs(url: str) -> list[dict]:
    request = urllib.request.Request(url + "?limit=500")
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    request.add_header("X-Experience-API-Version", "1.0.3")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["statements"]


@pytest.fixture
def lesson(course_index):
    return make_lesson(make_course(course_index), duration=100)


def post_beat(client, lesson, session: str, seq: int, event: str, segments: list):
    body = {
        "lesson": lesson.id,
        "session": session,
        "seq": seq,
        "segments": segments,
        "position": segments[-1][1] if segments else 0,
        "event": event,
        "rate": 1,
    }
    return client.post("/api/v1/progress/", json.dumps(body), content_type="application/json")


@pytest.fixture
def statements(client, lesson):
    client.force_login(staff_user())
    session = str(uuid.uuid4())
    post_beat(client, lesson, session, 1, "play", [])
    post_beat(client, lesson, session, 2, "pause", [[0, 20]])
    return {str(row.id) for row in XapiStatement.objects.all()}


@pytest.fixture(params=[HangingLRS, DrippingLRS], ids=["hanging", "dripping"])
def misbehaving_lrs(request):
    """An LRS that accepts the request and then never answers, or answers a byte a second."""
    server = request.param()
    yield server
    server.close()


class Forwarder(threading.Thread):
    """forward_pending() run beside the test, as a worker would, on its own connection."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.outcome: int | Exception | None = None

    def run(self) -> None:
        try:
            self.outcome = forward_pending()
        except Exception as error:  # the test inspects whatever ended the run
            self.outcome = error
        finally:
            connection.close()


@pytest.fixture
def lrs_settings(settings, lrs):
    settings.XAPI_LRS_URL = lrs
    settings.XAPI_LRS_USERNAME = USERNAME
    settings.XAPI_LRS_PASSWORD = PASSWORD
    return settings


def test_statements_reach_the_lrs_once(lrs_settings, lrs, statements):
    assert forward_pending() == 3
    assert forward_pending() == 0
    held = {s["id"] for s in stored_in_lrs(lrs)}
    assert statements <= held


def test_nothing_is_lost_while_the_lrs_is_down(lrs_settings, lrs, statements):
    lrs_settings.XAPI_LRS_URL = f"http://127.0.0.1:{free_port()}/xAPI/statements"
    with pytest.raises(ForwardingFailed):
        forward_pending()
    waiting = XapiStatement.objects.filter(forwarded_at__isnull=True)
    assert waiting.count() == 3
    assert all(row.forward_attempts == 1 and row.forward_error for row in waiting)

    lrs_settings.XAPI_LRS_URL = lrs
    assert forward_pending() == 3
    assert statements <= {s["id"] for s in stored_in_lrs(lrs)}


def test_a_batch_the_lrs_already_holds_is_not_an_error(lrs_settings, lrs, statements):
    forward_pending()
    XapiStatement.objects.update(forwarded_at=None)  # as if the LRS's answer had been lost
    assert forward_pending() == 3


def test_forward_xapi_command_reports_how_many_it_sent(lrs_settings, statements, capsys):
    call_command("forward_xapi")
    assert "3 statements forwarded." in capsys.readouterr().out


def test_a_beat_and_a_sign_in_are_answered_while_the_lrs_holds_the_forwarder(
    transactional_db, settings, misbehaving_lrs, statements, lesson
):
    settings.XAPI_LRS_URL = misbehaving_lrs.url
    settings.XAPI_LRS_TIMEOUT_SECONDS = 60
    forwarder = Forwarder()
    forwarder.start()
    assert misbehaving_lrs.request_arrived.wait(10)

    learner = Client()
    learner.force_login(staff_user())
    beat = post_beat(learner, lesson, str(uuid.uuid4()), 1, "play", [])
    signing_in = staff_user()
    sign_in = Client().post(
        "/accounts/login/", {"username": signing_in.username, "password": "pass-for-tests"}
    )

    assert beat.status_code == 200
    assert sign_in.status_code == 302
    assert forwarder.is_alive(), "both were answered while the LRS still held the forwarder"
    misbehaving_lrs.close()
    forwarder.join(30)
    assert isinstance(forwarder.outcome, ForwardingFailed)


def test_no_database_transaction_stays_open_while_the_lrs_is_waited_for(
    transactional_db, settings, misbehaving_lrs, statements
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL shows open transactions; on SQLite the beat test shows the lock")
    settings.XAPI_LRS_URL = misbehaving_lrs.url
    settings.XAPI_LRS_TIMEOUT_SECONDS = 60
    forwarder = Forwarder()
    forwarder.start()
    assert misbehaving_lrs.request_arrived.wait(10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state LIKE 'idle in transaction%%'"
        )
        idle_in_transaction = cursor.fetchone()[0]
    misbehaving_lrs.close()
    forwarder.join(30)
    assert idle_in_transaction == 0


def test_the_deadline_cuts_off_a_misbehaving_lrs(settings, misbehaving_lrs, statements):
    settings.XAPI_LRS_URL = misbehaving_lrs.url
    settings.XAPI_LRS_TIMEOUT_SECONDS = 2
    with pytest.raises(ForwardingFailed):
        forward_pending()
    assert misbehaving_lrs.client_hung_up.wait(5)
    assert not misbehaving_lrs.gave_up.is_set()


def test_statements_held_up_by_a_misbehaving_lrs_reach_the_lrs_on_the_next_run(
    lrs_settings, lrs, misbehaving_lrs, statements
):
    lrs_settings.XAPI_LRS_URL = misbehaving_lrs.url
    lrs_settings.XAPI_LRS_TIMEOUT_SECONDS = 2
    with pytest.raises(ForwardingFailed):
        forward_pending()
    waiting = XapiStatement.objects.filter(forwarded_at__isnull=True)
    assert {str(row.id) for row in waiting} == statements
    assert all(row.forward_attempts == 1 and row.forward_error for row in waiting)

    lrs_settings.XAPI_LRS_URL = lrs
    assert forward_pending() == 3
    assert statements <= {s["id"] for s in stored_in_lrs(lrs)}


def test_statements_claimed_by_a_running_forwarder_are_left_to_it(lrs_settings, lrs, statements):
    claim_batch(100, claim_lease())  # a run on another worker, still sending
    assert forward_pending() == 0
    assert not statements & {s["id"] for s in stored_in_lrs(lrs)}


def test_statements_of_a_forwarder_that_died_are_sent_once_its_claim_is_older_than_the_lease(
    lrs_settings, lrs, statements
):
    claim_batch(100, claim_lease())  # the worker died before it recorded anything
    XapiStatement.objects.update(
        forward_claimed_at=timezone.now() - claim_lease() - timedelta(seconds=1)
    )
    assert forward_pending() == 3
    assert statements <= {s["id"] for s in stored_in_lrs(lrs)}


def test_the_lease_outlasts_the_deadline_of_a_batch(settings):
    settings.XAPI_LRS_TIMEOUT_SECONDS = 30
    assert claim_lease() > timedelta(seconds=30)


def test_two_forwarders_at_once_claim_different_statements(transactional_db, statements):
    claims = []
    start = threading.Barrier(2)

    def claim() -> None:
        start.wait()
        try:
            claims.append(claim_batch(2, claim_lease()))
        finally:
            connection.close()

    runs = [threading.Thread(target=claim) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(30)

    first, second = (set(map(str, found.ids)) if found else set() for found in claims)
    assert not first & second
    assert first | second == statements


def test_a_beat_sends_its_statements_to_the_lrs_once_they_are_committed(
    lrs_settings, lrs, client, lesson, django_capture_on_commit_callbacks
):
    lrs_settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(staff_user())
    with django_capture_on_commit_callbacks(execute=True):
        post_beat(client, lesson, str(uuid.uuid4()), 1, "play", [])
    sent = {str(row.id) for row in XapiStatement.objects.filter(forwarded_at__isnull=False)}
    assert len(sent) == 2
    assert sent <= {s["id"] for s in stored_in_lrs(lrs)}
