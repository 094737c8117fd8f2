"""Supervisors (所属長, 管理監督者) follow their own department's required training: each person,
their assignments, progress and due dates; nobody else's; every view logged. Who is a supervisor
is one record, the group 管理職, which the roster's 所属長 column sets."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from courses.models import LessonProgress
from organisation.models import AuditLog, StaffProfile
from skills.confirmation import MANAGERS
from tests.factories import hr_user, make_lesson
from tests.training.report_data import MITAKA, SHINJUKU, enrol, make_assignment, people
from training import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(course_index):
    """総務課 of Shinjuku: a supervisor and three people; one assignment of a two-lesson course."""
    supervisor, *staff = people(SHINJUKU, "総務課", 4)
    supervisor.user.groups.add(Group.objects.get(name=MANAGERS))
    assignment = make_assignment(course_index)
    first = make_lesson(assignment.course, title="第1回")
    make_lesson(assignment.course, title="第2回")
    LessonProgress.objects.create(user=staff[0].user, lesson=first, completed_at=timezone.now())
    enrol(assignment, staff[0], "in_progress")
    enrol(assignment, staff[1], "completed")
    return {"supervisor": supervisor, "staff": staff, "assignment": assignment}


def test_a_supervisor_sees_each_person_of_the_department_with_progress(client, department):
    client.force_login(department["supervisor"].user)

    response = client.get("/training/team/")

    page = response.content.decode()
    assert response.status_code == 200
    assert all(person.display_name in page for person in department["staff"])
    assert department["assignment"].title in page
    assert "受講中" in page and "修了" in page
    assert "1 / 2" in page
    assert "割り当てられた研修はありません。" in page  # the third person


def test_a_supervisor_sees_nobody_of_another_department(client, department):
    others = people(SHINJUKU, "税務課", 2) + people(MITAKA, "総務課", 2)
    client.force_login(department["supervisor"].user)

    page = client.get("/training/team/").content.decode()

    assert not any(person.display_name in page for person in others)


def test_every_view_is_logged(client, department):
    client.force_login(department["supervisor"].user)

    client.get("/training/team/")

    log = AuditLog.objects.get(action="training.team.view")
    assert log.user == department["supervisor"].user
    assert log.detail == {"people": 3}


def test_staff_who_are_not_supervisors_and_hr_are_refused(client, department):
    for user in (department["staff"][0].user, hr_user(SHINJUKU)):
        client.force_login(user)

        assert client.get("/training/team/").status_code == 403


def test_the_roster_column_makes_and_unmakes_a_supervisor(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "職員番号,氏名,自治体,所属,所属長\r\n"
        "S001,新宿 一郎,新宿区,総務課,1\r\n"
        "S002,新宿 二郎,新宿区,総務課,0\r\n",
        encoding="utf-8",
    )
    call_command("import_roster", str(path), "--json", stdout=io.StringIO())
    chief = StaffProfile.objects.get(employee_id="S001")

    assert access.is_supervisor(chief.user)
    assert not access.is_supervisor(StaffProfile.objects.get(employee_id="S002").user)

    path.write_text(
        "職員番号,氏名,自治体,所属,所属長\r\nS001,新宿 一郎,新宿区,総務課,いいえ\r\n",
        encoding="utf-8",
    )
    call_command("import_roster", str(path), "--json", stdout=io.StringIO())
    chief.user.refresh_from_db()

    assert not chief.user.groups.filter(name=MANAGERS).exists()


def test_a_roster_value_that_is_not_yes_or_no_is_refused(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "職員番号,氏名,自治体,所属長\r\nS001,新宿 一郎,新宿区,たぶん\r\n", encoding="utf-8"
    )
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--json", stdout=out)

    assert "所属長" in out.getvalue()
    assert not StaffProfile.objects.filter(employee_id="S001").exists()
