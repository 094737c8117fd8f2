import re

import pytest

from courses.playback import playback_for
from media_pipeline.models import VideoAsset
from tests.courses.streams import publish_as_video
from tests.factories import make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db


CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:04.000
ガバメントクラウドの目的

00:00:04.000 --> 00:00:08.000
移行の背景
"""


@pytest.fixture
def ready_video(settings, tmp_path):
    """A published video as the pipeline leaves it: a playlist, captions and a storyboard."""
    stream = tmp_path / "stream"
    stream.mkdir()
    (stream / "master.m3u8").write_text("#EXTM3U\n")
    (stream / "captions.vtt").write_text(CAPTIONS)
    (stream / "storyboard.vtt").write_text("WEBVTT\n")
    return publish_as_video(stream, settings.MEDIA_ROOT, duration=24)


def test_a_video_still_processing_has_no_playback(course_index, rf):
    video = VideoAsset.objects.create(title="勉強会", source="sources/x.mp4")
    lesson = make_lesson(make_course(course_index), video=video)
    request = rf.get(lesson.url)
    request.user = staff_user()
    assert playback_for(lesson, request) is None


def test_the_lesson_page_carries_the_stream_captions_and_transcript(
    client, course_index, ready_video
):
    course = make_course(course_index)
    lesson = make_lesson(course, video=ready_video, duration=24)
    make_lesson(course, title="コスト管理の基本")
    client.force_login(staff_user())
    html = client.get(lesson.url).content.decode()
    assert re.search(
        r'data-src="/media-pipeline/play/[^/"]+/videos/test-stream/out/master.m3u8"', html
    )
    assert re.search(
        r'kind="captions" src="/media-pipeline/play/[^/"]+/videos/[^"]+/captions.vtt"', html
    )
    assert "ガバメントクラウドの目的" in html
    assert "npm/hls.js/hls.min.js" in html
    assert "次のレッスン" in html
    assert "レッスン 1 / 2" in html


def test_the_page_offers_speeds_from_three_quarters_to_double(client, course_index, ready_video):
    lesson = make_lesson(make_course(course_index), video=ready_video, duration=24)
    client.force_login(staff_user())
    html = client.get(lesson.url).content.decode()
    assert 'value="0.75"' in html and 'value="2"' in html


def test_the_player_resumes_where_the_viewer_stopped(client, course_index, ready_video):
    from courses.models import LessonProgress

    lesson = make_lesson(make_course(course_index), video=ready_video, duration=24)
    user = staff_user()
    LessonProgress.objects.create(user=user, lesson=lesson, resume_at=12.5)
    client.force_login(user)
    assert 'data-resume-at="12.500000"' in client.get(lesson.url).content.decode()
