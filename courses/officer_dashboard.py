"""What the training officer's admin home shows: recordings being processed, lessons waiting for
approval, lessons without captions, and this week's learning on the officer's courses.

The officer's courses are the courses they may edit. Activity counts only the staff of the
officer's scope (organisation.access.officer_scope): figures, never names.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from media_pipeline.models import VideoAsset
from organisation.access import officer_scope
from organisation.models import StaffProfile

from .approval import drafts_not_submitted, lessons_awaiting_approval
from .captions_report import lessons_without_captions
from .models import CoursePage, LessonPage, LessonProgress, ViewingBeat

ACTIVITY_DAYS = 7
LISTED = 8


@dataclass(frozen=True)
class CourseActivity:
    course: CoursePage
    # People of the scope who played any of the course's lessons in the period.
    viewers: int
    # Lessons of the course completed in the period (one person, one lesson: one completion).
    completions: int


def jobs_in_progress() -> list[VideoAsset]:
    """Recordings uploaded and not yet ready, with their progress; oldest first."""
    running = [VideoAsset.Status.UPLOADED, VideoAsset.Status.PROCESSING]
    return list(
        VideoAsset.objects.filter(kind=VideoAsset.Kind.RECORDING, status__in=running).order_by(
            "created_at"
        )
    )


def editable(user, queryset):
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return queryset.filter(pk__in=pages.values("pk"))


def approval_queue(user) -> tuple[list[LessonPage], int, list[LessonPage], int]:
    """(waiting for approval, their number, drafts not yet submitted, their number)."""
    waiting = editable(user, lessons_awaiting_approval())
    drafts = editable(user, drafts_not_submitted())
    return list(waiting[:LISTED]), waiting.count(), list(drafts[:LISTED]), drafts.count()


def captions_missing(user) -> int:
    return lessons_without_captions(user).count()


def course_activity(user, days: int = ACTIVITY_DAYS) -> list[CourseActivity]:
    """Per course the officer may edit, the period's viewers and completions in their scope.

    Raises organisation.access.ScopeMissing for an officer without a scope.
    """
    scope = officer_scope(user)
    since = timezone.now() - timedelta(days=days)
    people = scope.within(StaffProfile.objects.all()).values("user_id")
    courses = list(editable(user, CoursePage.objects.all()).order_by("path"))
    activity = []
    for course in courses:
        lessons = LessonPage.objects.child_of(course).values("pk")
        viewers = (
            ViewingBeat.objects.filter(lesson__in=lessons, received_at__gte=since, user__in=people)
            .values("user")
            .distinct()
            .count()
        )
        completions = LessonProgress.objects.filter(
            Q(completed_at__gte=since), lesson__in=lessons, user__in=people
        ).aggregate(n=Count("pk"))["n"]
        activity.append(CourseActivity(course, viewers, completions))
    return activity
