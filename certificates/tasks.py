"""Celery task for the beat schedule (lms/settings.py); also the command issue_certificates."""

from celery import shared_task

from .issuing import issue_due


@shared_task(ignore_result=True)
def issue_certificates() -> int:
    return issue_due()["issued"]
