"""When a person completed a course: the one rule, for required training, certificates and surveys.

A course is completed when the person has completed every live lesson of it (`LessonProgress`)
and passed each active final test of the course (a `Quiz` with `course` set), if it has any.
The moment of completion is the latest of those: the last lesson's completion or the first pass
of the last test passed. A course without live lessons is never completed (nothing was learnt).
Lessons and tests finished before an assignment existed count: the course is what is required.
"""

from datetime import datetime

from django.db.models import Count, Max, Min, QuerySet

from courses.models import CoursePage, LessonPage, LessonProgress

from .models import Quiz, QuizAttempt


def completions(course: CoursePage, user_ids: QuerySet | list[int]) -> dict[int, datetime]:
    """The people among `user_ids` (ids, or a queryset of them) who completed `course`, each with
    the moment they did. Two grouped queries (three with a final test) whatever their number."""
    lesson_ids = list(LessonPage.objects.child_of(course).live().values_list("id", flat=True))
    if not lesson_ids:
        return {}
    lessons_done = (
        LessonProgress.objects.filter(
            user_id__in=user_ids, lesson_id__in=lesson_ids, completed_at__isnull=False
        )
        .values("user_id")
        .annotate(done=Count("lesson_id"), last=Max("completed_at"))
        .filter(done=len(lesson_ids))
    )
    done_at = {row["user_id"]: row["last"] for row in lessons_done}
    tests = list(Quiz.objects.filter(course=course, active=True).values_list("id", flat=True))
    if not tests or not done_at:
        return done_at
    first_passes = (
        QuizAttempt.objects.filter(
            quiz_id__in=tests, user_id__in=list(done_at), passed=True, submitted_at__isnull=False
        )
        .values("user_id", "quiz_id")
        .annotate(first=Min("submitted_at"))
    )
    passed: dict[int, list[datetime]] = {}
    for row in first_passes:
        passed.setdefault(row["user_id"], []).append(row["first"])
    return {
        user_id: max(at, *passed[user_id])
        for user_id, at in done_at.items()
        if len(passed.get(user_id, ())) == len(tests)
    }


def completed_at(course: CoursePage, user) -> datetime | None:
    """When `user` completed `course`, or None."""
    if not user.is_authenticated:
        return None
    return completions(course, [user.pk]).get(user.pk)
