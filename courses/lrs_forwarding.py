"""Sending the outbox to the external learning record store, each batch within a deadline.

The deadline covers connecting, sending and the whole answer. Per-read timeouts (urllib's,
httpx's) restart with every byte, so an LRS that drips its answer would hold a run as long as it
liked; instead each batch is sent by httpx's async client under asyncio.timeout(), which cancels
the request wherever it is waiting when the time is up.
"""

import asyncio
from datetime import timedelta

import httpx
from django.conf import settings
from django.core.cache import cache

from .xapi_outbox import Claim, claim_batch, mark_failed, mark_forwarded
from .xapi_statements import XAPI_VERSION

FORWARD_BATCH = 100
FORWARD_EVERY = 10


class ForwardingFailed(RuntimeError):
    """The LRS could not be reached or refused the statements; they stay in the outbox."""


def claim_lease() -> timedelta:
    """Longer than a run holds a claim: its deadline, with room to record the outcome."""
    return timedelta(seconds=2 * settings.XAPI_LRS_TIMEOUT_SECONDS + 60)


def forward_pending(batch_size: int = FORWARD_BATCH) -> int:
    """Send every statement not yet accepted to the external LRS; returns how many it accepted.

    A failure leaves the batch in the outbox with the reason, for the next run. Statement ids
    are fixed, so a batch stored by the LRS whose answer was lost comes back as 409 Conflict;
    then each statement is sent alone and a conflict means the LRS already holds it.
    """
    if not settings.XAPI_LRS_URL:
        return 0
    accepted = 0
    while (claim := claim_batch(batch_size, claim_lease())) is not None:
        try:
            send_within_deadline(claim, settings.XAPI_LRS_TIMEOUT_SECONDS)
        except ForwardingFailed as failure:
            mark_failed(claim, str(failure))
            raise
        mark_forwarded(claim)
        accepted += len(claim.ids)
    return accepted


def send_within_deadline(claim: Claim, seconds: float) -> None:
    """POST the batch; ForwardingFailed unless the LRS holds it all within `seconds`."""
    try:
        asyncio.run(send_batch(claim.statements, seconds))
    except TimeoutError as error:
        raise ForwardingFailed(f"the LRS did not answer within {seconds:g} s") from error
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise ForwardingFailed(f"the LRS could not be reached: {error}") from error


async def send_batch(statements: list[dict], seconds: float) -> None:
    auth = None
    if settings.XAPI_LRS_USERNAME:
        auth = httpx.BasicAuth(settings.XAPI_LRS_USERNAME, settings.XAPI_LRS_PASSWORD)
    async with (
        asyncio.timeout(seconds),
        httpx.AsyncClient(
            auth=auth, headers={"X-Experience-API-Version": XAPI_VERSION}, timeout=seconds
        ) as client,
    ):
        status = await post_statements(client, statements)
        if status == 409:
            for one in statements:
                check(await post_statements(client, [one]))
        else:
            check(status)


async def post_statements(client: httpx.AsyncClient, statements: list[dict]) -> int:
    """The status the LRS answers; its body is never read, so it cannot fill memory."""
    async with client.stream("POST", settings.XAPI_LRS_URL, json=statements) as response:
        return response.status_code


def check(status: int) -> None:
    """2xx: taken; 409: the LRS already holds the statement; anything else: refused."""
    if not (200 <= status < 300 or status == 409):
        raise ForwardingFailed(f"the LRS answered {status}")


def forwarding_wanted() -> bool:
    """Whether to ask a worker to drain the outbox: an LRS is set and nobody asked just now."""
    return bool(settings.XAPI_LRS_URL) and cache.add("xapi-forward-scheduled", 1, FORWARD_EVERY)
