"""The reader of the numbers: an assignment's figures count its current people by their status
today, as `Assignee.status_on` decides it, and the four statuses add up to the audience."""

import itertools
from collections import Counter

import pytest

from tests.factories import StaffProfileFactory, hr_user, municipality
from tests.training.report_data import SHINJUKU, enrol, enrol_many, make_assignment, people
from training import reports
from training.models import Assignee

pytestmark = pytest.mark.django_db


def test_the_grouped_counts_are_status_on_of_every_person(course_index):
    current = make_assignment(course_index, title="今年度の研修")
    late = make_assignment(course_index, title="昨年度の研修", overdue=True)
    staff = people(SHINJUKU, "総務課", 9)
    statuses = itertools.cycle(["not_started", "in_progress", "completed"])
    for person, status in zip(staff, statuses, strict=False):
        enrol(current, person, status)
        enrol(late, person, "completed" if status == "completed" else "overdue")

    counts = reports.status_counts(Assignee.objects.all(), reports.today(), ["assignment_id"])

    for assignment in (current, late):
        by_rule = Counter(
            assignee.status_on(reports.today()) for assignee in assignment.assignees.all()
        )
        audience, *figures = counts[(assignment.pk,)]
        assert audience == 9
        assert dict(zip(reports.STATUSES, figures, strict=True)) == {
            status: by_rule.get(status, 0) for status in reports.STATUSES
        }


def test_people_who_left_the_audience_are_not_counted_but_kept(course_index):
    assignment = make_assignment(course_index)
    enrol_many(assignment, SHINJUKU, "総務課", completed=6)
    for person in people(SHINJUKU, "総務課", 2):
        enrol(assignment, person, "not_started", removed=True)

    report = reports.report(hr_user(SHINJUKU), assignment)

    assert report.total.audience == 6
    assert report.total.not_started == 0
    assert assignment.assignees.count() == 8


def test_the_day_after_the_due_date_the_unfinished_are_overdue(course_index):
    assignment = make_assignment(course_index)
    enrol_many(assignment, SHINJUKU, "総務課", in_progress=3, not_started=3, completed=4)
    reader = hr_user(SHINJUKU)

    on_due_date = reports.report(reader, assignment, day=assignment.due_on).total
    day_after = reports.report(
        reader, assignment, day=assignment.due_on + reports.datetime.timedelta(days=1)
    ).total

    assert (on_due_date.in_progress, on_due_date.not_started, on_due_date.overdue) == (3, 3, 0)
    assert (day_after.in_progress, day_after.not_started, day_after.overdue) == (0, 0, 6)
    assert day_after.completed == 4


def test_the_statuses_add_up_to_the_audience_in_every_row(course_index):
    assignment = make_assignment(course_index)
    enrol_many(assignment, SHINJUKU, "総務課", completed=7, in_progress=2)
    enrol_many(assignment, SHINJUKU, "税務課", not_started=5)
    no_department = StaffProfileFactory(municipality=municipality(SHINJUKU), department=None)
    enrol(assignment, no_department, "in_progress")

    report = reports.report(hr_user(SHINJUKU), assignment)

    rows = [
        report.total,
        *(department.figures for department in report.municipalities[0].departments),
    ]
    for figures in rows:
        assert figures.audience == sum(getattr(figures, status) for status in reports.STATUSES)
    assert report.total.completion_rate == round(7 / 15, 3)
    assert [department.name for department in report.municipalities[0].departments][
        -1
    ] == "所属なし"
