import pytest
from django.core.management import call_command
from django.db.models import Avg

from skills.models import Quiz, SkillEvidence, StaffSkillLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def mean_level(**filters) -> float:
    return StaffSkillLevel.objects.filter(**filters).aggregate(mean=Avg("level"))["mean"]


def test_demo_staff_have_roles_quizzes_and_more_skill_in_wards_than_on_the_islands(seeded):
    assert Quiz.objects.count() == 2
    assert SkillEvidence.objects.filter(source=SkillEvidence.Source.ASSESSMENT).exists()
    assert SkillEvidence.objects.filter(source=SkillEvidence.Source.SELF).exists()
    wards = mean_level(staff__municipality__kind="特別区")
    islands = mean_level(staff__municipality__region="島しょ")
    assert wards > islands + 0.5


def test_seeding_the_demo_again_adds_no_evidence(seeded, settings):
    count = SkillEvidence.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert SkillEvidence.objects.count() == count
