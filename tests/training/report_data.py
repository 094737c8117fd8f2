"""Assignments and their assignees for the report tests, made straight from the models (the
assigning functions are another part's): one course, people in departments, each with a
status on the day the tests read."""

import datetime

from django.utils import timezone

from tests.factories import (
    DepartmentFactory,
    HRScopeFactory,
    StaffProfileFactory,
    make_course,
    municipality,
)
from training.models import Assignee, Assignment
from training.reports import today

SHINJUKU, MITAKA = "131041", "132047"
DAY = datetime.timedelta(days=1)


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def officer(code: str | None = None, **kwargs):
    """A training officer with a scope (one municipality, or all of Tokyo)."""
    return HRScopeFactory(
        user__roles=["研修担当"], municipality=municipality(code) if code else None, **kwargs
    ).user


def make_assignment(
    course_index, *, created_by=None, scope=None, overdue=False, title="情報セキュリティ研修"
):
    """An assignment of a new course, due in a month (or yesterday, when `overdue`)."""
    course = make_course(course_index, title=f"{title}の講座")
    return Assignment.objects.create(
        title=title,
        course=course,
        starts_on=today() - 60 * DAY,
        due_on=today() - DAY if overdue else today() + 30 * DAY,
        municipality=municipality(scope) if scope else None,
        created_by=created_by,
    )


def people(code: str, department: str, count: int, **fields) -> list:
    unit = DepartmentFactory(municipality=municipality(code), name=department)
    return [
        StaffProfileFactory(municipality=unit.municipality, department=unit, **fields)
        for _ in range(count)
    ]


def enrol(assignment, staff, status: str = "not_started", *, removed: bool = False) -> Assignee:
    """An assignee with the given status today: not_started, in_progress or completed; an
    assignment past its due date makes the first two overdue."""
    assert status in ("not_started", "in_progress", "completed", "overdue")
    assert (status == "overdue") <= (assignment.due_on < today())
    started = moment(today() - 20 * DAY) if status in ("in_progress", "completed") else None
    return Assignee.objects.create(
        assignment=assignment,
        staff=staff,
        added_at=moment(today() - 50 * DAY),
        started_at=started,
        completed_at=moment(today() - 10 * DAY) if status == "completed" else None,
        removed_at=moment(today() - 5 * DAY) if removed else None,
    )


def enrol_many(assignment, code: str, department: str, **statuses: int) -> list[Assignee]:
    """`count` people of a new department per status: enrol_many(a, SHINJUKU, "総務課",
    completed=6, not_started=2)."""
    made = []
    for status, count in statuses.items():
        for staff in people(code, department, count):
            made.append(enrol(assignment, staff, status))
    return made
