"""The assignment page and withdrawing, as HR, a careless administrator's account and an
attacker; やること on /my/ and progress on a course page, as the staff member."""

import datetime

import pytest

from organisation.access import EVERYWHERE
from organisation.models import AuditLog
from tests.factories import (
    StaffProfileFactory,
    hr_user,
    municipality,
    officer_user,
    unscoped_hr_user,
)
from tests.skills.factories import QuizFactory
from tests.training.factories import DUE, MITAKA, SHINJUKU, TODAY, course_with_lessons, finish
from training.assigning import assign
from training.audience import resolve_rule
from training.models import Assignee, Assignment

pytestmark = pytest.mark.django_db

URL = "/training/new/"


@pytest.fixture
def course(course_index):
    return course_with_lessons(course_index)


def form(course, **fields) -> dict:
    return {
        "training": f"course:{course.pk}",
        "starts_on": TODAY.isoformat(),
        "due_on": DUE.isoformat(),
        **fields,
    }


def test_hr_previews_the_audience_size_then_assigns(client, course):
    StaffProfileFactory.create_batch(3, municipality=municipality(SHINJUKU))
    client.force_login(hr_user(SHINJUKU))

    preview = client.post(URL, form(course, municipalities=[SHINJUKU], preview="1"))
    assert preview.status_code == 200
    assert "この条件の対象者は 3 人です。" in preview.content.decode()
    assert not Assignment.objects.exists()

    saved = client.post(URL, form(course, municipalities=[SHINJUKU], save="1"))
    assert saved.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.assignees.count() == 3
    assert assignment.municipality.code == SHINJUKU
    assert AuditLog.objects.filter(action="training.assign", target=str(assignment.pk)).exists()


def test_shinjuku_hr_reaches_no_one_in_mitaka_by_any_kind(client, course):
    """The attacker posts Mitaka's code, department id, people and a Tokyo-wide role."""
    mitaka = StaffProfileFactory(municipality=municipality(MITAKA), job_category="技術")
    client.force_login(hr_user(SHINJUKU))
    attempts = [
        {"municipalities": [MITAKA]},
        {"departments": str(mitaka.department.pk)},
        {"departments": f"三鷹市/{mitaka.department.name}"},
        {"users": mitaka.user.username},
        {"users": mitaka.employee_id},
        {"jobs": ["技術"]},
    ]
    for fields in attempts:
        response = client.post(URL, form(course, save="1", **fields))
        assert response.status_code == 400, fields
        assert mitaka.display_name not in response.content.decode()
    assert not Assignee.objects.filter(staff=mitaka).exists()


def test_a_role_rule_from_shinjuku_leaves_mitakas_holders_out(client, course):
    from tests.skills.factories import RoleProfileFactory

    role = RoleProfileFactory(code="dx")
    mine = StaffProfileFactory(role_profile=role)
    StaffProfileFactory(municipality=municipality(MITAKA), role_profile=role)
    client.force_login(hr_user(SHINJUKU))
    client.post(URL, form(course, roles=["dx"], save="1"))
    assert list(Assignee.objects.values_list("staff", flat=True)) == [mine.pk]


@pytest.mark.parametrize(
    "account", [unscoped_hr_user, officer_user, lambda: StaffProfileFactory().user]
)
def test_accounts_without_a_scope_or_the_permission_assign_nothing(client, course, account):
    StaffProfileFactory()
    client.force_login(account())
    assert client.get(URL).status_code == 403
    assert client.post(URL, form(course, municipalities=[SHINJUKU], save="1")).status_code == 403
    assert not Assignment.objects.exists()


def test_an_officer_with_a_scope_assigns(client, course):
    from organisation.models import HRScope

    officer = officer_user()
    HRScope.objects.create(user=officer, municipality=None)
    StaffProfileFactory(municipality=municipality(MITAKA))
    client.force_login(officer)
    assert client.post(URL, form(course, municipalities=[MITAKA], save="1")).status_code == 302


def test_a_due_date_before_the_start_is_refused(client, course):
    StaffProfileFactory()
    client.force_login(hr_user(SHINJUKU))
    early = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = client.post(URL, form(course, municipalities=[SHINJUKU], due_on=early, save="1"))
    assert response.status_code == 400
    assert "期限は開始日と同じ日か、それより後にしてください。" in response.content.decode()


def test_withdrawing_keeps_the_rows_and_only_within_the_scope(client, course):
    StaffProfileFactory()
    rules = [resolve_rule("municipality", "新宿区", EVERYWHERE)]
    tokyo_wide, _n = assign(course=course, rules=rules, scope=EVERYWHERE, due_on=DUE)
    client.force_login(hr_user(SHINJUKU))
    assert client.post(f"/training/{tokyo_wide.pk}/withdraw/").status_code == 403
    client.force_login(hr_user())
    assert client.get(f"/training/{tokyo_wide.pk}/withdraw/").status_code == 200
    assert client.post(f"/training/{tokyo_wide.pk}/withdraw/").status_code == 302
    tokyo_wide.refresh_from_db()
    assert tokyo_wide.withdrawn_at is not None and tokyo_wide.assignees.count() == 1


# --- Staff --------------------------------------------------------------------------------


def test_my_page_leads_with_the_persons_assignments_and_their_status(client, course_index):
    person = StaffProfileFactory()
    done_course = course_with_lessons(course_index, "公文書管理研修")
    todo_course = course_with_lessons(course_index, "情報セキュリティ研修")
    finish(person.user, done_course)
    rules = [resolve_rule("user", person.user.username, EVERYWHERE)]
    for course in (done_course, todo_course):
        assign(course=course, rules=rules, scope=EVERYWHERE, due_on=DUE)
    other = StaffProfileFactory()
    assign(
        course=course_with_lessons(course_index, "他人の研修"),
        rules=[resolve_rule("user", other.user.username, EVERYWHERE)],
        scope=EVERYWHERE,
        due_on=DUE,
    )
    client.force_login(person.user)
    page = client.get("/my/").content.decode()
    todo = page[page.index("やること") : page.index("これまでの視聴時間")]
    assert "情報セキュリティ研修" in todo and "未着手" in todo
    assert "公文書管理研修" in todo and "修了" in todo
    assert todo_course.url in todo
    assert f'datetime="{DUE.isoformat()}"' in todo
    assert "他人の研修" not in todo


def test_an_overdue_assignment_says_so(client, course):
    person = StaffProfileFactory()
    rules = [resolve_rule("user", person.user.username, EVERYWHERE)]
    past = TODAY - datetime.timedelta(days=1)
    assign(
        course=course,
        rules=rules,
        scope=EVERYWHERE,
        starts_on=past - datetime.timedelta(days=30),
        due_on=past,
    )
    client.force_login(person.user)
    assert "期限切れ" in client.get("/my/").content.decode()


def test_the_course_page_shows_progress_next_lesson_and_final_test(client, course):
    person = StaffProfileFactory()
    quiz = QuizFactory(course=course, title="修了確認テスト")
    first, second = course.lessons()
    from django.utils import timezone

    from courses.models import LessonProgress

    LessonProgress.objects.create(user=person.user, lesson=first, completed_at=timezone.now())
    client.force_login(person.user)
    page = client.get(course.url).content.decode()
    assert "1 / 2 レッスン修了" in page
    assert second.url in page
    assert f"/skills/quizzes/{quiz.pk}/" in page
