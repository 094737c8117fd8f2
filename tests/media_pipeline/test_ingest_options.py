"""ingest_video's options and failures, as DESIGN.md promises them."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from courses.models import LessonPage
from media_pipeline.samples import Talk, make_talk

pytestmark = [pytest.mark.media, pytest.mark.django_db]


def ingest(*args: str) -> dict:
    out = StringIO()
    call_command("ingest_video", *args, "--wait", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_chapters_from_a_csv_become_lessons_with_their_titles(
    videos, tmp_path, media_settings, course_index
):
    path = make_talk(Talk(12, 160, 90, slide_changes=[4.0, 8.0]), videos / "csv-talk.mp4")
    chapters = tmp_path / "chapters.csv"
    chapters.write_text("開始,終了,タイトル\n0,00:00:04,導入\n4,12,本題\n", encoding="utf-8-sig")
    report = ingest(str(path), "--course", "csv-course", "--chapters", str(chapters))
    assert [(c["index"], c["title"], c["start"], c["end"]) for c in report["chapters"]] == [
        (1, "導入", 0, 4),
        (2, "本題", 4, 12),
    ]
    lessons = [LessonPage.objects.get(pk=c["lesson_id"]) for c in report["chapters"]]
    assert [(lesson.title, lesson.duration) for lesson in lessons] == [("導入", 4), ("本題", 8)]


def test_a_file_that_is_not_a_video_fails_with_one_japanese_sentence(
    tmp_path, media_settings, course_index
):
    path = tmp_path / "notes.mp4"
    path.write_text("会議のメモ\n")
    with pytest.raises(CommandError, match="動画として読み取れません"):
        call_command("ingest_video", str(path), "--course", "c", "--wait", stdout=StringIO())


def test_a_missing_file_is_named_in_the_error(media_settings):
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("ingest_video", "/nowhere/talk.mp4", "--course", "c")


def test_unreadable_captions_are_refused_before_anything_is_stored(tmp_path, media_settings):
    from media_pipeline.models import VideoAsset

    video = tmp_path / "talk.mp4"
    video.write_bytes(b"x")
    captions = tmp_path / "captions.srt"
    captions.write_text("字幕ではありません")
    with pytest.raises(CommandError, match="字幕"):
        call_command("ingest_video", str(video), "--course", "c", "--captions", str(captions))
    assert not VideoAsset.objects.exists()


def test_with_draft_the_lessons_wait_unpublished_for_approval(videos, media_settings, course_index):
    from wagtail.models import WorkflowState

    path = make_talk(Talk(6, 160, 90), videos / "draft-talk.mp4")
    report = ingest(str(path), "--course", "drafts", "--chapters", "none", "--draft")
    lesson = LessonPage.objects.get(pk=report["chapters"][0]["lesson_id"])
    assert not lesson.live and lesson.video_id is not None
    assert WorkflowState.objects.for_instance(lesson).get().status == "in_progress"


def test_without_draft_the_lessons_are_published_at_once(videos, media_settings, course_index):
    path = make_talk(Talk(6, 160, 90), videos / "published-talk.mp4")
    report = ingest(str(path), "--course", "published", "--chapters", "none")
    assert LessonPage.objects.get(pk=report["chapters"][0]["lesson_id"]).live


def test_a_refused_ingest_still_answers_in_json(tmp_path, media_settings, course_index):
    video = tmp_path / "talk.mp4"
    video.write_bytes(b"x")
    chapters = tmp_path / "chapters.csv"
    chapters.write_bytes(b"0,10,a\n" * 400_000)
    out = StringIO()
    with pytest.raises(CommandError, match="大きすぎます"):
        call_command(
            "ingest_video",
            str(video),
            "--course",
            "c",
            "--chapters",
            str(chapters),
            "--json",
            stdout=out,
        )
    assert json.loads(out.getvalue())["status"] == "failed"
