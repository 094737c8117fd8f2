import json
import uuid

import pytest
from django.urls import reverse

from courses.models import LessonProgress, ViewingBeat
from tests.factories import make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress/"


@pytest.fixture
def lesson(course_index):
    return make_lesson(make_course(course_index), duration=100)


@pytest.fixture
def viewer(client):
    user = staff_user()
    client.force_login(user)
    client.user = user
    return client


def send(client, lesson, session=None, seq=1, segments=((0, 10),), **fields):
    body = {
        "lesson": lesson.id,
        "session": str(session or uuid.uuid4()),
        "seq": seq,
        "segments": [list(s) for s in segments],
        "position": segments[-1][1] if segments else 0,
        "duration": 100,
        "event": "heartbeat",
        "rate": 1,
    }
    body.update(fields)
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_a_beat_adds_the_seconds_played_and_the_resume_point(viewer, lesson):
    answer = send(viewer, lesson, segments=((0, 12.5),)).json()
    assert answer == {"watched": 12.5, "progress": 0.125, "completed": False, "resume_at": 12.5}


def test_seconds_played_again_in_another_session_count_once(viewer, lesson):
    send(viewer, lesson, segments=((0, 30),))
    answer = send(viewer, lesson, segments=((20, 40),)).json()
    assert answer["watched"] == 40


def test_a_repeated_session_and_seq_changes_nothing_and_answers_the_same(viewer, lesson):
    session = uuid.uuid4()
    first = send(viewer, lesson, session=session, seq=3, segments=((0, 10),)).json()
    send(viewer, lesson, session=session, seq=4, segments=((10, 20),))
    again = send(viewer, lesson, session=session, seq=3, segments=((50, 90),)).json()
    assert again == first
    assert ViewingBeat.objects.count() == 2
    assert LessonProgress.objects.get().watched_seconds == 20


def test_beats_arriving_out_of_order_keep_the_latest_resume_point(viewer, lesson):
    session = uuid.uuid4()
    send(viewer, lesson, session=session, seq=2, segments=((15, 30),))
    answer = send(viewer, lesson, session=session, seq=1, segments=((0, 15),)).json()
    assert answer["watched"] == 30
    assert answer["resume_at"] == 30


def test_skipping_to_the_end_never_completes(viewer, lesson):
    session = uuid.uuid4()
    send(viewer, lesson, session=session, seq=1, segments=((0, 5),))
    answer = send(
        viewer, lesson, session=session, seq=2, segments=((95, 100),), event="ended"
    ).json()
    assert answer["completed"] is False
    assert answer["watched"] == 10


def test_ninety_percent_watched_completes_the_lesson(viewer, lesson):
    session = uuid.uuid4()
    send(viewer, lesson, session=session, seq=1, segments=((0, 50),))
    answer = send(viewer, lesson, session=session, seq=2, segments=((50, 90),), rate=2).json()
    assert answer["completed"] is True
    assert LessonProgress.objects.get().completed_at is not None


def test_completion_ratio_is_a_setting(viewer, lesson, settings):
    settings.LESSON_COMPLETION_RATIO = 0.5
    assert send(viewer, lesson, segments=((0, 50),)).json()["completed"] is True


def test_an_ended_lesson_resumes_from_the_beginning(viewer, lesson):
    answer = send(viewer, lesson, segments=((0, 100),), event="ended").json()
    assert answer["resume_at"] == 0


def test_nonsense_is_400_with_a_reason_and_records_nothing(viewer, lesson):
    response = send(viewer, lesson, segments=((10, 5),))
    assert response.status_code == 400
    assert "終了が開始より前" in response.json()["error"]
    assert not LessonProgress.objects.exists()


def test_a_body_that_is_not_json_is_400(viewer):
    response = viewer.post(URL, "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_unpublished_lesson_is_400(viewer, lesson):
    lesson.unpublish()
    response = send(viewer, lesson)
    assert response.status_code == 400
    assert "視聴できません" in response.json()["error"]


def test_a_lesson_restricted_to_another_group_is_400(viewer, lesson):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(page=lesson, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="人事"))
    assert send(viewer, lesson).status_code == 400


def test_anonymous_is_403(client, lesson):
    response = send(client, lesson)
    assert response.status_code == 403
    assert "error" in response.json()


def test_a_flood_from_one_person_is_429(viewer, lesson, settings):
    settings.PROGRESS_RATE_LIMIT = 3
    session = uuid.uuid4()
    codes = [send(viewer, lesson, session=session, seq=n).status_code for n in range(1, 6)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]


def test_a_beacon_posted_as_a_form_is_recorded(viewer, lesson):
    body = {
        "lesson": lesson.id,
        "session": str(uuid.uuid4()),
        "seq": 1,
        "segments": [[0, 7]],
        "position": 7,
        "duration": 100,
        "event": "hidden",
        "rate": 1,
    }
    response = viewer.post(URL, {"beat": json.dumps(body)})
    assert response.status_code == 200
    assert response.json()["watched"] == 7


def test_the_api_requires_a_csrf_token(lesson):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user())
    assert send(client, lesson).status_code == 403


def test_the_progress_route_is_the_promised_one():
    assert reverse("progress_api") == URL


def test_a_lesson_unpublished_while_watched_refuses_the_next_beat(viewer, lesson):
    assert send(viewer, lesson, seq=1).status_code == 200
    lesson.unpublish()
    assert send(viewer, lesson, seq=2).status_code == 400


# Hostile bodies: each is refused with 400 and a reason in JSON, and records nothing.
HOSTILE_BODIES = {
    "100,000 nested brackets": ("application/json", b"[" * 100_000 + b"]" * 100_000),
    "nesting deeper than the parser goes, within the size limit": (
        "application/json",
        b"[" * 30_000 + b"]" * 30_000,
    ),
    "10 MB of JSON": ("application/json", b'{"lesson": "' + b"x" * 10_000_000 + b'"}'),
    "a 10 MB beacon form": (
        "application/x-www-form-urlencoded",
        b"beat=" + b"x" * 10_000_000,
    ),
    "a form of 20,000 fields": ("application/x-www-form-urlencoded", b"a&" * 20_000),
    "a broken multipart body": ("multipart/form-data; boundary=zz", b"--zz\r\nnonsense"),
    "bytes that are not UTF-8": ("application/json", b'{"lesson": "\xff\xfe"}'),
}


@pytest.mark.parametrize("name", HOSTILE_BODIES)
def test_a_hostile_body_is_400_in_json(viewer, name):
    content_type, body = HOSTILE_BODIES[name]
    response = viewer.post(URL, body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert not ViewingBeat.objects.exists()


def test_an_oversize_body_is_refused_in_japanese(viewer):
    response = viewer.post(URL, b"[" + b"0," * 40_000 + b"0]", content_type="application/json")
    assert response.json() == {"error": "本文が大きすぎます。"}
