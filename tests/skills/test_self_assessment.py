from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skills import self_assessment
from skills.models import SkillEvidence, StaffSkillLevel, role_profile_of
from tests.factories import StaffProfileFactory
from tests.skills.factories import RoleTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    target = RoleTargetFactory(target_level=3)
    return StaffProfileFactory(role_profile=target.role_profile)


def test_a_self_assessment_becomes_self_evidence_for_each_rated_skill(staff):
    skill = self_assessment.skills_to_rate(staff)[0]
    self_assessment.submit(staff, {skill.pk: 2})
    level = StaffSkillLevel.objects.get(staff=staff, skill=skill)
    assert (level.level, level.basis) == (2, StaffSkillLevel.Basis.SELF_ASSESSED)


def test_a_second_self_assessment_within_the_interval_is_refused(staff, settings):
    settings.SELF_ASSESSMENT_INTERVAL_DAYS = 90
    skill = self_assessment.skills_to_rate(staff)[0]
    now = timezone.now()
    self_assessment.submit(staff, {skill.pk: 1}, now=now)
    with pytest.raises(self_assessment.TooSoon):
        self_assessment.submit(staff, {skill.pk: 3}, now=now + timedelta(days=89))
    self_assessment.submit(staff, {skill.pk: 3}, now=now + timedelta(days=91))
    assert SkillEvidence.objects.filter(staff=staff).count() == 2


def test_the_form_refuses_an_incomplete_rating_and_keeps_what_was_chosen(client, staff):
    client.force_login(staff.user)
    skills = self_assessment.skills_to_rate(staff)
    other = RoleTargetFactory(role_profile=role_profile_of(staff)).skill
    response = client.post(reverse("self_assessment"), {f"skill-{skills[0].pk}": "2"})
    assert response.status_code == 400
    html = response.content.decode()
    assert other.name in html and "レベルを選んでください" in html
    assert f'id="skill-{skills[0].pk}-2" name="skill-{skills[0].pk}" value="2" checked' in html
    assert not SkillEvidence.objects.exists()


def test_the_form_records_the_ratings_and_goes_to_the_profile(client, staff):
    client.force_login(staff.user)
    skill = self_assessment.skills_to_rate(staff)[0]
    response = client.post(reverse("self_assessment"), {f"skill-{skill.pk}": "4"})
    assert response.status_code == 302
    assert StaffSkillLevel.objects.get(staff=staff, skill=skill).level == 4
    again = client.get(reverse("self_assessment")).content.decode()
    assert "90 日に1回まで" in again
