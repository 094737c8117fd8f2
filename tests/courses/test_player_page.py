import pytest

from courses.playback import playback_for
from media_pipeline.models import VideoAsset
from tests.factories import make_course, make_lesson, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_video(monkeypatch):
    """The media pipeline's attributes, as courses expects to read them."""
    for name, value in {
        "master_playlist_url": "/playback/hls/master.m3u8",
        "captions_url": "/playback/hls/captions.vtt",
        "storyboard_url": "/playback/hls/storyboard.vtt",
        "poster_url": "",
        "transcript_cues": [(0, 4, "ガバメントクラウドの目的"), (4, 8, "移行の背景")],
    }.items():
        monkeypatch.setattr(VideoAsset, name, value, raising=False)
    return VideoAsset.objects.create(
        title="勉強会", source="sources/x.mp4", status=VideoAsset.Status.READY, duration=24
    )


def test_a_video_still_processing_has_no_playback(course_index, rf):
    video = VideoAsset.objects.create(title="勉強会", source="sources/x.mp4")
    lesson = make_lesson(make_course(course_index), video=video)
    assert playback_for(lesson, rf.get("/")) is None


def test_the_lesson_page_carries_the_stream_captions_and_transcript(
    client, course_index, ready_video
):
    course = make_course(course_index)
    lesson = make_lesson(course, video=ready_video, duration=24)
    make_lesson(course, title="コスト管理の基本")
    client.force_login(staff_user())
    html = client.get(lesson.url).content.decode()
    assert 'data-src="/playback/hls/master.m3u8"' in html
    assert 'kind="captions" src="/playback/hls/captions.vtt"' in html
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


def test_playback_files_need_a_signed_in_user(client, settings):
    folder = settings.MEDIA_ROOT / "hls"
    folder.mkdir(parents=True)
    (folder / "master.m3u8").write_text("#EXTM3U\n")
    assert client.get("/playback/hls/master.m3u8").status_code == 302
    client.force_login(staff_user())
    assert client.get("/playback/hls/master.m3u8").status_code == 200


def test_uploaded_originals_are_not_streamed(client, settings):
    folder = settings.MEDIA_ROOT / "sources" / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / "talk.mp4").write_bytes(b"not really a video")
    client.force_login(staff_user())
    assert client.get("/playback/sources/2026/11/talk.mp4").status_code == 404
