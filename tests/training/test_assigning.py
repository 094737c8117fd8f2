"""Assigning: rows for everyone in the audience, earlier learning counted, the audience kept
current as the roster changes, nothing lost."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from organisation.access import EVERYWHERE
from tests.factories import StaffProfileFactory, municipality
from tests.skills.factories import RoleProfileFactory
from tests.training.factories import DUE, MITAKA, SHINJUKU, TODAY, course_with_lessons, finish
from training.assigning import (
    AssignmentError,
    assign,
    reevaluate,
    reevaluate_all,
    withdraw,
)
from training.audience import resolve_rule
from training.models import Assignee, Assignment, LearningPath, LearningPathCourse

pytestmark = pytest.mark.django_db


def assign_to(course, *rules, **fields):
    rules = [resolve_rule(kind, value, EVERYWHERE) for kind, value in rules]
    return assign(course=course, rules=rules, scope=EVERYWHERE, due_on=DUE, **fields)


@pytest.fixture
def course(course_index):
    return course_with_lessons(course_index)


def test_everyone_in_any_rule_gets_one_row(course):
    shinjuku = StaffProfileFactory.create_batch(3, municipality=municipality(SHINJUKU))
    role = RoleProfileFactory()
    both = StaffProfileFactory(municipality=municipality(SHINJUKU), role_profile=role)
    elsewhere = StaffProfileFactory(municipality=municipality(MITAKA), role_profile=role)
    StaffProfileFactory(municipality=municipality(MITAKA))

    assignment, assigned = assign_to(course, ("municipality", "新宿区"), ("role", role.code))

    assert assigned == 5
    assert set(Assignee.objects.values_list("staff", flat=True)) == {
        p.pk for p in [*shinjuku, both, elsewhere]
    }
    assert assignment.title == course.title and assignment.starts_on == TODAY


def test_earlier_completions_count_and_a_started_lesson_is_in_progress(course):
    done, started, idle = StaffProfileFactory.create_batch(3)
    last_year = timezone.now() - datetime.timedelta(days=365)
    finish(done.user, course, when=last_year)
    first = course.lessons().first()
    from courses.models import LessonProgress

    LessonProgress.objects.create(user=started.user, lesson=first, watched_seconds=30)

    assignment, _n = assign_to(course, ("municipality", "新宿区"))

    rows = {row.staff_id: row for row in assignment.assignees.all()}
    assert rows[done.pk].completed_at == last_year
    assert rows[done.pk].status_on(TODAY) == Assignee.Status.COMPLETED
    assert rows[started.pk].status_on(TODAY) == Assignee.Status.IN_PROGRESS
    assert rows[idle.pk].status_on(TODAY) == Assignee.Status.NOT_STARTED
    assert rows[idle.pk].status_on(DUE + datetime.timedelta(days=1)) == Assignee.Status.OVERDUE


def test_a_learning_path_is_completed_when_every_course_in_it_is(course_index):
    first = course_with_lessons(course_index, "基礎編")
    second = course_with_lessons(course_index, "応用編")
    path = LearningPath.objects.create(title="DX基礎", slug="dx-basics")
    for order, step in enumerate((first, second)):
        LearningPathCourse.objects.create(path=path, course=step, sort_order=order)
    halfway, through = StaffProfileFactory.create_batch(2)
    finish(halfway.user, first)
    finish(through.user, first)
    finish(through.user, second)

    rules = [resolve_rule("municipality", "新宿区", EVERYWHERE)]
    assignment, _n = assign(path=path, rules=rules, scope=EVERYWHERE, due_on=DUE)

    rows = {row.staff_id: row for row in assignment.assignees.all()}
    assert rows[through.pk].completed_at is not None
    assert rows[halfway.pk].completed_at is None and rows[halfway.pk].started_at is not None


def test_a_due_date_before_the_start_writes_nothing(course):
    StaffProfileFactory()
    with pytest.raises(AssignmentError, match="期限は開始日"):
        assign_to(course, ("municipality", "新宿区"), starts_on=DUE + datetime.timedelta(days=1))
    assert not Assignment.objects.exists() and not Assignee.objects.exists()


def test_newcomers_join_leavers_are_marked_and_returners_come_back(course):
    stays, leaves = StaffProfileFactory.create_batch(2)
    assignment, _n = assign_to(course, ("municipality", "新宿区"))
    finish(leaves.user, course)
    newcomer = StaffProfileFactory()
    leaves.active = False
    leaves.save()

    assert reevaluate(assignment).added == 1

    rows = {row.staff_id: row for row in assignment.assignees.all()}
    assert rows[newcomer.pk].removed_at is None
    assert rows[leaves.pk].removed_at is not None
    assert rows[leaves.pk].completed_at is not None, "history kept"
    leaves.active = True
    leaves.save()
    assert reevaluate(assignment).returned == 1
    assert assignment.assignees.get(staff=leaves).removed_at is None
    assert assignment.assignees.count() == 3


def test_a_person_moving_away_leaves_the_audience_without_losing_the_row(course):
    mover = StaffProfileFactory()
    assignment, _n = assign_to(course, ("municipality", "新宿区"))
    mover.municipality = municipality(MITAKA)
    mover.department = None
    mover.save()
    reevaluate(assignment)
    assert assignment.assignees.get(staff=mover).removed_at is not None


def test_a_withdrawn_assignment_is_not_reevaluated(course):
    assignment, _n = assign_to(course, ("municipality", "新宿区"))
    assert withdraw(assignment)
    assert not withdraw(assignment)
    StaffProfileFactory()
    assert reevaluate_all().added == 0


def test_a_roster_import_reevaluates_once_it_commits(course, django_capture_on_commit_callbacks):
    from organisation.roster.importing import import_roster

    assignment, _n = assign_to(course, ("municipality", "新宿区"))
    csv = "職員番号,氏名,自治体,所属\nN001,新人 一郎,新宿区,総務課\nN002,新人 二郎,新宿区,総務課\n"
    with django_capture_on_commit_callbacks(execute=True):
        plan = import_roster(csv.encode())
    assert not plan.errors
    assert assignment.assignees.filter(staff__employee_id__in=["N001", "N002"]).count() == 2


def test_a_role_given_in_the_admin_adds_the_person(course, django_capture_on_commit_callbacks):
    from skills.models import StaffRole

    role = RoleProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        person = StaffProfileFactory()
    assignment, assigned = assign_to(course, ("role", role.code))
    assert assigned == 0
    with django_capture_on_commit_callbacks(execute=True):
        StaffRole.objects.create(staff=person, role_profile=role)
    assert assignment.assignees.filter(staff=person, removed_at__isnull=True).exists()


# --- The command --------------------------------------------------------------------------


def run(*arguments) -> str:
    out = io.StringIO()
    call_command("assign", *arguments, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_promised_json(course):
    StaffProfileFactory.create_batch(2)
    printed = json.loads(
        run(course.slug, "--to", "municipality:131041", "--due", DUE.isoformat(), "--json")
    )
    assignment = Assignment.objects.get()
    assert printed == {"assignment": assignment.pk, "assigned": 2}


def test_the_command_assigns_a_learning_path_by_its_slug(course):
    path = LearningPath.objects.create(title="DX基礎", slug="dx-basics")
    LearningPathCourse.objects.create(path=path, course=course)
    StaffProfileFactory()
    run("path:dx-basics", "--to", "municipality:新宿区", "--due", DUE.isoformat())
    assert Assignment.objects.get().path == path


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["no-such-course", "--to", "municipality:新宿区"], "見つかりません"),
        (["{slug}", "--to", "municipality:どこか"], "自治体「どこか」が見つかりません。"),
        (["{slug}", "--to", "team:x"], "種類:値"),
        (["{slug}"], "対象者を一つ以上"),
    ],
)
def test_the_command_refuses_with_one_sentence_and_writes_nothing(course, arguments, message):
    arguments = [argument.format(slug=course.slug) for argument in arguments]
    with pytest.raises(CommandError, match=message):
        run(*arguments, "--due", DUE.isoformat())
    assert not Assignment.objects.exists()


def test_the_command_refuses_a_malformed_date(course):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(course.slug, "--to", "municipality:新宿区", "--due", "2026/13/01")
