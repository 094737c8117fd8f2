"""The xAPI statements kept here: stored after their beats, read for export, claimed for the LRS.

A forwarding run claims a batch in one short transaction (on PostgreSQL with SKIP LOCKED, so
runs side by side take different rows), sends it with no transaction open, and records the
outcome in a second short one. A claim older than the lease is taken again, so statements
claimed by a run that died are sent by a later one.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from common.bulk import insert_objects

from .models import XapiStatement
from .xapi_statements import Viewing, statements_for_viewings

STATEMENT_FIELDS = [
    "id",
    "user",
    "lesson",
    "verb",
    "timestamp",
    "stored",
    "statement",
    "forward_attempts",
    "forward_error",
]

# Sent inside the transaction that stored new statements; forwarding is wired to it in apps.py,
# so storing statements knows nothing of Celery.
statements_stored = Signal()


def record_statements(viewings: list[Viewing], now: datetime) -> int:
    """Keep the statements of newly recorded beats (after their beats); returns how many."""
    rows = statements_for_viewings(viewings, now)
    if not rows:
        return 0
    insert_objects(XapiStatement, rows, STATEMENT_FIELDS)
    statements_stored.send(sender=XapiStatement, count=len(rows))
    return len(rows)


def stored_statements(
    since: datetime | None = None, until: datetime | None = None, municipality=None
) -> QuerySet[XapiStatement]:
    """Statements in the order they were stored; only one municipality's staff if given."""
    rows = XapiStatement.objects.order_by("stored", "id")
    if municipality is not None:
        rows = rows.filter(user__staff_profile__municipality=municipality)
    if since is not None:
        rows = rows.filter(stored__gte=since)
    if until is not None:
        rows = rows.filter(stored__lt=until)
    return rows


def as_xapi(row: XapiStatement) -> dict:
    return {**row.statement, "stored": row.stored.isoformat()}


@dataclass(frozen=True)
class Claim:
    """A batch of statements one forwarding run has taken to send."""

    token: uuid.UUID
    ids: list[uuid.UUID]
    statements: list[dict]


def claim_batch(size: int, lease: timedelta) -> Claim | None:
    """Take up to `size` statements waiting for the LRS, oldest first; None when none wait.

    Statements claimed by another run are skipped until their claim is older than `lease`.
    """
    now = timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        rows = list(
            XapiStatement.objects.select_for_update(skip_locked=True)
            .filter(forwarded_at__isnull=True)
            .filter(Q(forward_claimed_at__isnull=True) | Q(forward_claimed_at__lt=now - lease))
            .order_by("stored", "id")
            .values_list("id", "statement")[:size]
        )
        if not rows:
            return None
        ids = [row_id for row_id, _ in rows]
        XapiStatement.objects.filter(id__in=ids).update(forward_claim=token, forward_claimed_at=now)
    return Claim(token, ids, [body for _, body in rows])


def mark_forwarded(claim: Claim) -> None:
    """The LRS holds the batch: it leaves the outbox, even if another run has since claimed it."""
    XapiStatement.objects.filter(id__in=claim.ids, forwarded_at__isnull=True).update(
        forwarded_at=timezone.now(), forward_error="", forward_claim=None, forward_claimed_at=None
    )


def mark_failed(claim: Claim, reason: str) -> None:
    """The batch stays in the outbox with the reason, free for the next run."""
    XapiStatement.objects.filter(id__in=claim.ids, forward_claim=claim.token).update(
        forward_attempts=F("forward_attempts") + 1,
        forward_error=reason[:500],
        forward_claim=None,
        forward_claimed_at=None,
    )
