"""Celery task for the beat schedule (lms/settings.py: CELERY_BEAT_SCHEDULE); also the command
send_reminders."""

from celery import shared_task

from .reminders import send_reminders as send


@shared_task(ignore_result=True)
def send_reminders() -> dict:
    return send().as_dict()
