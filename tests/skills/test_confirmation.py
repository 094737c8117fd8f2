"""A manager's confirmation, made on the managers' page for their own department's staff."""

import pytest
from django.contrib.auth.models import Group

from skills.confirmation import MANAGERS
from skills.models import SkillEvidence, StaffSkillLevel
from tests.factories import DepartmentFactory, StaffProfileFactory, staff_user
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    person = StaffProfileFactory()
    person.user.groups.add(Group.objects.get(name=MANAGERS))
    return person


def test_a_manager_confirms_a_level_of_their_departments_staff(client, manager):
    member = StaffProfileFactory(department=manager.department)
    skill = SkillFactory()
    client.force_login(manager.user)
    assert member.display_name in client.get("/skills/team/").content.decode()
    response = client.post(f"/skills/team/{member.pk}/", {"skill": skill.pk, "level": 3})
    assert response.status_code == 302
    evidence = SkillEvidence.objects.get(staff=member)
    assert (evidence.source, evidence.recorded_by) == (
        SkillEvidence.Source.MANAGER,
        manager.user,
    )
    level = StaffSkillLevel.objects.get(staff=member, skill=skill)
    assert (level.level, level.basis) == (3, StaffSkillLevel.Basis.CONFIRMED)


def test_a_manager_cannot_confirm_someone_of_another_department(client, manager):
    stranger = StaffProfileFactory(department=DepartmentFactory(name="税務課"))
    client.force_login(manager.user)
    assert stranger.display_name not in client.get("/skills/team/").content.decode()
    response = client.post(f"/skills/team/{stranger.pk}/", {"skill": SkillFactory().pk, "level": 3})
    assert response.status_code == 403
    assert not SkillEvidence.objects.exists()


def test_a_level_off_the_frameworks_scale_is_refused_with_a_sentence(client, manager):
    member = StaffProfileFactory(department=manager.department)
    client.force_login(manager.user)
    response = client.post(f"/skills/team/{member.pk}/", {"skill": SkillFactory().pk, "level": 9})
    assert response.status_code == 400
    assert "レベルは 0 から 5 の間で選んでください。" in response.content.decode()
    assert not SkillEvidence.objects.exists()


def test_staff_who_are_not_managers_may_not_open_the_page(client):
    client.force_login(staff_user())
    assert client.get("/skills/team/").status_code == 403


def test_evidence_can_no_longer_be_added_in_the_django_admin(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", password="pass-for-tests")
    client.force_login(admin)
    assert client.get("/django-admin/skills/skillevidence/add/").status_code == 403
