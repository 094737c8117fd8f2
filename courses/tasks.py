from celery import shared_task

from .xapi import ForwardingFailed, forward_pending

# Backoff while the LRS is down: 30 s, 60 s ... capped at 15 minutes, never giving up, since
# the statements wait in the outbox and the next success sends them all.
MAX_BACKOFF = 900


@shared_task(bind=True, max_retries=None, ignore_result=True)
def forward_xapi_statements(self) -> int:
    try:
        return forward_pending()
    except ForwardingFailed as error:
        raise self.retry(countdown=min(30 * 2**self.request.retries, MAX_BACKOFF)) from error
