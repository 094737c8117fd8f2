"""Reminders of required training, composed into `notifications` occasions.

What is told to whom, and when (each once per person, by the occasion's key):

- 割り当て (assigned): once, when the assignment has started and the person was added within
  the last ASSIGNED_WITHIN_DAYS days (or it started then) — a first run on an old database does
  not mail everyone about assignments they have long known.
- 期限前 (due soon): once per due date, `remind_days_before` days before it (0: never), to those
  added before that day (those added later were just told the date by the assigned mail). A
  changed due date is a new occasion.
- 期限切れ (overdue): weekly — the day after the due date and every 7 days after, while the
  person has not completed it. Weekly, not once: required training stays required until done,
  and one mail is easily missed; not daily, because daily mail teaches people to unsubscribe.
  The kind can be turned off, and supervisors and HR can remind in between (`remind_now`).
- 受講のお願い (remind now): from the assigner, HR or a supervisor; at most once a day per person
  and assignment however often the button is pressed.
- おすすめレッスン (weekly digest): once per ISO week, the lessons that close the person's largest
  skill gaps (skills' own gap reading and lesson ranking), only when there are some.

Only current assignees (not removed), never those who completed, never withdrawn assignments,
only active staff with an active account. Everyone gets the notice on the site; the mail goes to
those with an address (a person without one is counted as skipped, not forgotten).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications import kinds
from notifications.delivery import Occasion, Tally, deliver, record
from notifications.models import Delivery, Notice, Preference
from organisation import audit
from organisation.models import StaffProfile
from skills.profile import skill_profile
from skills.recommendations import recommend_lessons

from .models import Assignee, Assignment

ASSIGNED = "training.assigned"
DUE_SOON = "training.due_soon"
OVERDUE = "training.overdue"
REMIND = "training.remind"
DIGEST = "training.digest"
ASSIGNED_WITHIN_DAYS = 7
DIGEST_LESSONS = 5


def register_kinds() -> None:
    kinds.register(
        ASSIGNED, gettext_lazy("研修の割り当て"), gettext_lazy("必修研修が割り当てられたとき")
    )
    kinds.register(
        DUE_SOON, gettext_lazy("期限前のお知らせ"), gettext_lazy("受講期限が近づいたとき")
    )
    kinds.register(
        OVERDUE,
        gettext_lazy("期限切れのお知らせ"),
        gettext_lazy("受講期限を過ぎても修了していないとき（毎週）"),
    )
    kinds.register(
        REMIND,
        gettext_lazy("受講のお願い"),
        gettext_lazy("研修担当・人事担当・所属長からの受講のお願い"),
    )
    kinds.register(
        DIGEST,
        gettext_lazy("おすすめレッスン（週1回）"),
        gettext_lazy("スキルの不足を埋めるレッスンのまとめ"),
    )


def send_reminders(today: datetime.date | None = None, *, dry_run: bool = False) -> Tally:
    """Everything due today, recorded and mailed once: what `send_reminders` and beat run."""
    today = today or timezone.localdate()
    occasions = [*assignment_occasions(today), *digest_occasions(today)]
    return deliver(occasions, dry_run=dry_run)


def reachable(assignees: QuerySet[Assignee]) -> QuerySet[Assignee]:
    """The assignees a reminder may go to: still in the audience, not done, assignment not
    withdrawn, active staff with an active account (the mail only to those with an address)."""
    return assignees.filter(
        removed_at__isnull=True,
        completed_at__isnull=True,
        assignment__withdrawn_at__isnull=True,
        staff__active=True,
        staff__user__is_active=True,
    ).select_related("staff__user")


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def assignment_occasions(today: datetime.date) -> Iterator[Occasion]:
    """The assigned, due-soon and overdue occasions of every running assignment."""
    running = Assignment.objects.filter(withdrawn_at__isnull=True, starts_on__lte=today)
    for assignment in running.select_related("course", "path"):
        people = reachable(assignment.assignees.all())
        due = assignment.due_on
        if due < today:
            week = ((today - due).days - 1) // 7
            yield from _occasions(people, assignment, OVERDUE, f"{due}:{week}", today)
            continue
        recent = _midnight(today - datetime.timedelta(days=ASSIGNED_WITHIN_DAYS))
        newly = (
            people if assignment.starts_on >= recent.date() else people.filter(added_at__gte=recent)
        )
        yield from _occasions(newly, assignment, ASSIGNED, "", today)
        days = assignment.remind_days_before
        if days and today >= due - datetime.timedelta(days=days):
            window = _midnight(due - datetime.timedelta(days=days))
            yield from _occasions(
                people.filter(added_at__lt=window), assignment, DUE_SOON, str(due), today
            )


def _occasions(
    people: QuerySet[Assignee], assignment: Assignment, kind: str, suffix: str, today
) -> Iterator[Occasion]:
    """One occasion per person; those recorded by an earlier run (a mail and a notice) are not
    composed again: `record` writes nothing for them and counts them as before."""
    key = _key(kind, assignment, suffix)
    mailed = Delivery.objects.filter(key=key).values("user_id")
    recorded = set(
        Notice.objects.filter(key=key, user_id__in=mailed).values_list("user_id", flat=True)
    )
    for assignee in people:
        if assignee.staff.user_id in recorded:
            user = assignee.staff.user
            yield Occasion(user_id=user.pk, email=user.email, kind=kind, key=key, title="", body="")
        else:
            yield _occasion(assignee, assignment, kind, suffix, today)


def _key(kind: str, assignment: Assignment, suffix: str) -> str:
    return f"{kind}:{assignment.pk}" + (f":{suffix}" if suffix else "")


def _target_url(assignment: Assignment) -> str:
    if assignment.course_id is not None:
        url = assignment.course.get_url()
        if url:
            return url
    return reverse("my_learning")


def japanese_date(day: datetime.date) -> str:
    """2026年7月31日（金）, as Japanese mail writes a date."""
    return formats.date_format(day, _("Y年n月j日（D）"))


def _occasion(
    assignee: Assignee,
    assignment: Assignment,
    kind: str,
    suffix: str,
    today: datetime.date,
    sender_name: str = "",
) -> Occasion:
    staff = assignee.staff
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": staff.display_name,
            "title": assignment.title,
            "starts": japanese_date(assignment.starts_on),
            "due": japanese_date(assignment.due_on),
            "days_left": (assignment.due_on - today).days,
            "days_over": (today - assignment.due_on).days,
            "status": Assignee.Status(assignee.status_on(today)).label,
            "sender": sender_name,
        }
        titles = {
            ASSIGNED: _("必修研修「%(title)s」が割り当てられました"),
            DUE_SOON: _("必修研修「%(title)s」の受講期限が近づいています"),
            OVERDUE: _("必修研修「%(title)s」の受講期限が過ぎています"),
            REMIND: _("必修研修「%(title)s」の受講のお願い"),
        }
        title = titles[kind] % {"title": assignment.title}
        body = render_to_string(f"training/mail/{kind.split('.')[1]}.txt", context)
    key = _key(kind, assignment, suffix)
    return Occasion(
        user_id=staff.user_id,
        email=staff.user.email,
        kind=kind,
        key=key,
        title=title,
        body=body,
        url=_target_url(assignment),
    )


def digest_occasions(today: datetime.date) -> Iterator[Occasion]:
    """This ISO week's digest for each person with gaps that lessons close, once a week."""
    year, week, _weekday = today.isocalendar()
    key = f"{DIGEST}:{year}-W{week:02d}"
    # Mailed already this week, or wanting no digest at all: nothing to compose; `record`
    # counts them as skipped, as it counts every occasion that needs no mail.
    settled = set(Delivery.objects.filter(key=key).values_list("user_id", flat=True))
    settled |= set(
        Preference.objects.filter(kind=DIGEST, by_mail=False, on_site=False).values_list(
            "user_id", flat=True
        )
    )
    people = StaffProfile.objects.filter(
        active=True, user__is_active=True, role__isnull=False
    ).select_related("user", "role__role_profile")
    for staff in people.iterator(chunk_size=500):
        if staff.user_id in settled:
            yield Occasion(staff.user_id, staff.user.email, DIGEST, key, title="", body="")
            continue
        gaps = skill_profile(staff)["gaps"]
        lessons = recommend_lessons(staff.user, gaps, limit=DIGEST_LESSONS) if gaps else []
        if not lessons:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "training/mail/digest.txt",
                {
                    "name": staff.display_name,
                    "lessons": [
                        {**item, "url": settings.SITE_URL.rstrip("/") + item["lesson"].url}
                        for item in lessons
                    ],
                },
            )
            title = _("今週のおすすめレッスン（%(count)s件）") % {"count": len(lessons)}
        yield Occasion(
            user_id=staff.user_id,
            email=staff.user.email,
            kind=DIGEST,
            key=key,
            title=title,
            body=body,
            url=reverse("skill_profile"),
        )


def remind_now(assignees: Iterable[Assignee] | QuerySet[Assignee], sender) -> Tally:
    """Ask these people, now, to take their assignment: recorded at once (at most once a day per
    person and assignment), mailed by the worker when the transaction commits, and logged.
    `sent` counts the mails queued, `skipped` those already reminded today or who chose no mail."""
    from notifications.tasks import send_pending_mail

    today = timezone.localdate()
    if not isinstance(assignees, QuerySet):
        assignees = Assignee.objects.filter(pk__in=[a.pk for a in assignees])
    people = list(reachable(assignees).select_related("assignment__course", "assignment__path"))
    sender_name = _sender_name(sender)
    occasions = [
        _occasion(a, a.assignment, REMIND, str(today), today, sender_name=sender_name)
        for a in people
    ]
    queued, skipped = record(occasions)
    if queued:
        transaction.on_commit(send_pending_mail.delay)
    for assignment_id in sorted({a.assignment_id for a in people}):
        audit.record(
            sender,
            "training.remind",
            f"assignment:{assignment_id}",
            staff=[a.staff_id for a in people if a.assignment_id == assignment_id],
        )
    return Tally(sent=queued, skipped=skipped)


def _sender_name(sender) -> str:
    profile = getattr(sender, "staff_profile", None) if sender is not None else None
    return profile.display_name if profile is not None else ""


def not_done(assignees: QuerySet[Assignee]) -> QuerySet[Assignee]:
    return assignees.filter(Q(removed_at__isnull=True) & Q(completed_at__isnull=True))
