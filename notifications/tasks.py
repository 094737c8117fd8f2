"""Celery task: send the mails waiting in the outbox (after a "remind now", or left by a run)."""

from celery import shared_task

from .delivery import send_pending


@shared_task(ignore_result=True)
def send_pending_mail() -> dict:
    return send_pending().as_dict()
