"""The officers' admin screens: chunked, resumable upload; progress; cancel; permissions."""

import pytest
from django.urls import reverse

from media_pipeline.models import VideoAsset
from tests.factories import officer_user, staff_user

from .conftest import upload

CHUNK_URL = "media_pipeline_videos:upload_chunk"


@pytest.fixture
def officer_client(client, db):
    client.force_login(officer_user())
    return client


def send_chunk(client, key, offset, data):
    url = reverse(CHUNK_URL) + f"?key={key}&offset={offset}"
    return client.post(url, data=data, content_type="application/octet-stream")


@pytest.mark.django_db
def test_chunks_are_appended_and_an_interrupted_upload_resumes(officer_client, media_settings):
    first = send_chunk(officer_client, "talk.mp4:9", 0, b"abcd")
    assert first.json() == {"received": 4}
    resent = send_chunk(officer_client, "talk.mp4:9", 0, b"abcd")
    assert resent.status_code == 409 and resent.json() == {"received": 4}
    asked = officer_client.get(reverse(CHUNK_URL) + "?key=talk.mp4:9")
    assert asked.json() == {"received": 4}
    assert send_chunk(officer_client, "talk.mp4:9", 4, b"efghi").json() == {"received": 9}


@pytest.mark.django_db
def test_an_incomplete_upload_makes_no_video(officer_client, media_settings):
    send_chunk(officer_client, "half.mp4:100", 0, b"x" * 10)
    response = officer_client.post(
        reverse("media_pipeline_videos:add"),
        {
            "title": "途中まで",
            "chapter_mode": "auto",
            "upload_key": "half.mp4:100",
            "file_name": "half.mp4",
            "file_size": 100,
        },
    )
    assert response.status_code == 409
    assert "最後まで届いていません" in response.json()["errors"]["__all__"][0]
    assert not VideoAsset.objects.exists()


@pytest.mark.media
@pytest.mark.django_db
def test_an_uploaded_recording_is_processed_into_a_lesson(
    officer_client, talk_file, media_settings, course_index
):
    from lms.celery import app

    data = talk_file.read_bytes()
    key = "talk.mp4:upload"
    middle = len(data) // 2
    send_chunk(officer_client, key, 0, data[:middle])
    send_chunk(officer_client, key, middle, data[middle:])
    app.conf.task_always_eager = True
    try:
        response = officer_client.post(
            reverse("media_pipeline_videos:add"),
            {
                "title": "アップロードした録画",
                "destination": "",
                "chapter_mode": "none",
                "upload_key": key,
                "file_name": "talk.mp4",
                "file_size": len(data),
            },
        )
    finally:
        app.conf.task_always_eager = False
    video = VideoAsset.objects.get(title="アップロードした録画", kind="recording")
    assert response.json()["redirect"] == reverse("media_pipeline_videos:edit", args=[video.pk])
    assert video.status == VideoAsset.Status.READY and video.chapters.count() == 1
    page = officer_client.get(response.json()["redirect"])
    assert page.status_code == 200 and "video-preview" in page.content.decode()


@pytest.mark.django_db
def test_a_bad_chapter_csv_is_explained_in_japanese(officer_client, media_settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = officer_client.post(
        reverse("media_pipeline_videos:add"),
        {
            "title": "録画",
            "chapter_mode": "manual",
            "chapters_csv": SimpleUploadedFile("c.csv", b"0,100,a\n50,150,b\n"),
            "upload_key": "k",
            "file_name": "a.mp4",
            "file_size": 1,
        },
    )
    assert response.status_code == 400
    assert "2行目" in response.json()["errors"]["chapters_csv"][0]


@pytest.mark.django_db
def test_the_edit_page_shows_progress_and_a_cancel_button(officer_client, tmp_path):
    source = tmp_path / "a.mp4"
    source.write_bytes(b"x")
    video = upload(source)
    VideoAsset.objects.filter(pk=video.pk).update(status="processing", progress=42.4)
    page = officer_client.get(reverse("media_pipeline_videos:edit", args=[video.pk]))
    html = page.content.decode()
    assert 'value="42"' in html and "処理を取り消す" in html
    state = officer_client.get(reverse("media_pipeline_videos:status", args=[video.pk])).json()
    assert state["progress"] == 42.4 and state["running"] is True


@pytest.mark.django_db
def test_cancel_marks_the_job_for_stopping(officer_client, tmp_path):
    source = tmp_path / "a.mp4"
    source.write_bytes(b"x")
    video = upload(source)
    VideoAsset.objects.filter(pk=video.pk).update(status="processing")
    officer_client.post(reverse("media_pipeline_videos:cancel", args=[video.pk]))
    video.refresh_from_db()
    assert video.cancel_requested


@pytest.mark.django_db
def test_staff_cannot_upload(client):
    client.force_login(staff_user())
    assert client.get(reverse("media_pipeline_videos:add")).status_code == 403
    assert send_chunk(client, "k", 0, b"x").status_code == 403


@pytest.mark.django_db
def test_the_upload_page_offers_the_courses(officer_client, course_index):
    from courses.models import CoursePage
    from tests.factories import publish_under

    publish_under(course_index, CoursePage(title="クラウド入門", slug="cloud-intro"))
    page = officer_client.get(reverse("media_pipeline_videos:add"))
    assert page.status_code == 200
    assert "講座: クラウド入門" in page.content.decode()


@pytest.mark.media
@pytest.mark.django_db
def test_a_stalled_video_can_be_started_again(officer_client, tmp_path, media_settings):
    from datetime import timedelta

    from django.utils import timezone

    from lms.celery import app

    source = tmp_path / "a.mp4"
    source.write_text("not a video")
    video = upload(source)
    long_ago = timezone.now() - timedelta(hours=2)
    VideoAsset.objects.filter(pk=video.pk).update(status="processing", updated_at=long_ago)
    page = officer_client.get(reverse("media_pipeline_videos:edit", args=[video.pk]))
    assert "もう一度処理する" in page.content.decode()
    app.conf.task_always_eager = True
    try:
        officer_client.post(reverse("media_pipeline_videos:retry", args=[video.pk]))
    finally:
        app.conf.task_always_eager = False
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.FAILED and "動画" in video.error


@pytest.mark.media
@pytest.mark.django_db
def test_captions_added_later_reach_the_clips(officer_client, videos, media_settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lms.celery import app
    from media_pipeline import pipeline
    from media_pipeline.samples import Talk, make_talk

    video = pipeline.process(upload(make_talk(Talk(8, 160, 90), videos / "later.mp4")))
    srt = "1\n00:00:01,000 --> 00:00:02,000\nあとから付けた字幕\n".encode()
    app.conf.task_always_eager = True
    try:
        officer_client.post(
            reverse("media_pipeline_videos:captions", args=[video.pk]),
            {"captions": SimpleUploadedFile("late.srt", srt)},
        )
    finally:
        app.conf.task_always_eager = False
    clip = video.chapters.get().clip
    clip.refresh_from_db()
    assert clip.transcript_cues() == [{"start": 1.0, "end": 2.0, "text": "あとから付けた字幕"}]


@pytest.mark.django_db
def test_the_video_list_shows_status_and_progress(officer_client, tmp_path):
    source = tmp_path / "a.mp4"
    source.write_bytes(b"x")
    video = upload(source, title="第3回 勉強会")
    VideoAsset.objects.filter(pk=video.pk).update(status="processing", progress=12.5)
    page = officer_client.get(reverse("media_pipeline_videos:index"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "第3回 勉強会" in html and "処理中" in html and "12.5" in html


@pytest.mark.django_db
def test_the_upload_form_and_ingest_video_refuse_bad_captions_in_the_same_words(
    officer_client, media_settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command

    not_captions = "字幕ではありません".encode()
    response = officer_client.post(
        reverse("media_pipeline_videos:add"),
        {
            "title": "録画",
            "chapter_mode": "auto",
            "captions": SimpleUploadedFile("c.srt", not_captions),
            "upload_key": "k",
            "file_name": "a.mp4",
            "file_size": 1,
        },
    )
    [from_the_form] = response.json()["errors"]["captions"]
    video, captions = tmp_path / "a.mp4", tmp_path / "c.srt"
    video.write_bytes(b"x")
    captions.write_bytes(not_captions)
    with pytest.raises(CommandError) as from_the_command:
        call_command("ingest_video", str(video), "--course", "c", "--captions", str(captions))
    assert str(from_the_command.value) == from_the_form


@pytest.mark.media
@pytest.mark.django_db
def test_an_upload_into_a_course_makes_draft_lessons_titled_and_addressed_for_people(
    officer_client, talk_file, media_settings, course_index
):
    from courses.models import CoursePage, LessonPage
    from lms.celery import app
    from tests.factories import publish_under

    course = publish_under(course_index, CoursePage(title="クラウド入門", slug="cloud-intro"))
    page = officer_client.get(reverse("media_pipeline_videos:add")).content.decode()
    destination = "course-review:cloud-intro"
    assert f'value="{destination}"' in page
    data = talk_file.read_bytes()
    send_chunk(officer_client, "talk.mp4:course", 0, data)
    app.conf.task_always_eager = True
    try:
        officer_client.post(
            reverse("media_pipeline_videos:add"),
            {
                "title": "第3回勉強会",
                "destination": destination,
                "chapter_mode": "auto",
                "upload_key": "talk.mp4:course",
                "file_name": "talk.mp4",
                "file_size": len(data),
            },
        )
    finally:
        app.conf.task_always_eager = False
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    assert len(lessons) > 1
    assert not any(lesson.live for lesson in lessons)
    assert [lesson.title for lesson in lessons[:2]] == ["第3回勉強会 第1章", "第3回勉強会 第2章"]
    assert [lesson.slug for lesson in lessons[:2]] == ["cloud-intro-1", "cloud-intro-2"]
