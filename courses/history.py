"""A person's own viewing history: what to continue, what is done, time per week, courses.

The figures of watched time that `/my/` and `/my/history/` show come from one function,
`watching_summary`, so the two pages agree. Watched time is counted in whole seconds per lesson
(each lesson's unique seconds watched, cut to the second, as the history's rows show them) and
shown by `format_duration`: seconds under a minute ("32秒"), then minutes and seconds
("1分30秒"), then hours and minutes; never rounded to a whole minute, so a short viewing never
reads as 0. The weeks add up the seconds each beat newly added, by Tokyo week, likewise shown.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from .models import CoursePage, LessonPage, LessonProgress, ViewingBeat, format_duration

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


def seconds_per_week(user, weeks: int = WEEKS_SHOWN, now: datetime | None = None) -> list[dict]:
    """Seconds of new watching per week (Monday first, Asia/Tokyo), oldest week first."""
    today = timezone.localdate(now or timezone.now())
    first = week_start(today) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    totals = {first + timedelta(weeks=n): 0.0 for n in range(weeks)}
    beats = ViewingBeat.objects.filter(user=user, received_at__gte=since, new_seconds__gt=0)
    for received_at, seconds in beats.values_list("received_at", "new_seconds"):
        totals[week_start(timezone.localtime(received_at).date())] += seconds
    return [
        {"week": week, "seconds": int(seconds), "display": format_duration(seconds)}
        for week, seconds in totals.items()
    ]


@dataclass(frozen=True)
class WatchingSummary:
    """What a person has watched, as both of their viewing pages show it."""

    seconds: int
    lessons_completed: int
    weeks: list[dict]

    @property
    def display(self) -> str:
        return format_duration(self.seconds)

    @property
    def busiest_week_seconds(self) -> int:
        return max([week["seconds"] for week in self.weeks] + [1])


def watching_summary(
    user, weeks: int = WEEKS_SHOWN, now: datetime | None = None
) -> WatchingSummary:
    """Total watched time (whole seconds per lesson, added up), lessons completed, and the
    seconds of each of the last `weeks` weeks."""
    seconds = completed = 0
    for watched, completed_at in LessonProgress.objects.filter(user=user).values_list(
        "watched_seconds", "completed_at"
    ):
        seconds += int(watched)
        completed += completed_at is not None
    return WatchingSummary(
        seconds=seconds,
        lessons_completed=completed,
        weeks=seconds_per_week(user, weeks, now),
    )


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


def history(user) -> list[LessonProgress]:
    return list(
        LessonProgress.objects.filter(user=user).select_related("lesson").order_by("-updated_at")
    )
