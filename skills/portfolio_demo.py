"""The portfolio part of the demo: aggregates and this month's snapshot, after the skills demo."""

from django.utils import timezone

from . import portfolio


def seed() -> list[str]:
    cells = portfolio.recompute()
    snapshot = portfolio.take_snapshot(timezone.localdate())
    return [f"portfolio: {cells} cells, snapshot of {snapshot} rows"]
