"""Each chapter of a recording becomes a LessonPage of its course, with the chapter's clip.

The pipeline announces finished clips (media_pipeline.signals.clips_ready); a recording meant for
a course carries `destination = "course:<slug>"`. Running again after the officer edits chapters
updates the same lessons (found by their clip) and unpublishes those whose chapter is gone.
A missing course is made in the existing catalogue (courses.catalogue), never anywhere else.
"""

import logging

from django.db import transaction
from django.utils.text import slugify

from media_pipeline.models import VideoAsset

from .catalogue import NoCatalogue, require_catalogue
from .models import CoursePage, LessonPage

COURSE_DESTINATION = "course:"

logger = logging.getLogger(__name__)


def destination_for(course: CoursePage) -> str:
    return f"{COURSE_DESTINATION}{course.slug}"


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


def lesson_slug(recording: VideoAsset, index: int) -> str:
    return slugify(f"video-{recording.pk}-{index}")


@transaction.atomic
def sync_lessons(recording: VideoAsset, course: CoursePage) -> list[LessonPage]:
    """One published lesson per chapter, in chapter order; returns them in that order."""
    lessons = []
    chapters = list(recording.chapters.select_related("clip").order_by("index"))
    for chapter in chapters:
        clip = chapter.clip
        lesson = LessonPage.objects.filter(video=clip).first() if clip else None
        if lesson is None:
            # A lesson the officer wrote before the recording was cut gets its clip.
            lesson = (
                LessonPage.objects.child_of(course)
                .filter(title=chapter.title, video__isnull=True)
                .first()
            )
        if lesson is None:
            lesson = LessonPage(title=chapter.title, slug=lesson_slug(recording, chapter.index))
            course.add_child(instance=lesson)
        lesson.title = chapter.title
        lesson.video = clip
        lesson.duration = int(round(clip.duration or 0)) if clip else 0
        lesson.save_revision().publish()
        lessons.append(lesson)
    current = [lesson.pk for lesson in lessons]
    for stale in LessonPage.objects.filter(video__parent=recording).exclude(pk__in=current):
        stale.unpublish()
    return lessons


def lessons_of(recording: VideoAsset) -> dict[int, LessonPage]:
    """Chapter index → its lesson, for reports (e.g. ingest_video --json)."""
    found = {}
    for chapter in recording.chapters.all():
        lesson = LessonPage.objects.filter(video_id=chapter.clip_id).first()
        if chapter.clip_id and lesson:
            found[chapter.index] = lesson
    return found


def on_clips_ready(sender, recording: VideoAsset, **kwargs) -> None:
    if recording.destination.startswith(COURSE_DESTINATION):
        slug = recording.destination[len(COURSE_DESTINATION) :]
        try:
            course = course_for_slug(slug)
        except NoCatalogue:
            # The recording stays ready; once a catalogue exists, saving its chapters again
            # sends clips_ready anew and the lessons are made.
            logger.warning(
                "no course catalogue for %s: lessons of video %s not made", slug, recording.pk
            )
            return
        sync_lessons(recording, course)
