"""The scheduled refreshes of skills, shared by their commands and their Celery tasks.

Levels are re-derived daily so that expired evidence stops counting; the portfolio's aggregates
hourly, so HR's figures follow the day's learning; its snapshot monthly, for the trends.
"""

import datetime
from dataclasses import dataclass

from organisation.models import StaffProfile

from . import portfolio_compute
from .evidence import record_unrecorded_attempts
from .levels import recompute_levels_for


@dataclass(frozen=True)
class LevelsRefreshed:
    levels: int
    staff: int
    staff_with_new_attempts: int


def refresh_levels() -> LevelsRefreshed:
    """Record submitted quiz attempts not yet counted, then re-apply the level rule to everyone
    active."""
    recorded = record_unrecorded_attempts()
    staff_ids = list(StaffProfile.objects.filter(active=True).values_list("pk", flat=True))
    return LevelsRefreshed(recompute_levels_for(staff_ids), len(staff_ids), len(recorded))


def refresh_portfolio(snapshot_month: datetime.date | None = None) -> tuple[int, int | None]:
    """Rebuild the aggregates; with a month, store them as that month's snapshot too. Returns the
    number of cells and of snapshot rows (None without a snapshot)."""
    cells = portfolio_compute.recompute()
    if snapshot_month is None:
        return cells, None
    return cells, portfolio_compute.take_snapshot(snapshot_month)
