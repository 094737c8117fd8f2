"""Lessons made from a recording's chapters, and what a re-cut (chapters edited later) does to them.

The pipeline's clips are stood in for by VideoAsset rows (no ffmpeg): what is tested is how
lessons follow chapters. The whole path with real video is in tests/media_pipeline.
"""

import pytest
from wagtail.models import WorkflowState

from courses.lessons_from_chapters import Release, sync_lessons
from courses.models import LessonPage, LessonProgress
from media_pipeline.models import Chapter, VideoAsset
from skills.models import Quiz
from tests.factories import make_course, staff_user
from tests.skills.factories import QuizFactory

pytestmark = pytest.mark.django_db


def recording(title: str = "ガバメントクラウド勉強会", chapters=("導入", "本題", "まとめ")):
    video = VideoAsset.objects.create(title=title, status=VideoAsset.Status.READY, duration=90)
    for index, name in enumerate(chapters, start=1):
        add_chapter(video, index, name)
    return video


def add_chapter(video: VideoAsset, index: int, title: str) -> Chapter:
    start = (index - 1) * 30.0
    clip = VideoAsset.objects.create(
        title=title,
        kind=VideoAsset.Kind.CLIP,
        parent=video,
        status=VideoAsset.Status.READY,
        duration=30,
    )
    return Chapter.objects.create(
        recording=video, index=index, title=title, start=start, end=start + 30, clip=clip
    )


def renumber(video: VideoAsset, titles: list[str]) -> None:
    """The officer's new chapter order, by title (as the chapter editor saves it)."""
    for index, title in enumerate(titles, start=1):
        Chapter.objects.filter(recording=video, title=title).update(index=index)


def remove_chapter(video: VideoAsset, title: str) -> None:
    """As the pipeline does: the chapter goes, and once lessons are synced its clip goes too."""
    Chapter.objects.filter(recording=video, title=title).delete()


def course_titles(course) -> list[str]:
    return [lesson.title for lesson in LessonPage.objects.child_of(course).live().order_by("path")]


@pytest.fixture
def course(course_index):
    return make_course(course_index, title="クラウド入門", slug="cloud-intro")


def test_lessons_get_readable_addresses_from_the_course(course):
    lessons = sync_lessons(recording(), course)
    assert [lesson.slug for lesson in lessons] == [
        "cloud-intro-1",
        "cloud-intro-2",
        "cloud-intro-3",
    ]


def test_a_chapter_added_before_the_others_keeps_every_lesson_and_its_history(course):
    video = recording()
    first, second, third = sync_lessons(video, course)
    quiz = QuizFactory(lesson=second, title="本題の確認")
    learner = staff_user()
    LessonProgress.objects.create(user=learner, lesson=second, watched_seconds=25)
    add_chapter(video, 0, "はじめに")
    renumber(video, ["はじめに", "導入", "本題", "まとめ"])
    lessons = sync_lessons(video, course)
    assert [lesson.pk for lesson in lessons[1:]] == [first.pk, second.pk, third.pk]
    assert course_titles(course) == ["はじめに", "導入", "本題", "まとめ"]
    assert Quiz.objects.get(pk=quiz.pk).lesson_id == second.pk
    assert LessonProgress.objects.get(user=learner).lesson_id == second.pk


def test_reordered_chapters_reorder_the_lessons_not_their_content(course):
    video = recording()
    first, second, third = sync_lessons(video, course)
    renumber(video, ["まとめ", "導入", "本題"])
    lessons = sync_lessons(video, course)
    assert [lesson.pk for lesson in lessons] == [third.pk, first.pk, second.pk]
    assert course_titles(course) == ["まとめ", "導入", "本題"]


def test_a_lesson_whose_chapter_is_gone_is_retired_and_kept(course):
    video = recording()
    _first, second, _third = sync_lessons(video, course)
    quiz = QuizFactory(lesson=second)
    remove_chapter(video, "本題")
    sync_lessons(video, course)
    second.refresh_from_db()
    assert not second.live and second.retired_at is not None
    assert Quiz.objects.get(pk=quiz.pk).lesson_id == second.pk
    assert course_titles(course) == ["導入", "まとめ"]


def test_a_retired_lesson_is_not_revived_by_another_chapter_of_the_same_title(course):
    video = recording(chapters=("導入", "本題"))
    retired = sync_lessons(video, course)[1]
    QuizFactory(lesson=retired, title="古い本題の確認")
    remove_chapter(video, "本題")
    sync_lessons(video, course)
    video.clips.exclude(chapter__isnull=False).delete()
    another = recording(title="第2回勉強会", chapters=("本題",))
    [lesson] = sync_lessons(another, course)
    assert lesson.pk != retired.pk
    retired.refresh_from_db()
    assert not retired.live


def test_a_lesson_the_officer_wrote_before_the_cut_gets_its_chapter(course):
    from tests.factories import make_lesson

    written = make_lesson(course, title="本題")
    lessons = sync_lessons(recording(), course)
    assert lessons[1].pk == written.pk and lessons[1].video_id is not None


def test_for_review_the_lessons_are_drafts_nobody_submitted_yet(course):
    lessons = sync_lessons(recording(), course, Release.FOR_REVIEW)
    assert not any(LessonPage.objects.get(pk=lesson.pk).live for lesson in lessons)
    assert not WorkflowState.objects.filter(object_id=str(lessons[0].pk)).exists()


def test_a_re_cut_of_reviewed_lessons_leaves_the_published_version_to_staff(course):
    video = recording()
    sync_lessons(video, course)
    Chapter.objects.filter(recording=video, title="本題").update(title="本題（改）")
    sync_lessons(video, course, Release.FOR_REVIEW)
    assert course_titles(course) == ["導入", "本題", "まとめ"]
