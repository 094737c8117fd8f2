"""Forwarding to a real learning record store: ralph's LRS with its file backend, on loopback."""

import base64
import json
import os
import subprocess
import sys
import urllib.request
import uuid

import pytest
from django.core.management import call_command

from courses.models import XapiStatement
from courses.xapi import ForwardingFailed, forward_pending
from scripts.services import free_port, wait_for_port
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
def statements(client, course_index):
    lesson = make_lesson(make_course(course_index), duration=100)
    client.force_login(staff_user())
    session = str(uuid.uuid4())
    for seq, event, segments in [(1, "play", []), (2, "pause", [[0, 20]])]:
        body = {
            "lesson": lesson.id,
            "session": session,
            "seq": seq,
            "segments": segments,
            "position": 20 if segments else 0,
            "event": event,
            "rate": 1,
        }
        client.post("/api/v1/progress/", json.dumps(body), content_type="application/json")
    return {str(row.id) for row in XapiStatement.objects.all()}


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
