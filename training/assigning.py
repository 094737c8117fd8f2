"""Assigning training, keeping its audience current, and withdrawing it.

`assign` writes the assignment, its rules and one `Assignee` row per person in a handful of
statements: the rows are inserted by the database from the audience's own query
(INSERT ... SELECT), so 100,000 people cost about what 100 do, on SQLite and PostgreSQL alike.
It then reads the learning already done (progress.py: earlier completions count).

`reevaluate` applies the rules again after the roster, a role or a level changed: newcomers get
a row (added now), leavers' rows get `removed_at` (kept, with their progress: history is never
lost), and returners' rows have it cleared. Each of the three is one statement.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from organisation.access import Scope
from organisation.models import StaffProfile

from . import progress
from .audience import AudienceError, Rule, audience, scope_of
from .models import Assignee, Assignment, AudienceRule, LearningPath


class AssignmentError(ValueError):
    """An assignment that cannot be made, with one sentence to show the person."""


@dataclass(frozen=True)
class Reevaluated:
    added: int
    removed: int
    returned: int


def find_training(text: str) -> tuple[CoursePage | None, LearningPath | None]:
    """The course, or learning path, a slug names: `path:SLUG` is a learning path; a bare slug
    is a live course, or a learning path when no course has that slug."""
    text = (text or "").strip()
    kind, separator, slug = text.partition(":")
    if separator and kind == "path":
        path = LearningPath.objects.filter(slug=slug).first()
        if path is None:
            raise AssignmentError(_("学習パス「%(slug)s」が見つかりません。") % {"slug": slug})
        return None, path
    courses = list(CoursePage.objects.live().filter(slug=text)[:2])
    if len(courses) > 1:
        raise AssignmentError(
            _("スラッグ「%(slug)s」の講座が複数あります。管理画面でスラッグを分けてください。")
            % {"slug": text}
        )
    if courses:
        return courses[0], None
    path = LearningPath.objects.filter(slug=text).first()
    if path is None:
        raise AssignmentError(
            _("講座または学習パス「%(slug)s」が見つかりません。") % {"slug": text}
        )
    return None, path


def check_dates(starts_on: datetime.date, due_on: datetime.date) -> None:
    if due_on < starts_on:
        raise AssignmentError(_("期限は開始日と同じ日か、それより後にしてください。"))


@transaction.atomic
def assign(
    *,
    rules: list[Rule],
    scope: Scope,
    due_on: datetime.date,
    starts_on: datetime.date | None = None,
    course: CoursePage | None = None,
    path: LearningPath | None = None,
    title: str = "",
    created_by=None,
    now: datetime.datetime | None = None,
) -> tuple[Assignment, int]:
    """Assign `course` or `path` to everyone the rules name within `scope`; returns the
    assignment and how many people it reached. All or nothing."""
    now = now or timezone.now()
    starts_on = starts_on or timezone.localdate(now)
    if (course is None) == (path is None):
        raise AssignmentError(_("講座か学習パスのどちらか一つを指定してください。"))
    if not rules:
        raise AudienceError(_("対象者を一つ以上指定してください。"))
    check_dates(starts_on, due_on)
    assignment = Assignment.objects.create(
        title=title or (course or path).title,
        course=course,
        path=path,
        starts_on=starts_on,
        due_on=due_on,
        municipality=None if scope.everywhere else scope.municipality,
        created_by=created_by,
    )
    unique = {(rule.kind, rule.value): rule for rule in rules}
    AudienceRule.objects.bulk_create(
        [
            AudienceRule(assignment=assignment, kind=rule.kind, value=rule.value, label=rule.label)
            for rule in unique.values()
        ]
    )
    assigned = add_newcomers(assignment, audience(unique.values(), scope), now)
    progress.refresh(assignment)
    return assignment, assigned


def add_newcomers(assignment: Assignment, people: QuerySet[StaffProfile], now) -> int:
    """One INSERT ... SELECT: a row for each of `people` who has none in the assignment yet."""
    already = Assignee.objects.filter(assignment=assignment, staff=OuterRef("pk"))
    staff_sql, staff_params = (
        people.filter(~Exists(already))
        .order_by()
        .values(person=F("pk"))
        .query.get_compiler(connection=connection)
    ).as_sql()
    quote = connection.ops.quote_name
    table = quote(Assignee._meta.db_table)
    columns = ", ".join(
        quote(Assignee._meta.get_field(name).column) for name in ("assignment", "staff", "added_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT %s, picked.person, %s "
            f"FROM ({staff_sql}) AS picked",
            [assignment.pk, connection.ops.adapt_datetimefield_value(now), *staff_params],
        )
        return cursor.rowcount


@transaction.atomic
def reevaluate(
    assignment: Assignment,
    now: datetime.datetime | None = None,
    staff_ids: Iterable[int] | None = None,
) -> Reevaluated:
    """Apply the assignment's rules to today's roster (nothing for a withdrawn one); with
    `staff_ids`, to those people only (what changed was theirs)."""
    if not assignment.active:
        return Reevaluated(0, 0, 0)
    now = now or timezone.now()
    people = audience(assignment.audience.all(), scope_of(assignment))
    rows = Assignee.objects.filter(assignment=assignment)
    if staff_ids is not None:
        staff_ids = list(staff_ids)
        people = people.filter(pk__in=staff_ids)
        rows = rows.filter(staff_id__in=staff_ids)
    in_audience = people.filter(pk=OuterRef("staff_id"))
    removed = (
        rows.filter(removed_at__isnull=True).filter(~Exists(in_audience)).update(removed_at=now)
    )
    returning = rows.filter(removed_at__isnull=False).filter(Exists(in_audience))
    returned = returning.update(removed_at=None)
    added = add_newcomers(assignment, people, now)
    if added or returned:
        # Newcomers and returners may have learnt it already (elsewhere, or before leaving).
        progress.refresh(assignment)
    return Reevaluated(added=added, removed=removed, returned=returned)


def assignments_to_reevaluate(
    municipality_ids: Iterable[int] | None = None,
    gap_skill_ids: Iterable[int] | None = None,
    gap_only: bool = False,
) -> QuerySet[Assignment]:
    """The assignments in force a change may touch: those whose scope covers one of the
    municipalities (all, given None); with `gap_only`, only those with a gap rule (on one of
    `gap_skill_ids`, or any skill given None)."""
    assignments = Assignment.objects.filter(withdrawn_at__isnull=True)
    if municipality_ids is not None:
        assignments = assignments.filter(
            Q(municipality__isnull=True) | Q(municipality_id__in=list(municipality_ids))
        )
    if gap_only:
        gaps = AudienceRule.objects.filter(assignment=OuterRef("pk"), kind=AudienceRule.Kind.GAP)
        if gap_skill_ids is not None:
            gaps = gaps.filter(value__in=[str(pk) for pk in gap_skill_ids])
        assignments = assignments.filter(Exists(gaps))
    return assignments.select_related("municipality")


def reevaluate_all(
    municipality_ids: Iterable[int] | None = None,
    gap_skill_ids: Iterable[int] | None = None,
    gap_only: bool = False,
    staff_ids: Iterable[int] | None = None,
) -> Reevaluated:
    """`reevaluate` for each assignment a change may touch; the totals."""
    added = removed = returned = 0
    for assignment in assignments_to_reevaluate(municipality_ids, gap_skill_ids, gap_only):
        done = reevaluate(assignment, staff_ids=staff_ids)
        added += done.added
        removed += done.removed
        returned += done.returned
    return Reevaluated(added, removed, returned)


def withdraw(assignment: Assignment, now: datetime.datetime | None = None) -> bool:
    """Withdraw an assignment: nobody is asked to take it any more; its rows stay as they were.
    True if this call withdrew it."""
    return bool(
        Assignment.objects.filter(pk=assignment.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now or timezone.now()
        )
    )
