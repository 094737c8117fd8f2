import io
import json
import uuid

import pytest
from django.core.management import call_command
from ralph.models.selector import ModelSelector
from ralph.models.validator import Validator

from courses.models import XapiStatement
from tests.factories import hr_user, make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress/"


@pytest.fixture(scope="module")
def validator():
    return Validator(ModelSelector(module="ralph.models.xapi"))


@pytest.fixture
def lesson(course_index):
    return make_lesson(make_course(course_index), duration=100)


@pytest.fixture
def watcher(client):
    user = staff_user(user__email="taro@example.jp")
    client.force_login(user)
    return client


def watch(client, lesson):
    """A session: play, watch, seek ahead, watch to 90 %, pause, leave the page."""
    session = str(uuid.uuid4())
    beats = [
        ("play", [], 0, None),
        ("heartbeat", [[0, 30]], 30, None),
        ("seeked", [[30, 40]], 50, 40),
        ("pause", [[50, 60]], 60, None),
        ("play", [], 60, None),
        ("hidden", [[60, 100]], 100, None),
    ]
    for seq, (event, segments, position, seeked_from) in enumerate(beats, start=1):
        body = {
            "lesson": lesson.id,
            "session": session,
            "seq": seq,
            "segments": segments,
            "position": position,
            "duration": 100,
            "event": event,
            "rate": 1.5,
        }
        if seeked_from is not None:
            body["from"] = seeked_from
        response = client.post(URL, json.dumps(body), content_type="application/json")
        assert response.status_code == 200, response.content
    return session


def verbs():
    return [row.statement["verb"]["display"]["en-US"] for row in XapiStatement.objects.all()]


def test_a_viewing_session_becomes_video_profile_statements(watcher, lesson):
    watch(watcher, lesson)
    assert verbs() == [
        "initialized",
        "played",
        "seeked",
        "paused",
        "played",
        "completed",
        "terminated",
    ]


def test_every_statement_validates_as_the_video_profile(watcher, lesson, validator):
    watch(watcher, lesson)
    names = [
        type(validator.get_first_valid_model(row.statement)).__name__
        for row in XapiStatement.objects.all()
    ]
    assert names == [
        "VideoInitialized",
        "VideoPlayed",
        "VideoSeeked",
        "VideoPaused",
        "VideoPlayed",
        "VideoCompleted",
        "VideoTerminated",
    ]


def test_statements_carry_the_session_and_the_played_segments(watcher, lesson):
    session = watch(watcher, lesson)
    terminated = XapiStatement.objects.get(verb__endswith="terminated").statement
    extensions = terminated["result"]["extensions"]
    assert extensions["https://w3id.org/xapi/video/extensions/played-segments"] == (
        "0.0[.]40.0[,]50.0[.]100.0"
    )
    assert extensions["https://w3id.org/xapi/video/extensions/progress"] == 0.9
    context = terminated["context"]["extensions"]
    assert context["https://w3id.org/xapi/video/extensions/session-id"] == session


def test_the_actor_is_an_opaque_account_never_an_email(watcher, lesson, settings):
    watch(watcher, lesson)
    actors = {json.dumps(row.statement["actor"]) for row in XapiStatement.objects.all()}
    assert len(actors) == 1
    actor = json.loads(actors.pop())
    assert actor["account"]["homePage"] == settings.SITE_URL
    assert "mbox" not in actor
    assert "example.jp" not in json.dumps(actor)
    assert str(actor["account"]["name"]) != str(XapiStatement.objects.first().user_id)


def test_a_repeated_beat_adds_no_statement(watcher, lesson):
    body = {
        "lesson": lesson.id,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [],
        "position": 0,
        "event": "play",
        "rate": 1,
    }
    for _ in range(2):
        watcher.post(URL, json.dumps(body), content_type="application/json")
    assert verbs() == ["initialized", "played"]


def test_export_xapi_writes_one_statement_a_line(watcher, lesson):
    watch(watcher, lesson)
    out = io.StringIO()
    call_command("export_xapi", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 7
    assert all(json.loads(line)["stored"] for line in lines)


def test_export_xapi_keeps_to_the_period(watcher, lesson):
    watch(watcher, lesson)
    out = io.StringIO()
    call_command("export_xapi", "--since", "2099-01-01T00:00:00+09:00", stdout=out)
    assert out.getvalue() == ""


def test_export_xapi_refuses_a_date_that_is_not_iso(capsys):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("export_xapi", "--since", "yesterday")


def test_hr_reads_statements_page_by_page(client, watcher, lesson):
    watch(watcher, lesson)
    client.force_login(hr_user())
    first = client.get("/api/v1/xapi/statements?limit=4")
    assert first["X-Experience-API-Version"] == "1.0.3"
    body = first.json()
    assert len(body["statements"]) == 4
    rest = client.get(body["more"]).json()
    assert len(rest["statements"]) == 3
    assert rest["more"] == ""
    ids = [s["id"] for s in body["statements"] + rest["statements"]]
    assert len(set(ids)) == 7


def test_staff_may_not_read_statements(watcher):
    assert watcher.get("/api/v1/xapi/statements").status_code == 403


def test_anonymous_may_not_read_statements(client):
    assert client.get("/api/v1/xapi/statements").status_code == 403


def test_a_bad_since_is_400(client):
    client.force_login(hr_user())
    response = client.get("/api/v1/xapi/statements?since=someday")
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_failure_keeping_statements_answers_503_keeps_no_progress_and_a_retry_completes(
    watcher, lesson, monkeypatch
):
    from django.db import DatabaseError

    from courses.models import LessonProgress

    body = {
        "lesson": lesson.id,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [[0, 30]],
        "position": 30,
        "event": "pause",
        "rate": 1,
    }

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr("courses.xapi_outbox.insert_objects", broken)
        failed = watcher.post(URL, json.dumps(body), content_type="application/json")
    assert failed.status_code == 503
    assert failed["Retry-After"]
    assert not LessonProgress.objects.exists()
    response = watcher.post(URL, json.dumps(body), content_type="application/json")
    assert response.json()["watched"] == 30
    assert verbs() == ["initialized", "paused"]


def test_hr_of_one_municipality_reads_only_its_own_staffs_statements(watcher, lesson, client):
    watch(watcher, lesson)  # the watcher works in 新宿区 (131041)
    client.force_login(hr_user("131121"))  # 世田谷区
    assert client.get("/api/v1/xapi/statements").json()["statements"] == []
    client.force_login(hr_user("131041"))
    assert len(client.get("/api/v1/xapi/statements").json()["statements"]) == 7
