""" "Remind now" (督促): the assigner and HR within their scope, supervisors for their own
department; at most one mail a day per person however often the button is pressed; logged."""

import pytest
from django.contrib.auth.models import Group

from notifications.models import Delivery
from organisation.models import AuditLog
from skills.confirmation import MANAGERS
from tests.factories import (
    DepartmentFactory,
    HRScopeFactory,
    hr_user,
    municipality,
    officer_user,
)
from tests.notifications.smtp_servers import LoopbackSMTP, use_server
from tests.training.assignments import assignee, assignment, at, person

pytestmark = pytest.mark.django_db
SHINJUKU, MITAKA = "131041", "132047"


@pytest.fixture
def smtp(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with LoopbackSMTP() as server:
        use_server(settings, server.port)
        yield server.mailbox


@pytest.fixture
def course(course_index):
    from tests.factories import make_course

    return make_course(course_index)


@pytest.fixture
def tokyo_wide(course):
    """An all-Tokyo assignment made by an officer, with people of Shinjuku and Mitaka."""
    officer = officer_user(username="kenshu")
    HRScopeFactory(user=officer)  # all of Tokyo
    training = assignment(course, created_by=officer)
    shinjuku = [assignee(training, person(municipality=municipality(SHINJUKU))) for _ in range(2)]
    mitaka = assignee(training, person(municipality=municipality(MITAKA)))
    done = assignee(
        training, person(municipality=municipality(SHINJUKU)), completed_at=at(training.starts_on)
    )
    return {
        "assignment": training,
        "officer": officer,
        "shinjuku": shinjuku,
        "mitaka": mitaka,
        "done": done,
    }


def remind(client, user, training, path="remind/", **data):
    client.force_login(user)
    return client.post(f"/training/{training.pk}/{path}", data)


def addresses(mailbox) -> list[str]:
    return sorted(message["To"] for message in mailbox.messages)


def emails(*assignees) -> list[str]:
    return sorted(a.staff.user.email for a in assignees)


def test_the_assigner_reminds_everyone_not_done(
    client, smtp, tokyo_wide, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = remind(client, tokyo_wide["officer"], tokyo_wide["assignment"])

    assert response.status_code == 302
    assert addresses(smtp) == emails(*tokyo_wide["shinjuku"], tokyo_wide["mitaka"])
    body = smtp.messages[0].get_content()
    assert (
        "研修の担当者から、必修研修「情報セキュリティ研修」の受講のお願いが届いています。" in body
    )


def test_a_flood_of_clicks_mails_each_person_once_a_day(
    client, smtp, tokyo_wide, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            remind(client, tokyo_wide["officer"], tokyo_wide["assignment"])

    assert len(smtp.messages) == 3
    assert Delivery.objects.count() == 3


def test_hr_reminds_only_the_people_of_their_municipality(
    client, smtp, tokyo_wide, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        remind(client, hr_user(SHINJUKU), tokyo_wide["assignment"])

    assert addresses(smtp) == emails(*tokyo_wide["shinjuku"])


def test_hr_naming_someone_outside_their_scope_is_refused_and_nobody_is_mailed(
    client, smtp, tokyo_wide
):
    response = remind(
        client,
        hr_user(SHINJUKU),
        tokyo_wide["assignment"],
        staff=[tokyo_wide["shinjuku"][0].staff_id, tokyo_wide["mitaka"].staff_id],
    )

    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_named_people_only_are_reminded(
    client, smtp, tokyo_wide, django_capture_on_commit_callbacks
):
    chosen = tokyo_wide["shinjuku"][1]
    with django_capture_on_commit_callbacks(execute=True):
        remind(client, tokyo_wide["officer"], tokyo_wide["assignment"], staff=[chosen.staff_id])

    assert addresses(smtp) == emails(chosen)


def test_malformed_staff_ids_are_a_clear_error(client, smtp, tokyo_wide):
    response = remind(client, tokyo_wide["officer"], tokyo_wide["assignment"], staff=["1; DROP"])

    assert response.status_code == 400
    assert "職員の指定が正しくありません。" in response.content.decode()


def test_an_officer_who_did_not_assign_it_may_not_remind(client, smtp, tokyo_wide):
    other = officer_user(username="other-officer")
    HRScopeFactory(user=other)

    assert remind(client, other, tokyo_wide["assignment"]).status_code == 403
    assert not Delivery.objects.exists()


def test_staff_may_not_remind(client, smtp, tokyo_wide):
    staff = tokyo_wide["shinjuku"][0].staff.user

    assert remind(client, staff, tokyo_wide["assignment"]).status_code == 403
    assert remind(client, staff, tokyo_wide["assignment"], path="remind/team/").status_code == 403


def test_reminding_is_logged_with_the_people_reminded(client, smtp, tokyo_wide):
    hr = hr_user(SHINJUKU)
    remind(client, hr, tokyo_wide["assignment"])

    (log,) = AuditLog.objects.filter(action="training.remind")
    assert log.user == hr
    assert log.target == f"assignment:{tokyo_wide['assignment'].pk}"
    assert sorted(log.detail["staff"]) == sorted(a.staff_id for a in tokyo_wide["shinjuku"])


@pytest.fixture
def department_world(course):
    """A supervisor (所属長) in a department of Shinjuku, two of their people, one elsewhere."""
    department = DepartmentFactory(municipality=municipality(SHINJUKU), name="DX推進課")
    supervisor = person(department=department, display_name="課長 一郎")
    supervisor.user.groups.add(Group.objects.get(name=MANAGERS))
    training = assignment(course)
    own = [assignee(training, person(department=department)) for _ in range(2)]
    elsewhere = assignee(training, person(municipality=municipality(SHINJUKU)))
    return {
        "supervisor": supervisor.user,
        "assignment": training,
        "own": own,
        "elsewhere": elsewhere,
    }


def test_a_supervisor_reminds_their_own_department(
    client, smtp, department_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = remind(
            client,
            department_world["supervisor"],
            department_world["assignment"],
            path="remind/team/",
        )

    assert response.status_code == 302
    assert addresses(smtp) == emails(*department_world["own"])
    assert "課長 一郎 さんから、必修研修" in smtp.messages[0].get_content()


def test_a_supervisor_naming_someone_of_another_department_is_refused(
    client, smtp, department_world
):
    response = remind(
        client,
        department_world["supervisor"],
        department_world["assignment"],
        path="remind/team/",
        staff=[department_world["elsewhere"].staff_id],
    )

    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_a_supervisor_of_none_of_its_people_finds_no_such_assignment(
    client, smtp, course, department_world
):
    other = assignment(course, title="別の研修")
    assignee(other, department_world["elsewhere"].staff)

    response = remind(client, department_world["supervisor"], other, path="remind/team/")

    assert response.status_code == 404
