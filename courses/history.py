"""A person's own viewing history: what to continue, what is done, minutes per week, courses."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from .models import CoursePage, LessonPage, LessonProgress, ViewingBeat

WEEKS_SHOWN = 8


@dataclass(frozen=True)
class CourseProgress:
    course: CoursePage
    completed: int
    total: int

    @property
    def ratio(self) -> float:
        return self.completed / self.total if self.total else 0.0


def continue_watching(user, limit: int = 6) -> list[LessonProgress]:
    """Lessons started and not finished, the most recent first, each with its resume point."""
    return list(
        LessonProgress.objects.filter(user=user, completed_at__isnull=True, lesson__live=True)
        .select_related("lesson")
        .order_by("-updated_at")[:limit]
    )


def completed_lessons(user, limit: int | None = None) -> list[LessonProgress]:
    rows = (
        LessonProgress.objects.filter(user=user, completed_at__isnull=False)
        .select_related("lesson")
        .order_by("-completed_at")
    )
    return list(rows[:limit] if limit else rows)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def minutes_per_week(user, weeks: int = WEEKS_SHOWN, now: datetime | None = None) -> list[dict]:
    """Minutes of new watching per week (Monday first, Asia/Tokyo), oldest week first."""
    today = timezone.localdate(now or timezone.now())
    first = week_start(today) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    totals = {first + timedelta(weeks=n): 0.0 for n in range(weeks)}
    beats = ViewingBeat.objects.filter(user=user, received_at__gte=since, new_seconds__gt=0)
    for received_at, seconds in beats.values_list("received_at", "new_seconds"):
        totals[week_start(timezone.localtime(received_at).date())] += seconds
    return [{"week": week, "minutes": round(seconds / 60)} for week, seconds in totals.items()]


def course_progress(user) -> list[CourseProgress]:
    """Each live course: how many of its live lessons the person has completed."""
    done = set(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    result = []
    for course in CoursePage.objects.live().order_by("path"):
        lesson_ids = list(LessonPage.objects.child_of(course).live().values_list("id", flat=True))
        result.append(
            CourseProgress(
                course=course,
                completed=len(done.intersection(lesson_ids)),
                total=len(lesson_ids),
            )
        )
    return result


def total_watched_seconds(user) -> float:
    return LessonProgress.objects.filter(user=user).aggregate(s=Sum("watched_seconds"))["s"] or 0.0


def history(user) -> list[LessonProgress]:
    return list(
        LessonProgress.objects.filter(user=user).select_related("lesson").order_by("-updated_at")
    )
