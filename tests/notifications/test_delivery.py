"""Sending notices and mails: once per person and occasion, in batches, through a real SMTP
server on loopback (aiosmtpd), and what happens when that server refuses, stalls or dies."""

import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from notifications import preferences
from notifications.delivery import Occasion, deliver, record, send_pending
from notifications.models import Delivery, Notice
from tests.factories import UserFactory
from tests.notifications.smtp_servers import LoopbackSMTP, SilentServer, free_port, use_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with LoopbackSMTP() as server:
        use_server(settings, server.port)
        yield server.mailbox


def people(count: int) -> list:
    return [UserFactory(email=f"shokuin{n}@example.jp") for n in range(count)]


def occasion(user, key: str = "training.due_soon:1:2026-07-31", kind: str = "training.due_soon"):
    return Occasion(
        user_id=user.pk,
        email=user.email,
        kind=kind,
        key=key,
        title="必修研修「情報セキュリティ」の受講期限が近づいています",
        body=f"{user.username} さん\n\n受講期限は 2026年7月31日（金） です。",
        url="/my/",
    )


def test_each_person_gets_their_mail_with_an_unsubscribe_link_and_the_one_click_headers(smtp):
    user = people(1)[0]

    tally = deliver([occasion(user)])

    assert tally.as_dict() == {"sent": 1, "skipped": 0, "failed": 0}
    (mail,) = smtp.to(user.email)
    # (a subject folded onto a continuation line reads back with its fold's space)
    assert (
        mail["Subject"].strip()
        == "【まなびDX】必修研修「情報セキュリティ」の受講期限が近づいています"
    )
    link = mail["List-Unsubscribe"].strip().strip("<>")
    assert link.startswith("http://127.0.0.1:8000/notices/unsubscribe/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Auto-Submitted"] == "auto-generated"
    body = mail.get_content()
    assert "受講期限は 2026年7月31日（金） です。" in body
    assert link in body
    assert "http://127.0.0.1:8000/my/" in body


def test_a_second_run_sends_nothing_twice(smtp):
    users = people(3)

    first = deliver([occasion(user) for user in users])
    second = deliver([occasion(user) for user in users])

    assert first.as_dict() == {"sent": 3, "skipped": 0, "failed": 0}
    assert second.as_dict() == {"sent": 0, "skipped": 3, "failed": 0}
    assert len(smtp.messages) == 3
    assert Notice.objects.count() == 3


def test_the_counts_add_up_to_the_occasions(smtp):
    mailed, refused, no_mail, no_address = people(4)
    no_address.email = ""
    preferences.choose(no_mail, "training.due_soon", by_mail=False)
    smtp.refuse[refused.email] = "550 5.1.1 No such user"

    tally = deliver([occasion(user) for user in (mailed, refused, no_mail, no_address)])

    assert tally.as_dict() == {"sent": 1, "skipped": 2, "failed": 1}
    assert [m["To"] for m in smtp.messages] == [mailed.email]
    # a person who turned mail off still sees the notice on the site
    assert Notice.objects.filter(user=no_mail).exists()


def test_the_choice_not_to_see_site_notices_is_kept():
    user = people(1)[0]
    preferences.choose(user, "training.due_soon", on_site=False)

    record([occasion(user)])

    assert not Notice.objects.filter(user=user).exists()
    assert Delivery.objects.filter(user=user).exists()


def test_a_dry_run_counts_and_writes_nothing(smtp):
    users = people(2)

    tally = deliver([occasion(user) for user in users], dry_run=True)

    assert tally.as_dict() == {"sent": 2, "skipped": 0, "failed": 0}
    assert not Delivery.objects.exists() and not Notice.objects.exists()
    assert smtp.messages == []


def test_a_refused_recipient_does_not_stop_the_rest_of_the_batch(smtp):
    users = people(5)
    smtp.refuse[users[1].email] = "550 5.1.1 No such user"

    tally = deliver([occasion(user) for user in users])

    assert tally.as_dict() == {"sent": 4, "skipped": 0, "failed": 1}
    refused = Delivery.objects.get(user=users[1])
    assert refused.status == Delivery.Status.FAILED
    assert "550" in refused.error
    assert sorted(m["To"] for m in smtp.messages) == sorted(u.email for u in users if u != users[1])


def test_try_later_is_sent_by_a_later_run(smtp):
    user = people(1)[0]
    smtp.refuse[user.email] = "451 4.3.0 Try again later"

    first = deliver([occasion(user)])
    row = Delivery.objects.get(user=user)
    assert first.failed == 1 and row.status == Delivery.Status.PENDING
    assert send_pending().sent == 0  # not before its time
    del smtp.refuse[user.email]
    Delivery.objects.filter(pk=row.pk).update(retry_after=timezone.now() - timedelta(seconds=1))

    later = send_pending()

    assert later.sent == 1
    assert len(smtp.to(user.email)) == 1


def test_a_server_that_never_answers_stops_the_run_within_the_timeout(settings):
    users = people(4)
    silent = SilentServer()
    use_server(settings, silent.port, timeout=0.5)
    try:
        started = time.monotonic()
        tally = deliver([occasion(user) for user in users])
        elapsed = time.monotonic() - started
    finally:
        silent.close()

    assert elapsed < 5
    assert tally.as_dict() == {"sent": 0, "skipped": 0, "failed": 4}
    assert set(Delivery.objects.values_list("status", "attempts")) == {("pending", 0)}


def test_what_a_dead_server_left_is_sent_once_the_server_is_back(settings):
    users = people(3)
    use_server(settings, free_port())  # nothing listens there
    down = deliver([occasion(user) for user in users])
    assert down.failed == 3

    with LoopbackSMTP() as server:
        use_server(settings, server.port)
        back = deliver([occasion(user) for user in users])
        again = deliver([occasion(user) for user in users])

    assert back.as_dict() == {"sent": 3, "skipped": 0, "failed": 0}
    assert again.as_dict() == {"sent": 0, "skipped": 3, "failed": 0}
    assert sorted(m["To"] for m in server.mailbox.messages) == sorted(u.email for u in users)


def test_a_mail_the_server_stalls_on_is_never_sent_again_and_the_rest_go_on(settings):
    users = people(4)
    with LoopbackSMTP() as server:
        use_server(settings, server.port, timeout=0.5)
        server.mailbox.stall = {users[1].email}
        server.mailbox.stall_seconds = 2

        tally = deliver([occasion(user) for user in users])
        again = send_pending()

    assert tally.as_dict() == {"sent": 3, "skipped": 0, "failed": 1}
    assert again.as_dict() == {"sent": 0, "skipped": 0, "failed": 0}
    stalled = Delivery.objects.get(user=users[1])
    assert stalled.status == Delivery.Status.FAILED
    assert "確認できません" in stalled.error
    assert sorted(m["To"] for m in server.mailbox.messages) == sorted(
        u.email for u in users if u != users[1]
    )


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_server_is_talked_to(smtp):
    users = people(3)
    sender = connections["default"]
    seen = []
    smtp.on_data = lambda: seen.append(sender.in_atomic_block)

    deliver([occasion(user) for user in users])

    assert seen == [False, False, False]


class ProcessKilled(BaseException):
    """Stands for the process dying (SIGKILL, power): nothing in the sender catches it."""


@pytest.fixture
def dies_after_the_server_took(settings):
    """The mail backend dies right after the server accepted the n-th mail, before the sender
    could note it: the worst moment to die."""
    from django.core.mail.backends.smtp import EmailBackend

    accepted = []

    class DyingBackend(EmailBackend):
        def send_messages(self, messages):
            count = super().send_messages(messages)
            accepted.append(count)
            if len(accepted) == dies_after_the_server_took.n:
                raise ProcessKilled
            return count

    def arm(n: int) -> None:
        dies_after_the_server_took.n = n
        settings.EMAIL_BACKEND = f"{__name__}.DyingBackendHolder"
        DyingBackendHolder.backend = DyingBackend

    return arm


class DyingBackendHolder:
    """Django loads a backend by dotted path; this forwards to the test's dying backend."""

    backend = None

    def __new__(cls, *args, **kwargs):
        return cls.backend(*args, **kwargs)


def test_a_crash_mid_batch_is_completed_by_the_next_run_without_sending_anything_twice(
    smtp, settings, dies_after_the_server_took
):
    users = people(8)
    record([occasion(user) for user in users])
    smtp_backend = settings.EMAIL_BACKEND
    dies_after_the_server_took(3)

    with pytest.raises(ProcessKilled):
        send_pending(batch_size=5)

    assert len(smtp.messages) == 3
    states = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    assert states == ["sent", "sent", "sending", "sending", "sending"] + ["pending"] * 3
    # a run while the dead run's claim is still young leaves that batch alone
    settings.EMAIL_BACKEND = smtp_backend
    assert send_pending(batch_size=5).as_dict() == {"sent": 3, "skipped": 0, "failed": 0}
    Delivery.objects.filter(status="sending").update(claimed_at=timezone.now() - timedelta(hours=1))

    tally = send_pending(batch_size=5)

    # the third mail reached the server before the crash: it is failed, not sent again
    assert tally.as_dict() == {"sent": 2, "skipped": 0, "failed": 1}
    assert sorted(m["To"] for m in smtp.messages) == sorted(u.email for u in users)
    third = Delivery.objects.order_by("pk")[2]
    assert third.status == Delivery.Status.FAILED
