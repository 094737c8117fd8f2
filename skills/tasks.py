"""Celery tasks for the beat schedule (lms/settings.py: CELERY_BEAT_SCHEDULE); each is also a
command (recompute_skill_levels, recompute_portfolio [--snapshot])."""

from celery import shared_task
from django.utils import timezone

from . import refresh


@shared_task(ignore_result=True)
def recompute_skill_levels() -> int:
    return refresh.refresh_levels().levels


@shared_task(ignore_result=True)
def recompute_portfolio() -> int:
    return refresh.refresh_portfolio()[0]


@shared_task(ignore_result=True)
def take_portfolio_snapshot() -> int:
    return refresh.refresh_portfolio(timezone.localdate())[1]
