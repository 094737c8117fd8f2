import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from skills.models import PortfolioCell, PortfolioSnapshot
from tests.skills.factories import framework_with_skills, staff_with_levels

pytestmark = pytest.mark.django_db


def test_recompute_portfolio_rebuilds_the_cells_and_stores_a_snapshot():
    _, (skill,) = framework_with_skills(1)
    staff_with_levels(5, skill)
    out = io.StringIO()
    call_command("recompute_portfolio", "--snapshot", "2026-10", stdout=out)
    assert PortfolioCell.objects.filter(skill=skill).exists()
    assert PortfolioSnapshot.objects.filter(month=datetime.date(2026, 10, 1)).exists()
    assert "snapshot 2026-10" in out.getvalue()


def test_a_badly_written_month_is_refused_with_one_sentence():
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("recompute_portfolio", "--snapshot", "10/2026")
