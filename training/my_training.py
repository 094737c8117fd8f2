"""What a member of staff sees of their required training: the やること list on /my/ and, on a
course page, how far they are, the next lesson and the final test."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courses.models import CoursePage, LessonPage, LessonProgress
from organisation.access import own_staff_profile
from skills.course_completion import completed_at
from skills.models import Quiz, QuizAttempt

from .models import Assignee
from .progress import courses_of

# Overdue first, then what is still to do, then what is done.
ORDER = {
    Assignee.Status.OVERDUE: 0,
    Assignee.Status.IN_PROGRESS: 1,
    Assignee.Status.NOT_STARTED: 1,
    Assignee.Status.COMPLETED: 2,
}


@dataclass
class Todo:
    title: str
    due_on: datetime.date
    status: str
    status_label: str
    url: str


def current_rows(user):
    staff = own_staff_profile(user)
    if staff is None:
        return Assignee.objects.none()
    return Assignee.objects.filter(
        staff=staff, removed_at__isnull=True, assignment__withdrawn_at__isnull=True
    ).select_related("assignment__course", "assignment__path")


def todo(user, today: datetime.date | None = None) -> list[Todo]:
    """The person's current assignments: overdue first, then by due date, done last."""
    today = today or timezone.localdate()
    items = []
    for row in current_rows(user):
        assignment = row.assignment
        status = row.status_on(today)
        items.append(
            Todo(
                title=assignment.title,
                due_on=assignment.due_on,
                status=status,
                status_label=Assignee.Status(status).label,
                url=where_to_go(assignment, user),
            )
        )
    return sorted(items, key=lambda item: (ORDER[item.status], item.due_on, item.title))


def where_to_go(assignment, user) -> str:
    """The course to open: the assigned one, or the first of the path not yet completed."""
    courses = courses_of(assignment)
    for course in courses:
        if len(courses) == 1 or completed_at(course, user) is None:
            return course.url
    return courses[0].url if courses else ""


@dataclass
class CourseProgress:
    lessons_done: int
    lessons_total: int
    next_lesson: LessonPage | None
    final_tests: list[dict]
    completed_at: datetime.datetime | None
    due: Todo | None


def course_progress(course: CoursePage, user) -> CourseProgress | None:
    """How far the signed-in person is in `course`; None for someone signed out."""
    if not user.is_authenticated:
        return None
    lessons = list(course.lessons())
    done = set(
        LessonProgress.objects.filter(
            user=user, lesson__in=lessons, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    passed = set(
        QuizAttempt.objects.filter(
            user=user, quiz__course=course, passed=True, submitted_at__isnull=False
        ).values_list("quiz_id", flat=True)
    )
    tests = [
        {"quiz": quiz, "passed": quiz.pk in passed}
        for quiz in Quiz.objects.filter(course=course, active=True).order_by("pk")
    ]
    due = None
    for row in current_rows(user).filter(assignment__course=course):
        status = row.status_on(timezone.localdate())
        due = Todo(
            row.assignment.title,
            row.assignment.due_on,
            status,
            Assignee.Status(status).label,
            course.url,
        )
    return CourseProgress(
        lessons_done=len(done),
        lessons_total=len(lessons),
        next_lesson=next((lesson for lesson in lessons if lesson.pk not in done), None),
        final_tests=tests,
        completed_at=completed_at(course, user),
        due=due,
    )
