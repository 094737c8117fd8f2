"""When a person completed a course: the one rule, for required training, certificates and surveys.

A course is completed when the person has completed every live lesson of it (`LessonProgress`)
and passed each active final test of the course (a `Quiz` with `course` set), if it has any.
The moment of completion is the latest of those: the last lesson's completion or the first pass
of the last test passed. A course without live lessons is never completed (nothing was learnt).
Lessons and tests finished before an assignment existed count: the course is what is required.
"""

import operator
from collections.abc import Iterable
from datetime import datetime
from functools import reduce

from django.db.models import Count, Max, Min, Q, QuerySet

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


def completed_courses(user, courses: Iterable[CoursePage]) -> dict[int, datetime]:
    """Which of `courses` one person completed, each with the moment they did (the rule above,
    read for one person and many courses): four queries whatever the number of courses."""
    courses = list(courses)
    if not user.is_authenticated or not courses:
        return {}
    course_of_path = {course.path: course.pk for course in courses}
    children = reduce(
        operator.or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses)
    )
    lessons_of: dict[int, list[int]] = {}
    for lesson_id, path in LessonPage.objects.live().filter(children).values_list("pk", "path"):
        lessons_of.setdefault(course_of_path[path[: -LessonPage.steplen]], []).append(lesson_id)
    done = dict(
        LessonProgress.objects.filter(
            user=user,
            lesson_id__in=[pk for ids in lessons_of.values() for pk in ids],
            completed_at__isnull=False,
        ).values_list("lesson_id", "completed_at")
    )
    tests_of: dict[int, list[int]] = {}
    for quiz_id, course_id in Quiz.objects.filter(
        course_id__in=list(lessons_of), active=True
    ).values_list("pk", "course_id"):
        tests_of.setdefault(course_id, []).append(quiz_id)
    first_pass = dict(
        QuizAttempt.objects.filter(
            user=user,
            quiz_id__in=[pk for ids in tests_of.values() for pk in ids],
            passed=True,
            submitted_at__isnull=False,
        )
        .values("quiz_id")
        .annotate(first=Min("submitted_at"))
        .values_list("quiz_id", "first")
    )
    result = {}
    for course_id, lesson_ids in lessons_of.items():
        moments = [done.get(pk) for pk in lesson_ids]
        moments += [first_pass.get(pk) for pk in tests_of.get(course_id, [])]
        if all(moments):
            result[course_id] = max(moments)
    return result


def completed_at(course: CoursePage, user) -> datetime | None:
    """When `user` completed `course`, or None."""
    return completed_courses(user, [course]).get(course.pk)
