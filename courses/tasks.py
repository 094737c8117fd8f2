from celery import shared_task
from django.db import transaction

from .lrs_forwarding import ForwardingFailed, forward_pending, forwarding_wanted

# Backoff while the LRS is down: 30 s, 60 s ... capped at 15 minutes, never giving up, since
# the statements wait in the outbox and the next success sends them all.
MAX_BACKOFF = 900


@shared_task(bind=True, max_retries=None, ignore_result=True)
def forward_xapi_statements(self) -> int:
    try:
        return forward_pending()
    except ForwardingFailed as error:
        raise self.retry(countdown=min(30 * 2**self.request.retries, MAX_BACKOFF)) from error


def forward_soon(**kwargs) -> None:
    """Receives statements_stored: a worker drains the outbox once the statements are committed."""
    if forwarding_wanted():
        transaction.on_commit(forward_xapi_statements.delay)
