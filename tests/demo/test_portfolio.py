import datetime

import pytest
from django.utils import timezone

from demo import portfolio as portfolio_demo
from demo import story
from skills.models import PortfolioSnapshot
from tests.skills.factories import SkillEvidenceFactory, framework_with_skills, staff_with_levels

pytestmark = pytest.mark.django_db


def test_the_demo_step_back_fills_every_month_of_the_story_and_this_one():
    _, (skill,) = framework_with_skills(1)
    story_begins = story.month_start(timezone.now(), 0) + datetime.timedelta(days=1)
    for person in staff_with_levels(5, skill):
        SkillEvidenceFactory(staff=person, skill=skill, observed_at=story_begins)
    portfolio_demo.seed()
    assert PortfolioSnapshot.objects.values("month").distinct().count() == story.MONTHS + 1


def test_the_demo_step_leaves_months_already_snapshotted_as_they_are():
    _, (skill,) = framework_with_skills(1)
    story_begins = story.month_start(timezone.now(), 0) + datetime.timedelta(days=1)
    for person in staff_with_levels(5, skill):
        SkillEvidenceFactory(staff=person, skill=skill, observed_at=story_begins)
    portfolio_demo.seed()
    earlier = PortfolioSnapshot.objects.exclude(month=timezone.localdate().replace(day=1))
    kept = set(earlier.values_list("pk", flat=True))
    portfolio_demo.seed()
    assert set(earlier.values_list("pk", flat=True)) == kept
