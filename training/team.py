"""A supervisor's view of their own department's required training (所属長, 管理監督者).

As municipal e-learning rules give department heads (e.g. Osaka City's), a supervisor sees each
of their department's people (`access.team_staff`, on `organisation.access.department_staff`):
their current assignments (not withdrawn, not left), each with its status today, the lessons
done of the lessons it has, when they started and completed, and the due date. People with no
assignment are listed too, so the supervisor sees the whole department.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from courses.models import CoursePage, LessonPage, LessonProgress
from organisation.models import StaffProfile

from .models import Assignee, Assignment, LearningPathCourse


@dataclass
class AssignmentLine:
    assignee: Assignee
    status: str
    status_label: str
    lessons_done: int
    lessons: int

    @property
    def assignment(self) -> Assignment:
        return self.assignee.assignment


@dataclass
class Member:
    staff: StaffProfile
    lines: list[AssignmentLine] = field(default_factory=list)


def courses_of(assignments: list[Assignment]) -> dict[int, list[int]]:
    """assignment id → the course ids it requires (its course, or its path's steps)."""
    courses = {a.pk: [a.course_id] for a in assignments if a.course_id is not None}
    path_ids = {a.path_id for a in assignments if a.path_id is not None}
    steps: dict[int, list[int]] = defaultdict(list)
    for path_id, course_id in (
        LearningPathCourse.objects.filter(path_id__in=path_ids)
        .order_by("sort_order")
        .values_list("path_id", "course_id")
    ):
        steps[path_id].append(course_id)
    for assignment in assignments:
        if assignment.path_id is not None:
            courses[assignment.pk] = steps[assignment.path_id]
    return courses


def lessons_of(course_ids: set[int]) -> dict[int, set[int]]:
    """course id → its live lessons' ids (the lessons `skills.course_completion` requires)."""
    return {
        course.pk: set(LessonPage.objects.child_of(course).live().values_list("pk", flat=True))
        for course in CoursePage.objects.filter(pk__in=course_ids)
    }


def team_progress(people: QuerySet[StaffProfile], day: datetime.date) -> list[Member]:
    """Each person of `people` with their current assignments and progress, by employee number;
    a few queries whatever the department's size."""
    members = {
        staff.pk: Member(staff)
        for staff in people.select_related("department").order_by("employee_id")
    }
    assignees = list(
        Assignee.objects.filter(
            staff_id__in=list(members),
            removed_at__isnull=True,
            assignment__withdrawn_at__isnull=True,
        )
        .select_related("assignment__course", "assignment__path", "staff")
        .order_by("assignment__due_on", "assignment__title")
    )
    assignments = list(
        {assignee.assignment_id: assignee.assignment for assignee in assignees}.values()
    )
    required = courses_of(assignments)
    lessons = lessons_of({course for courses in required.values() for course in courses})
    all_lessons = set().union(*lessons.values()) if lessons else set()
    done: dict[int, set[int]] = defaultdict(set)
    user_ids = [assignee.staff.user_id for assignee in assignees]
    for user_id, lesson_id in LessonProgress.objects.filter(
        user_id__in=user_ids, lesson_id__in=all_lessons, completed_at__isnull=False
    ).values_list("user_id", "lesson_id"):
        done[user_id].add(lesson_id)
    labels = dict(Assignee.Status.choices)
    for assignee in assignees:
        wanted = set().union(
            *(lessons.get(course, set()) for course in required.get(assignee.assignment_id, []))
        )
        status = assignee.status_on(day)
        members[assignee.staff_id].lines.append(
            AssignmentLine(
                assignee=assignee,
                status=status,
                status_label=labels[status],
                lessons_done=len(wanted & done[assignee.staff.user_id]),
                lessons=len(wanted),
            )
        )
    return list(members.values())
