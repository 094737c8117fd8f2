"""Issuing: once per person and course or assignment, only when the completion rule says so,
with what was true at issue, under a serial of the fiscal year."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates import issuing, tasks
from certificates.models import Certificate
from common.japanese_dates import TOKYO, fiscal_year
from courses.models import LessonProgress
from tests.certificates.conftest import complete_course
from tests.factories import StaffProfileFactory, UserFactory, make_course, make_lesson
from training.models import Assignee, Assignment, LearningPath, LearningPathCourse

pytestmark = pytest.mark.django_db


def test_nobody_gets_a_certificate_for_a_course_they_have_not_completed(person, course):
    first, _last = course.lessons()
    LessonProgress.objects.create(user=person.user, lesson=first, completed_at=timezone.now())

    with pytest.raises(issuing.CannotIssue, match="まだ修了していません"):
        issuing.issue_for_course(person.user, course)
    assert not Certificate.objects.exists()


def test_a_certificate_states_name_title_completion_day_hours_and_issuer(graduate, course):
    certificate = issuing.issue_for_course(graduate.user, course)

    assert certificate.holder_name == "渡邊 髙子"
    assert certificate.title == "ガバメントクラウド運用勉強会"
    assert (
        certificate.completed_on
        == (timezone.now() - datetime.timedelta(days=1)).astimezone(TOKYO).date()
    )
    assert certificate.minutes == 95
    assert certificate.hours_display == "1.5時間"
    assert certificate.issuer == "新宿区"
    assert certificate.municipality.code == "131041"


def test_asking_again_returns_the_same_certificate(graduate, course):
    first = issuing.issue_for_course(graduate.user, course)
    again = issuing.issue_for_course(graduate.user, course)

    assert again.pk == first.pk
    assert Certificate.objects.count() == 1


def test_what_was_true_at_issue_stays_on_the_certificate(graduate, course):
    certificate = issuing.issue_for_course(graduate.user, course)
    graduate.display_name = "佐藤 髙子"
    graduate.save()
    course.title = "新しい講座名"
    course.save_revision().publish()

    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.title) == (
        "渡邊 髙子",
        "ガバメントクラウド運用勉強会",
    )


def test_a_revoked_certificate_is_not_silently_replaced(graduate, course):
    certificate = issuing.issue_for_course(graduate.user, course)
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())

    again = issuing.issue_for_course(graduate.user, course)

    assert again.pk == certificate.pk and not again.valid


def test_an_account_without_a_staff_record_gets_no_certificate(course):
    admin = UserFactory(username="bare-admin", is_superuser=True)
    complete_course(admin, course)

    with pytest.raises(issuing.CannotIssue, match="職員として登録"):
        issuing.issue_for_course(admin, course)


def test_the_serial_is_the_fiscal_year_and_a_sequence_and_the_token_is_long_and_random(
    graduate, course, course_index
):
    other = make_course(course_index, title="情報セキュリティ研修")
    make_lesson(other, duration=600)
    complete_course(graduate.user, other)

    first = issuing.issue_for_course(graduate.user, course)
    second = issuing.issue_for_course(graduate.user, other)

    year = fiscal_year(first.issued_at)
    assert (first.serial, second.serial) == (f"{year}-000001", f"{year}-000002")
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", first.token)
    assert first.token != second.token and first.serial not in first.token


def test_serials_restart_with_each_fiscal_year_read_in_tokyo_time(graduate, course, course_index):
    other = make_course(course_index, title="情報セキュリティ研修")
    make_lesson(other, duration=600)
    complete_course(graduate.user, other)
    last_moment = datetime.datetime(2027, 3, 31, 23, 59, tzinfo=TOKYO)
    first_moment = datetime.datetime(2027, 4, 1, 0, 0, tzinfo=TOKYO)

    march = issuing.issue_for_course(graduate.user, course, now=last_moment)
    april = issuing.issue_for_course(graduate.user, other, now=first_moment)

    assert (march.serial, april.serial) == ("2026-000001", "2027-000001")


@pytest.mark.parametrize(
    ("seconds", "stated"),
    [(95 * 60, "1.5時間"), (89 * 60 + 59, "1時間"), (30 * 60, "0.5時間"), (20 * 60 + 30, "20分")],
)
def test_hours_are_stated_in_half_hours_rounded_down(course_index, person, seconds, stated):
    course = make_course(course_index, title="短い講座")
    make_lesson(course, duration=seconds)
    complete_course(person.user, course)

    assert issuing.issue_for_course(person.user, course).hours_display == stated


def assignment_of(course=None, path=None, title="令和8年度 情報セキュリティ必修研修"):
    today = timezone.localdate()
    return Assignment.objects.create(
        title=title, course=course, path=path, starts_on=today, due_on=today
    )


def test_an_assignment_certificate_follows_the_assignees_completion(person, course):
    assignment = assignment_of(course=course)
    assignee = Assignee.objects.create(assignment=assignment, staff=person, added_at=timezone.now())
    with pytest.raises(issuing.CannotIssue):
        issuing.issue_for_assignment(person.user, assignment)

    assignee.completed_at = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=TOKYO)
    assignee.save()
    certificate = issuing.issue_for_assignment(person.user, assignment)

    assert certificate.title == "令和8年度 情報セキュリティ必修研修"
    assert certificate.completed_on == datetime.date(2026, 11, 30)
    assert certificate.minutes == 95


def test_a_learning_paths_hours_are_those_of_all_its_courses(person, course, course_index):
    second = make_course(course_index, title="続編")
    make_lesson(second, duration=25 * 60)
    path = LearningPath.objects.create(title="クラウド入門コース")
    LearningPathCourse.objects.create(path=path, course=course, sort_order=0)
    LearningPathCourse.objects.create(path=path, course=second, sort_order=1)
    assignment = assignment_of(path=path, title="クラウド入門コース")
    Assignee.objects.create(
        assignment=assignment, staff=person, added_at=timezone.now(), completed_at=timezone.now()
    )

    certificate = issuing.issue_for_assignment(person.user, assignment)

    assert certificate.minutes == 120 and certificate.hours_display == "2時間"


def test_someone_outside_the_assignment_gets_no_certificate_for_it(person, course):
    assignment = assignment_of(course=course)
    Assignee.objects.create(
        assignment=assignment, staff=person, added_at=timezone.now(), completed_at=timezone.now()
    )
    outsider = StaffProfileFactory()

    with pytest.raises(issuing.CannotIssue):
        issuing.issue_for_assignment(outsider.user, assignment)


def test_bulk_issuing_covers_completed_courses_and_assignments_once(graduate, course):
    StaffProfileFactory()  # has done nothing
    halfway = StaffProfileFactory()
    LessonProgress.objects.create(
        user=halfway.user, lesson=course.lessons().first(), completed_at=timezone.now()
    )
    assignment = assignment_of(course=course)
    Assignee.objects.create(
        assignment=assignment, staff=graduate, added_at=timezone.now(), completed_at=timezone.now()
    )
    Assignee.objects.create(assignment=assignment, staff=halfway, added_at=timezone.now())

    first = issuing.issue_due()
    second = issuing.issue_due()

    assert first == {"issued": 2, "courses": 1, "assignments": 1}
    assert second == {"issued": 0, "courses": 0, "assignments": 0}
    assert set(Certificate.objects.values_list("holder", flat=True)) == {graduate.user_id}
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert [serial[-6:] for serial in serials] == ["000001", "000002"]


def test_the_command_prints_its_counts_as_json(graduate, course):
    out = StringIO()
    call_command("issue_certificates", "--json", stdout=out)

    assert json.loads(out.getvalue()) == {"issued": 1, "courses": 1, "assignments": 0}


def test_what_is_ready_to_issue_on_my_page(graduate, course, course_index):
    unfinished = make_course(course_index, title="未修了の講座")
    make_lesson(unfinished)

    ready = issuing.ready_to_issue(graduate.user)
    assert [(item["kind"], item["title"]) for item in ready] == [
        ("course", "ガバメントクラウド運用勉強会")
    ]
    issuing.issue_for_course(graduate.user, course)
    assert issuing.ready_to_issue(graduate.user) == []


def test_the_daily_task_issues_what_is_due(graduate, course, settings):
    assert "certificates.tasks.issue_certificates" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }

    tasks.issue_certificates.apply()

    assert Certificate.objects.filter(holder=graduate.user, course=course).exists()
