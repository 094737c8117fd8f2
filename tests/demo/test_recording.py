import pytest
from django.core.management import call_command

from courses.models import CoursePage, LessonPage
from tests.media_pipeline.conftest import needs_ffmpeg

pytestmark = [pytest.mark.media, pytest.mark.django_db]


def test_seed_demo_makes_the_demo_lessons_playable(settings, tmp_path):
    needs_ffmpeg()
    settings.DEBUG = True
    settings.DEMO_RECORDING = True
    settings.MEDIA_X264_PRESET = "ultrafast"
    settings.MEDIA_LADDER = "90:120"
    settings.MEDIA_WORK_DIR = str(tmp_path / "work")
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    course = CoursePage.objects.get(slug="gov-cloud-operations")
    lessons = LessonPage.objects.child_of(course).live()
    playable = [lesson for lesson in lessons if lesson.video and lesson.video.master_playlist_url]
    assert [lesson.title for lesson in playable] == [
        "ガバメントクラウドとは",
        "アカウントと権限の管理",
        "コスト管理の基本",
        "監視と障害対応",
    ]
    assert lessons.count() == 4, "the clips went to the lessons of the same titles"
    assert (
        playable[1].video.transcript_cues()[0]["text"]
        == "アカウントと権限の管理について説明します。"
    )
    assert all(lesson.duration == 16 for lesson in playable)
