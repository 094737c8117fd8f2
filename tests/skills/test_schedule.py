"""The jobs the product schedules (lms/settings.py: CELERY_BEAT_SCHEDULE) exist and work."""

import pytest
from django.conf import settings
from django.utils import timezone

from lms.celery import app
from skills import tasks
from skills.models import PortfolioSnapshot, StaffSkillLevel
from tests.skills.factories import SkillEvidenceFactory, SkillFactory, staff_with_levels

pytestmark = pytest.mark.django_db


def test_every_scheduled_job_names_a_registered_task():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names >= {
        "skills.tasks.recompute_skill_levels",
        "skills.tasks.recompute_portfolio",
        "skills.tasks.take_portfolio_snapshot",
    }
    assert names <= set(app.tasks)


def test_the_daily_job_rederives_levels_from_the_evidence():
    skill = SkillFactory()
    person = staff_with_levels(1, skill, level=1)[0]
    SkillEvidenceFactory(staff=person, skill=skill, level=3)
    assert StaffSkillLevel.objects.get(staff=person, skill=skill).level == 1

    tasks.recompute_skill_levels.apply()

    assert StaffSkillLevel.objects.get(staff=person, skill=skill).level == 3


def test_the_monthly_job_stores_this_months_snapshot():
    skill = SkillFactory()
    staff_with_levels(6, skill, level=2)

    tasks.take_portfolio_snapshot.apply()

    month = timezone.localdate().replace(day=1)
    assert PortfolioSnapshot.objects.filter(month=month, skill=skill).exists()
