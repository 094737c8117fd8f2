"""The portfolio part of the demo, after the skills demo: the aggregates, this month's snapshot,
and three earlier months back-filled from the evidence so that the trend has a shape."""

import datetime

from django.utils import timezone

from skills import portfolio_compute

BACKFILLED_MONTHS = 3


def seed() -> list[str]:
    cells = portfolio_compute.recompute()
    this_month = timezone.localdate().replace(day=1)
    month = this_month
    for _ in range(BACKFILLED_MONTHS):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        portfolio_compute.take_snapshot_as_of(month)
    portfolio_compute.take_snapshot(this_month)
    return [f"portfolio: {cells} cells, snapshots from {month:%Y-%m} to {this_month:%Y-%m}"]
