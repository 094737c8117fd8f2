"""The training officer's admin home, and the report of lessons without captions."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.lessons_from_chapters import Release, sync_lessons
from courses.models import LessonProgress, ViewingBeat
from courses.officer_dashboard import course_activity
from media_pipeline.models import VideoAsset
from organisation.models import HRScope
from tests.factories import make_course, make_lesson, municipality, officer_user, staff_user

from .test_lessons_from_chapters import recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    user = officer_user()
    HRScope.objects.create(user=user, municipality=municipality("131041"))
    return user


@pytest.fixture
def course(course_index):
    return make_course(course_index, title="クラウド入門", slug="cloud-intro")


def captioned_lesson(course, title: str):
    video = VideoAsset.objects.create(
        title=title, status=VideoAsset.Status.READY, captions="videos/1/captions/ja.vtt"
    )
    return make_lesson(course, title=title, video=video)


def watched(user, lesson, days_ago: float = 1, completed: bool = False) -> None:
    at = timezone.now() - timedelta(days=days_ago)
    ViewingBeat.objects.create(
        user=user,
        lesson=lesson,
        session=uuid.uuid4(),
        seq=1,
        event="heartbeat",
        position=10,
        received_at=at,
    )
    LessonProgress.objects.update_or_create(
        user=user, lesson=lesson, defaults={"completed_at": at if completed else None}
    )


def test_the_officers_home_offers_the_upload_and_shows_the_jobs(client, officer, tmp_path):
    VideoAsset.objects.create(title="第3回勉強会", status=VideoAsset.Status.PROCESSING, progress=42)
    client.force_login(officer)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("media_pipeline_videos:add") in page and "録画をアップロード" in page
    assert "第3回勉強会" in page and 'value="42"' in page


def test_the_home_counts_drafts_and_lessons_waiting_for_approval(client, officer, course):
    sync_lessons(recording(chapters=("導入", "本題")), course, Release.FOR_REVIEW)
    client.force_login(officer)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "決裁待ちのレッスン 0件" in page
    assert "決裁に回していない下書き 2件" in page


def test_the_home_counts_lessons_without_captions_and_links_the_report(client, officer, course):
    sync_lessons(recording(chapters=("導入", "本題")), course)
    captioned_lesson(course, "字幕つき")
    client.force_login(officer)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "字幕のないレッスンが 2件 あります。" in page
    assert reverse("courses_captions_report") in page


def test_the_captions_report_lists_only_lessons_whose_video_has_no_captions(
    client, officer, course
):
    sync_lessons(recording(chapters=("導入",)), course)
    captioned_lesson(course, "字幕つき")
    make_lesson(course, title="動画のない読み物")
    client.force_login(officer)
    page = client.get(reverse("courses_captions_report")).content.decode()
    assert "導入" in page
    assert "字幕つき" not in page and "動画のない読み物" not in page


def test_staff_may_not_read_the_captions_report(client):
    client.force_login(staff_user())
    assert client.get(reverse("courses_captions_report")).status_code in (302, 403)


def test_the_page_listing_flags_a_lesson_without_captions(client, officer, course):
    sync_lessons(recording(chapters=("導入",)), course)
    client.force_login(officer)
    page = client.get(reverse("wagtailadmin_explore", args=[course.pk])).content.decode()
    assert "導入（字幕なし）" in page


def test_activity_counts_this_weeks_viewers_and_completions_in_the_officers_scope(officer, course):
    lesson = make_lesson(course, title="導入")
    other = make_lesson(course, title="本題")
    in_scope = staff_user()
    watched(in_scope, lesson, completed=True)
    watched(in_scope, other)
    watched(staff_user(), lesson, days_ago=10, completed=True)
    elsewhere = staff_user(municipality=municipality("131059"))
    watched(elsewhere, lesson, completed=True)
    [row] = course_activity(officer)
    assert (row.course.pk, row.viewers, row.completions) == (course.pk, 1, 1)


def test_an_officer_without_a_scope_is_told_so_on_the_home(client, course):
    client.force_login(officer_user())
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "閲覧範囲" in page
