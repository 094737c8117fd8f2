"""The portfolio part of the demo, after the skills demo: the aggregates, this month's snapshot,
and the story's earlier months (story.py) back-filled from the evidence, so that the trend shows
what the training did. Months that already have a snapshot are left as they are."""

from django.utils import timezone

from skills import portfolio_compute
from skills.models import PortfolioSnapshot

from . import story


def seed() -> list[str]:
    cells = portfolio_compute.recompute()
    now = timezone.now()
    months = [story.month_start(now, month).date() for month in range(story.MONTHS)]
    taken = set(PortfolioSnapshot.objects.filter(month__in=months).values_list("month", flat=True))
    for month in months:
        if month not in taken:
            portfolio_compute.take_snapshot_as_of(month)
    this_month = timezone.localdate().replace(day=1)
    portfolio_compute.take_snapshot(this_month)
    return [f"portfolio: {cells} cells, snapshots from {months[0]:%Y-%m} to {this_month:%Y-%m}"]
