"""Assignments and their assignees for the reminder tests, made straight from the models."""

import datetime

from django.utils import timezone

from tests.factories import StaffProfileFactory
from training.models import Assignee, Assignment

DUE = datetime.date(2026, 7, 31)  # a Friday


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def assignment(course, due_on=DUE, starts_on=None, **fields) -> Assignment:
    return Assignment.objects.create(
        title=fields.pop("title", "情報セキュリティ研修"),
        course=course,
        starts_on=starts_on or due_on - datetime.timedelta(days=60),
        due_on=due_on,
        **fields,
    )


def person(email: str | None = None, **fields):
    profile = StaffProfileFactory(**fields)
    profile.user.email = email if email is not None else f"{profile.user.username}@example.jp"
    profile.user.save(update_fields=["email"])
    return profile


def assignee(
    of: Assignment, staff=None, added_on: datetime.date | None = None, **fields
) -> Assignee:
    return Assignee.objects.create(
        assignment=of,
        staff=staff or person(),
        added_at=at(added_on or of.starts_on),
        **fields,
    )
