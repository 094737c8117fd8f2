"""Each chapter of a recording becomes a LessonPage of its course, with the chapter's clip.

The pipeline announces finished clips (media_pipeline.signals.clips_ready); a recording meant for
a course carries `destination = "course:<slug>"` (lessons published at once) or
`"course-draft:<slug>"` (lessons saved unpublished and submitted for approval). Running again
after the officer edits chapters updates the same lessons (found by their clip) and unpublishes
those whose chapter is gone.
A missing course is made in the existing catalogue (courses.catalogue), never anywhere else.
"""

import logging

from django.db import transaction
from django.utils.text import slugify

from media_pipeline.models import VideoAsset

from .catalogue import NoCatalogue, require_catalogue
from .models import CoursePage, LessonPage

COURSE_DESTINATION = "course:"
DRAFT_COURSE_DESTINATION = "course-draft:"

logger = logging.getLogger(__name__)


def destination_for(course: CoursePage, draft: bool = False) -> str:
    prefix = DRAFT_COURSE_DESTINATION if draft else COURSE_DESTINATION
    return f"{prefix}{course.slug}"


def read_destination(destination: str) -> tuple[str, bool] | None:
    """(course slug, lessons as drafts) of a recording meant for a course, else None."""
    for prefix, draft in ((COURSE_DESTINATION, False), (DRAFT_COURSE_DESTINATION, True)):
        if destination.startswith(prefix):
            return destination[len(prefix) :], draft
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


def lesson_slug(recording: VideoAsset, index: int) -> str:
    return slugify(f"video-{recording.pk}-{index}")


def publish_or_submit(page: LessonPage, draft: bool) -> None:
    """Publish the page's new revision, or (draft) leave it waiting in the page's workflow."""
    revision = page.save_revision()
    if not draft:
        revision.publish()
        return
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(page, user=None)


@transaction.atomic
def sync_lessons(
    recording: VideoAsset, course: CoursePage, draft: bool = False
) -> list[LessonPage]:
    """One lesson per chapter, in chapter order; returns them in that order.

    Lessons are published at once, or with `draft` made unpublished and submitted for approval
    (a lesson already published keeps its live version until the new one is approved).
    """
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
            lesson = LessonPage(slug=lesson_slug(recording, chapter.index), live=not draft)
        lesson.title = chapter.title
        lesson.video = clip
        lesson.duration = int(round(clip.duration or 0)) if clip else 0
        if lesson.pk is None:
            course.add_child(instance=lesson)
        elif not lesson.live:
            # An unpublished lesson's row is its draft: it names the clip, so a later sync finds it.
            lesson.save()
        publish_or_submit(lesson, draft)
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
    meant_for = read_destination(recording.destination)
    if meant_for is not None:
        slug, draft = meant_for
        try:
            course = course_for_slug(slug)
        except NoCatalogue:
            # The recording stays ready; once a catalogue exists, saving its chapters again
            # sends clips_ready anew and the lessons are made.
            logger.warning(
                "no course catalogue for %s: lessons of video %s not made", slug, recording.pk
            )
            return
        sync_lessons(recording, course, draft)
