"""Each chapter of a recording becomes a LessonPage of its course, with the chapter's clip.

The pipeline announces finished clips (media_pipeline.signals.clips_ready); a recording meant for
a course carries its destination:
- `course:<slug>`: lessons published at once (ingest_video without --draft);
- `course-draft:<slug>`: lessons saved unpublished and submitted for approval (ingest_video
  --draft, a script with nobody to review);
- `course-review:<slug>`: lessons saved as drafts for the officer to review and submit
  (an upload from the admin).
Running again after the officer edits chapters (a re-cut) finds each lesson by its chapter, never
by position, so a quiz, a rating or anybody's viewing history stays with the content it was
about; a lesson whose chapter is gone is retired (unpublished, kept), never deleted.
A missing course is made in the existing catalogue (courses.catalogue), never anywhere else.
"""

import enum
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from media_pipeline.models import Chapter, VideoAsset

from .catalogue import NoCatalogue, require_catalogue
from .models import CoursePage, LessonPage


class Release(enum.Enum):
    """How the lessons of a recording reach staff."""

    AT_ONCE = "course:"
    FOR_APPROVAL = "course-draft:"
    FOR_REVIEW = "course-review:"


logger = logging.getLogger(__name__)


def destination_for(course: CoursePage, release: Release = Release.AT_ONCE) -> str:
    return f"{release.value}{course.slug}"


def read_destination(destination: str) -> tuple[str, Release] | None:
    """(course slug, how its lessons are released) of a recording meant for a course, else None."""
    for release in Release:
        if destination.startswith(release.value):
            return destination[len(release.value) :], release
    return None


def course_for_slug(slug: str, title: str | None = None) -> CoursePage:
    """The course with this slug, created (and published) under the catalogue if missing.

    Raises NoCatalogue when the course is missing and there is no catalogue to put it in.
    """
    course = CoursePage.objects.filter(slug=slug).first()
    if course is None:
        course = CoursePage(title=title or slug, slug=slug)
        require_catalogue().add_child(instance=course)
        course.save_revision().publish()
    return course


def lesson_slug(course: CoursePage, number: int) -> str:
    """A readable address under the course ("gov-cloud-3"), unused among its pages."""
    base = slugify(f"{course.slug}-{number}", allow_unicode=True) or str(number)
    taken = set(course.get_children().values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def release(page: LessonPage, how: Release) -> None:
    """Publish the page's new revision, submit it for approval, or leave it as a draft."""
    revision = page.save_revision()
    if how is Release.AT_ONCE:
        revision.publish()
        return
    if how is Release.FOR_APPROVAL:
        workflow = page.get_workflow()
        if workflow is not None and not page.workflow_in_progress:
            workflow.start(page, user=None)


def lesson_for(chapter: Chapter, course: CoursePage) -> LessonPage | None:
    """The chapter's lesson: linked to the chapter; or (made before the link) playing its clip;
    or one the officer wrote, by title, before the recording was cut. A retired lesson, or one
    made from another chapter, is never taken."""
    lesson = LessonPage.objects.filter(chapter=chapter).first()
    if lesson is None and chapter.clip_id:
        lesson = LessonPage.objects.filter(
            video_id=chapter.clip_id, chapter__isnull=True, retired_at__isnull=True
        ).first()
    if lesson is None:
        lesson = (
            LessonPage.objects.child_of(course)
            .filter(
                title=chapter.title,
                video__isnull=True,
                chapter__isnull=True,
                retired_at__isnull=True,
            )
            .first()
        )
    return lesson


def retire(lesson: LessonPage) -> None:
    """Take a lesson whose chapter is gone away from staff, keeping it and all that points at it."""
    state = lesson.current_workflow_state
    if state is not None:
        state.cancel(user=None)
    if lesson.live:
        lesson.unpublish()
    LessonPage.objects.filter(pk=lesson.pk).update(retired_at=timezone.now(), live=False)


def keep_in_chapter_order(lessons: list[LessonPage]) -> None:
    """Lessons follow their chapters' order in the course; a lesson is moved only when out of it."""
    for previous, lesson in zip(lessons, lessons[1:], strict=False):
        previous.refresh_from_db(fields=["path"])
        lesson.refresh_from_db(fields=["path"])
        if lesson.path < previous.path:
            lesson.move(previous, pos="right")


@transaction.atomic
def sync_lessons(
    recording: VideoAsset, course: CoursePage, how: Release = Release.AT_ONCE
) -> list[LessonPage]:
    """One lesson per chapter, in chapter order; returns them in that order.

    A lesson already published keeps its live version until a new one is published or approved.
    """
    lessons = []
    for chapter in recording.chapters.select_related("clip").order_by("index"):
        clip = chapter.clip
        lesson = lesson_for(chapter, course)
        if lesson is None:
            lesson = LessonPage(slug=lesson_slug(course, chapter.index), live=False)
        lesson.title = chapter.title
        lesson.video = clip
        lesson.chapter = chapter
        lesson.duration = int(round(clip.duration or 0)) if clip else 0
        if lesson.pk is None:
            course.add_child(instance=lesson)
        else:
            # The link to the chapter is bookkeeping, not content: it holds at once, live or not.
            LessonPage.objects.filter(pk=lesson.pk).update(chapter=chapter)
            if not lesson.live:
                # An unpublished lesson's row is its draft: it names the clip and the title.
                lesson.save()
        release(lesson, how)
        lessons.append(lesson)
    keep_in_chapter_order(lessons)
    current = [lesson.pk for lesson in lessons]
    made_here = LessonPage.objects.filter(video__parent=recording).exclude(pk__in=current)
    for stale in made_here.filter(retired_at__isnull=True):
        retire(stale)
    return lessons


def lessons_of(recording: VideoAsset) -> dict[int, LessonPage]:
    """Chapter index → its lesson, for reports (e.g. ingest_video --json)."""
    return {
        lesson.chapter.index: lesson
        for lesson in LessonPage.objects.filter(chapter__recording=recording).select_related(
            "chapter"
        )
    }


def on_clips_ready(sender, recording: VideoAsset, **kwargs) -> None:
    meant_for = read_destination(recording.destination)
    if meant_for is not None:
        slug, how = meant_for
        try:
            course = course_for_slug(slug)
        except NoCatalogue:
            # The recording stays ready; once a catalogue exists, saving its chapters again
            # sends clips_ready anew and the lessons are made.
            logger.warning(
                "no course catalogue for %s: lessons of video %s not made", slug, recording.pk
            )
            return
        sync_lessons(recording, course, how)
