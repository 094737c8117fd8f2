import datetime

import pytest
from django.utils import timezone

from demo import portfolio as portfolio_demo
from skills.models import PortfolioSnapshot
from tests.skills.factories import SkillEvidenceFactory, framework_with_skills, staff_with_levels

pytestmark = pytest.mark.django_db


def test_the_demo_step_leaves_four_months_of_trend():
    _, (skill,) = framework_with_skills(1)
    long_ago = timezone.now() - datetime.timedelta(days=130)
    for person in staff_with_levels(5, skill):
        SkillEvidenceFactory(staff=person, skill=skill, observed_at=long_ago)
    portfolio_demo.seed()
    assert PortfolioSnapshot.objects.values("month").distinct().count() == 4
