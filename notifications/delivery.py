"""Notices and mails for occasions: recorded once per person and occasion, sent in batches.

An *occasion* is one reason to tell one person something ("assignment 12 is due in 7 days"),
named by a key unique per person. `deliver` records it, then sends what is waiting:

1. Record (short transactions, no mail server involved): a site notice if the person wants them,
   and a `Delivery` row ("pending") if they want mail of that kind. Both are unique per person and
   key, so an occasion already recorded — by an earlier run today, a run on another machine, a
   second click — writes nothing and is counted as skipped.
2. Send: claim up to EMAIL_BATCH_SIZE pending rows (one UPDATE, so two runs never claim the same
   row), open one SMTP connection for the batch, hand the mails to the server one after another
   and mark each row sent the moment the server accepts it (one short UPDATE; no transaction is
   open while the server is talked to, so a hung server holds no lock). EMAIL_TIMEOUT bounds
   every wait on the server.

What happens when things go wrong, and why:
- A recipient the server refuses (5xx) is marked failed; the rest of the batch goes on over the
  same connection. "Try later" (4xx) puts the row back for a later run, at most
  MAX_ATTEMPTS times.
- A server that cannot be reached (refused connection, no greeting within EMAIL_TIMEOUT, bad
  login) stops the run: the batch goes back to pending untouched and the next run sends it.
- The connection breaks or times out while the server has a mail: whether it arrived cannot be
  known. That one mail is marked failed and never sent again, the connection is opened anew for
  the rest. We chose *at most once*: a person never receives the same reminder twice, at the
  cost of possibly missing one (they still see the notice on the site).
- The process dies mid-batch: its claimed rows stay "sending". Rows are sent in id order and
  each is marked the moment it is accepted, so the lowest-id row still "sending" is the only one
  that may have reached the server: once the claim is older than the lease (long enough for any
  live run to have finished its batch), the next run marks that one failed and puts the rest of
  the batch back to pending, then sends them. Nothing is sent twice; at most one mail per crash
  is left undelivered, and it is listed as failed.

Counts: `sent` mails the server accepted in this run, `failed` mails not delivered in this run
(refused, in doubt, or waiting because the server was down or said "try later"), `skipped`
occasions that needed no mail (recorded before, or the person chose no mail of that kind).
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import preferences
from .models import Delivery, Notice
from .unsubscribe import url_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Connections broken mid-mail in a row after which the server is taken for down (a hung server
# would otherwise cost EMAIL_TIMEOUT per mail).
MAX_BREAKS = 2
RETRY_DELAY = timedelta(hours=1)
CHUNK = 500


@dataclass(frozen=True)
class Occasion:
    """One thing to tell one person; `key` is unique per person and occasion."""

    user_id: int
    email: str
    kind: str
    key: str
    title: str
    body: str
    url: str = ""  # a path on this site


@dataclass
class Tally:
    sent: int = 0
    skipped: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "skipped": self.skipped, "failed": self.failed}

    def __iadd__(self, other: Tally) -> Tally:
        self.sent += other.sent
        self.skipped += other.skipped
        self.failed += other.failed
        return self


def deliver(occasions: Iterable[Occasion], *, dry_run: bool = False) -> Tally:
    """Record the occasions, then send every mail waiting. With dry_run nothing is written or
    sent, and `sent` counts the mails that would be."""
    to_send, skipped = record(occasions, dry_run=dry_run)
    if dry_run:
        return Tally(sent=to_send, skipped=skipped)
    tally = send_pending()
    tally.skipped += skipped
    return tally


def _chunks(items: Iterable[Occasion]) -> Iterator[list[Occasion]]:
    chunk: list[Occasion] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def record(occasions: Iterable[Occasion], *, dry_run: bool = False) -> tuple[int, int]:
    """Write the notices and pending mails not yet recorded; (mails to send, skipped)."""
    to_send = skipped = 0
    for chunk in _chunks(occasions):
        user_ids = {o.user_id for o in chunk}
        keys = {o.key for o in chunk}
        chosen = preferences.choices_for(user_ids, {o.kind for o in chunk})
        mailed = dict(
            ((user_id, key), status)
            for user_id, key, status in Delivery.objects.filter(
                key__in=keys, user_id__in=user_ids
            ).values_list("user_id", "key", "status")
        )
        noticed = set(
            Notice.objects.filter(key__in=keys, user_id__in=user_ids).values_list("user_id", "key")
        )
        notices, mails = [], []
        for occasion in chunk:
            by_mail, on_site = chosen.get((occasion.user_id, occasion.kind), (True, True))
            if on_site and (occasion.user_id, occasion.key) not in noticed:
                notices.append(_notice(occasion))
            status = mailed.get((occasion.user_id, occasion.key))
            if not by_mail or not occasion.email or status not in (None, Delivery.Status.PENDING):
                skipped += 1
                continue
            to_send += 1
            if status is None:
                mails.append(_mail(occasion))
        if not dry_run:
            with transaction.atomic():
                Notice.objects.bulk_create(notices, ignore_conflicts=True)
                Delivery.objects.bulk_create(mails, ignore_conflicts=True)
    return to_send, skipped


def _notice(occasion: Occasion) -> Notice:
    return Notice(
        user_id=occasion.user_id,
        kind=occasion.kind,
        key=occasion.key,
        title=occasion.title[:200],
        body=occasion.body,
        url=occasion.url,
    )


def _mail(occasion: Occasion) -> Delivery:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("【%(site)s】%(title)s") % {
            "site": settings.WAGTAIL_SITE_NAME,
            "title": occasion.title,
        }
        body = render_to_string(
            "notifications/mail/message.txt",
            {
                "body": occasion.body,
                "url": absolute(occasion.url) if occasion.url else "",
                "site": settings.WAGTAIL_SITE_NAME,
                "settings_url": absolute(reverse("notice_settings")),
                "unsubscribe_url": url_for(occasion.user_id, occasion.kind),
            },
        )
    return Delivery(
        user_id=occasion.user_id,
        kind=occasion.kind,
        key=occasion.key,
        to=occasion.email,
        subject=subject[:300],
        body=body,
    )


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


# --- Sending ---------------------------------------------------------------------------------


def _ready() -> Q:
    return Q(status=Delivery.Status.PENDING) & (
        Q(retry_after__isnull=True) | Q(retry_after__lte=timezone.now())
    )


def send_pending(batch_size: int | None = None) -> Tally:
    """Send every mail waiting, a batch per SMTP connection; sent and failed of this run."""
    batch_size = batch_size or settings.EMAIL_BATCH_SIZE
    tally = Tally(failed=settle_interrupted(batch_size))
    while rows := _claim(batch_size):
        if not _send_batch(rows, tally):
            # The server is down: what waits stays pending for the next run.
            tally.failed += Delivery.objects.filter(_ready()).count()
            break
    return tally


def lease(batch_size: int) -> timedelta:
    """How long a live run may hold a claimed batch: every mail of it waiting out EMAIL_TIMEOUT,
    and a margin."""
    return timedelta(seconds=settings.EMAIL_TIMEOUT * (batch_size + 5))


def settle_interrupted(batch_size: int) -> int:
    """Settle the batches of runs that died mid-batch (see the module's note); how many mails
    are marked failed for it."""
    stale = Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=timezone.now() - lease(batch_size)
    )
    in_doubt = 0
    for batch in set(stale.values_list("batch", flat=True)):
        rows = Delivery.objects.filter(batch=batch, status=Delivery.Status.SENDING)
        first = rows.order_by("pk").values_list("pk", flat=True).first()
        if first is None:
            continue
        in_doubt += Delivery.objects.filter(pk=first, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.FAILED,
            error=_(
                "送信中に処理が中断したため、届いたか確認できません（二重送信を避けるため再送しません）。"
            ),
        )
        rows.exclude(pk=first).update(status=Delivery.Status.PENDING, attempts=F("attempts") - 1)
    return in_doubt


def _claim(batch_size: int) -> list[Delivery]:
    ids = list(
        Delivery.objects.filter(_ready()).order_by("pk").values_list("pk", flat=True)[:batch_size]
    )
    if not ids:
        return []
    token = uuid.uuid4()
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING,
        batch=token,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    return list(
        Delivery.objects.filter(batch=token, status=Delivery.Status.SENDING)
        .only("pk", "user_id", "kind", "to", "subject", "body", "attempts")
        .order_by("pk")
    )


def _settle(row: Delivery, status: str, error: str = "", **fields) -> None:
    Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING).update(
        status=status, error=error[:500], **fields
    )


def _release(rows: list[Delivery], error: str) -> None:
    """Back to pending, the attempt not counted: the server never saw them."""
    Delivery.objects.filter(pk__in=[row.pk for row in rows], status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, attempts=F("attempts") - 1, error=error[:500]
    )


def _send_batch(rows: list[Delivery], tally: Tally) -> bool:
    """Send one batch over one connection; False when the server could not be reached."""
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("Mail server unreachable: %s", error)
        _release(rows, _("メールサーバーに接続できませんでした：%(error)s") % {"error": error})
        return False
    breaks = 0
    try:
        for index, row in enumerate(rows):
            try:
                connection.send_messages([message_for(row, connection)])
            except smtplib.SMTPRecipientsRefused as error:
                code = min((code for code, _text in error.recipients.values()), default=550)
                _refused(row, code, str(error.recipients), tally)
            except smtplib.SMTPResponseException as error:
                _refused(row, error.smtp_code, str(error.smtp_error), tally)
            except (OSError, smtplib.SMTPException) as error:
                # The server had the mail when the line went quiet: it may have arrived.
                _settle(
                    row,
                    Delivery.Status.FAILED,
                    _("送信中に接続が切れたため、届いたか確認できません（再送しません）：%(error)s")
                    % {"error": error},
                )
                tally.failed += 1
                _abandon(connection)
                breaks += 1
                try:
                    if breaks >= MAX_BREAKS:
                        raise smtplib.SMTPServerDisconnected(error)
                    connection.open()
                except (OSError, smtplib.SMTPException) as reopen_error:
                    _release(
                        rows[index + 1 :],
                        _("メールサーバーに接続できませんでした：%(error)s")
                        % {"error": reopen_error},
                    )
                    return False
            else:
                breaks = 0
                _settle(row, Delivery.Status.SENT, sent_at=timezone.now())
                tally.sent += 1
    finally:
        _abandon(connection, politely=True)
    return True


def _refused(row: Delivery, code: int, text: str, tally: Tally) -> None:
    tally.failed += 1
    if 400 <= code < 500 and row.attempts < MAX_ATTEMPTS:
        _settle(
            row,
            Delivery.Status.PENDING,
            f"{code} {text}",
            retry_after=timezone.now() + RETRY_DELAY,
        )
    else:
        _settle(row, Delivery.Status.FAILED, f"{code} {text}")


def _abandon(connection, politely: bool = False) -> None:
    """Close the connection; after a timeout, drop the socket without waiting on the server
    again (QUIT would wait another EMAIL_TIMEOUT)."""
    smtp = getattr(connection, "connection", None)
    if smtp is None:
        if politely:
            connection.close()
        return
    try:
        if politely:
            connection.close()
            return
    except (OSError, smtplib.SMTPException):
        pass
    smtp.close()
    connection.connection = None


def message_for(row: Delivery, connection=None) -> EmailMessage:
    """The mail of one row, with the unsubscribe headers of RFC 2369 and RFC 8058."""
    unsubscribe = url_for(row.user_id, row.kind)
    return EmailMessage(
        subject=row.subject,
        body=row.body,
        to=[row.to],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies to a machine.
            "Auto-Submitted": "auto-generated",
            "Message-ID": make_msgid(domain=_mail_domain()),
        },
    )


def _mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"
