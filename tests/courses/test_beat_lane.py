"""The ASGI fast lane for beats (courses/beat_lane.py), driven as an ASGI server would drive it.

The lane writes in its own thread with its own database connection, so these tests commit.
"""

import asyncio
import json
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from courses.models import LessonProgress, ViewingBeat
from lms.asgi import application
from tests.factories import make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

URL = "/api/v1/progress/"


@pytest.fixture(scope="module", autouse=True)
def writer_connection_closed():
    """The writer thread's connection would keep the test database from being dropped."""
    yield
    application.writer.thread.submit(connections.close_all).result()


@pytest.fixture
def lesson(course_index):
    return make_lesson(make_course(course_index), duration=100)


@pytest.fixture
def signed_in():
    """The cookies of a signed-in staff member: a session and a CSRF token."""
    user = staff_user()
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    return {"user": user, "sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}


def beat(lesson, session=None, seq=1, segments=((0, 10),), **fields) -> dict:
    body = {
        "lesson": lesson.id,
        "session": str(session or uuid.uuid4()),
        "seq": seq,
        "segments": [list(s) for s in segments],
        "position": segments[-1][1],
        "event": "heartbeat",
        "rate": 1,
    }
    body.update(fields)
    return body


async def call(
    body: bytes,
    cookies: dict,
    method: str = "POST",
    token: str | None = None,
    content_type: str = "application/json",
):
    """One request through lms.asgi.application: (status, headers, JSON answer)."""
    headers = [(b"host", b"testserver"), (b"content-type", content_type.encode())]
    jar = "; ".join(f"{name}={value}" for name, value in cookies.items() if name != "user")
    if jar:
        headers.append((b"cookie", jar.encode()))
    token = cookies.get("csrftoken") if token is None else token
    if token:
        headers.append((b"x-csrftoken", token.encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": URL,
        "raw_path": URL.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    delivered = False
    never = asyncio.get_running_loop().create_future()

    async def receive():
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await never

    messages = []

    async def send(message):
        messages.append(message)

    await application(scope, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), json.loads(content) if content else None


def post(body: dict | bytes, cookies: dict, **options):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return asyncio.run(call(raw, cookies, **options))


def test_a_beat_through_the_lane_is_recorded_and_answered(signed_in, lesson):
    status, _, answer = post(beat(lesson, segments=((0, 12.5),)), signed_in)
    assert status == 200
    assert answer == {"watched": 12.5, "progress": 0.125, "completed": False, "resume_at": 12.5}
    assert LessonProgress.objects.get(user=signed_in["user"]).watched_seconds == 12.5


def test_beats_arriving_together_are_written_together(signed_in, lesson, monkeypatch):
    batches = []
    write = application.writer.write
    monkeypatch.setattr(
        application.writer, "write", lambda items: batches.append(len(items)) or write(items)
    )
    session = uuid.uuid4()

    async def together():
        return await asyncio.gather(
            *(
                call(
                    json.dumps(beat(lesson, session, n, ((n * 5 - 5, n * 5),))).encode(), signed_in
                )
                for n in range(1, 21)
            )
        )

    answers = asyncio.run(together())
    assert [status for status, _, _ in answers] == [200] * 20
    assert ViewingBeat.objects.count() == 20
    assert LessonProgress.objects.get().watched_seconds == 100
    assert len(batches) < 20


def test_a_repeated_beat_changes_nothing_and_answers_the_same(signed_in, lesson):
    session = uuid.uuid4()
    first = post(beat(lesson, session, 3, ((0, 10),)), signed_in)[2]
    again = post(beat(lesson, session, 3, ((50, 90),)), signed_in)[2]
    assert again == first
    assert ViewingBeat.objects.count() == 1


def test_without_a_sign_in_cookie_the_lane_answers_403(lesson):
    csrf = _get_new_csrf_string()
    status, _, answer = post(beat(lesson), {"csrftoken": csrf})
    assert status == 403
    assert "ログイン" in answer["error"]


def test_a_session_that_ended_is_403(signed_in, lesson):
    Session.objects.all().delete()
    assert post(beat(lesson), signed_in)[0] == 403
    assert not ViewingBeat.objects.exists()


def test_a_wrong_csrf_token_is_403(signed_in, lesson):
    status, _, answer = post(beat(lesson), signed_in, token=_get_new_csrf_string())
    assert status == 403
    assert "トークン" in answer["error"]


def test_a_session_from_before_a_password_change_is_ended_by_django(signed_in, lesson):
    user = signed_in["user"]
    user.set_password("changed-elsewhere")
    user.save()
    assert post(beat(lesson), signed_in)[0] == 403
    assert not Session.objects.filter(session_key=signed_in["sessionid"]).exists()


def test_a_lesson_with_view_restrictions_is_checked_by_django(signed_in, lesson):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(page=lesson, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="人事"))
    status, _, answer = post(beat(lesson), signed_in)
    assert status == 400
    assert "視聴できません" in answer["error"]


def test_nonsense_is_400_with_the_reason(signed_in, lesson):
    status, _, answer = post(beat(lesson, segments=((10, 5),)), signed_in)
    assert status == 400
    assert "終了が開始より前" in answer["error"]


def test_a_body_larger_than_any_beat_is_400(signed_in):
    status, _, answer = post(b"[" + b"0," * 40_000 + b"0]", signed_in)
    assert status == 400
    assert "大きすぎます" in answer["error"]


def test_other_requests_go_on_to_django(signed_in):
    assert post(b"", signed_in, method="GET")[0] == 405


def test_errors_follow_the_chosen_language(signed_in, lesson):
    cookies = {**signed_in, "django_language": "en"}
    answer = post(beat(lesson, segments=((10, 5),)), cookies)[2]
    assert answer["error"] == "A played segment ends before it starts."


def test_a_database_failure_answers_503_keeps_nothing_and_a_retry_completes(
    signed_in, lesson, monkeypatch
):
    body = beat(lesson, segments=((0, 30),))

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr("courses.recording.insert_objects", broken)
        status, headers, _ = post(body, signed_in)
    assert status == 503
    assert headers[b"retry-after"]
    assert not LessonProgress.objects.exists()
    assert post(body, signed_in)[2]["watched"] == 30


def test_a_beacon_posted_as_a_form_is_recorded(signed_in, lesson):
    from urllib.parse import urlencode

    form = urlencode(
        {
            "csrfmiddlewaretoken": signed_in["csrftoken"],
            "beat": json.dumps(beat(lesson, segments=((0, 7),), event="hidden")),
        }
    ).encode()
    status, _, answer = asyncio.run(
        call(form, signed_in, token="", content_type="application/x-www-form-urlencoded")
    )
    assert status == 200
    assert answer["watched"] == 7


# Hostile bodies: each is refused with 400 and a reason in JSON, and records nothing.
HOSTILE_BODIES = {
    "100,000 nested brackets": ("application/json", b"[" * 100_000 + b"]" * 100_000),
    "nesting deeper than the parser goes, within the size limit": (
        "application/json",
        b"[" * 30_000 + b"]" * 30_000,
    ),
    "10 MB of JSON": ("application/json", b'{"lesson": "' + b"x" * 10_000_000 + b'"}'),
    "a form of 20,000 fields": ("application/x-www-form-urlencoded", b"a&" * 20_000),
    "a broken multipart body": ("multipart/form-data; boundary=zz", b"--zz\r\nnonsense"),
    "bytes that are not UTF-8": ("application/json", b'{"lesson": "\xff\xfe"}'),
}


@pytest.mark.parametrize("name", HOSTILE_BODIES)
def test_a_hostile_body_is_400_in_json(signed_in, name):
    content_type, body = HOSTILE_BODIES[name]
    status, headers, answer = post(body, signed_in, content_type=content_type)
    assert status == 400
    assert headers[b"content-type"] == b"application/json"
    assert answer["error"]
    assert not ViewingBeat.objects.exists()


def signed_in_as(user) -> dict:
    """The cookies of a password sign-in (through the login page, as a person signs in)."""
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": "pass-for-tests"})
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": _get_new_csrf_string()}


def test_a_sign_in_that_owes_its_second_factor_is_not_accepted(lesson, settings):
    from tests.factories import hr_user

    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    status, _, answer = post(beat(lesson), signed_in_as(hr_user()))
    assert status == 403
    assert "確認コード" in answer["error"]
    assert not ViewingBeat.objects.exists()


def test_a_sign_in_that_owes_nothing_is_accepted(lesson, settings):
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    assert post(beat(lesson), signed_in_as(staff_user()))[0] == 200


def test_a_session_idle_past_the_timeout_is_ended_by_django(signed_in, lesson, settings):
    import time

    from organisation.signin import LAST_SEEN

    stored = Session.objects.get(session_key=signed_in["sessionid"])
    data = stored.get_decoded()
    data[LAST_SEEN] = time.time() - settings.SESSION_IDLE_TIMEOUT - 1
    Session.objects.save(stored.session_key, data, stored.expire_date)
    assert post(beat(lesson), signed_in)[0] == 403
    assert not ViewingBeat.objects.exists()


def test_the_lane_answers_with_nosniff(signed_in, lesson):
    _, headers, _ = post(beat(lesson), signed_in)
    assert headers[b"x-content-type-options"] == b"nosniff"
