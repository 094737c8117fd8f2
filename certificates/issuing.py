"""Issuing certificates: to whom, when, and under which serial number.

A certificate is issued once per person and course, or person and assignment, and only when
the completion rule says the person is done: `skills.course_completion` for a course, the
assignee's `completed_at` (kept current by training) for an assignment. Asking again returns
the certificate already issued, revoked or not: a revoked certificate is not silently replaced.

Serial numbers are the fiscal year of issue and a sequence within it (2026-000123). Every insert
of a certificate happens while holding the lock on that year's `SerialCounter` row, in the same
transaction: two processes issuing at once take turns for the few milliseconds of the insert,
so no serial is given twice, and a failed insert rolls the counter back with it, so none is
skipped. Whether the person completed is worked out before the lock is taken.
"""

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.japanese_dates import fiscal_year, tokyo_date
from courses.models import CoursePage, LessonPage, LessonProgress
from organisation.models import StaffProfile
from skills.course_completion import completed_at, completed_courses, completions
from training.models import Assignee, Assignment

from .models import Certificate, SerialCounter

BATCH = 500
TOKEN_BYTES = 24  # 192 random bits, 32 characters in the URL


class CannotIssue(Exception):
    """The person may not have this certificate (yet); the message says why, in Japanese."""


def format_serial(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


def course_minutes(course: CoursePage) -> int:
    """The course's live lessons' total length in whole minutes (seconds dropped)."""
    seconds = LessonPage.objects.child_of(course).live().aggregate(total=Sum("duration"))["total"]
    return (seconds or 0) // 60


def assignment_minutes(assignment: Assignment) -> int:
    if assignment.course_id is not None:
        return course_minutes(assignment.course)
    return sum(course_minutes(step.course) for step in assignment.path.steps.all())


def issuer_of(staff: StaffProfile) -> str:
    """Who issues: the organisation named in CERTIFICATE_ISSUER, else the holder's municipality."""
    return settings.CERTIFICATE_ISSUER or staff.municipality.name


def _draft(staff: StaffProfile, title: str, done: datetime.datetime, minutes: int, **what):
    return Certificate(
        holder_id=staff.user_id,
        municipality_id=staff.municipality_id,
        holder_name=staff.display_name,
        title=title[:255],
        issuer=issuer_of(staff),
        completed_on=tokyo_date(done),
        minutes=minutes,
        **what,
    )


def _issued_keys(drafts: list[Certificate]) -> set[tuple[int, str, int]]:
    """(holder, "course" or "assignment", id) of the drafts' certificates that already exist."""
    holders = {draft.holder_id for draft in drafts}
    courses = {draft.course_id for draft in drafts if draft.course_id}
    assignments = {draft.assignment_id for draft in drafts if draft.assignment_id}
    rows = Certificate.objects.filter(
        Q(course_id__in=courses) | Q(assignment_id__in=assignments), holder_id__in=holders
    ).values_list("holder_id", "course_id", "assignment_id")
    return {
        (holder, "course", course) if course else (holder, "assignment", assignment)
        for holder, course, assignment in rows
    }


def _key(draft: Certificate) -> tuple[int, str, int]:
    if draft.course_id:
        return (draft.holder_id, "course", draft.course_id)
    return (draft.holder_id, "assignment", draft.assignment_id)


def save_with_serials(drafts: list[Certificate], now: datetime.datetime | None = None) -> int:
    """Number and save the drafts not issued yet (by anyone, even meanwhile); how many were."""
    if not drafts:
        return 0
    now = now or timezone.now()
    year = fiscal_year(now)
    with transaction.atomic():
        SerialCounter.objects.bulk_create([SerialCounter(fiscal_year=year)], ignore_conflicts=True)
        counter = SerialCounter.objects.select_for_update().get(fiscal_year=year)
        # Every insert passes this lock, so what this query sees is all that was issued.
        issued = _issued_keys(drafts)
        fresh = []
        for draft in drafts:
            if _key(draft) not in issued:
                issued.add(_key(draft))
                fresh.append(draft)
        for number, draft in enumerate(fresh, start=counter.last + 1):
            draft.serial = format_serial(year, number)
            draft.token = secrets.token_urlsafe(TOKEN_BYTES)
            draft.issued_at = now
        Certificate.objects.bulk_create(fresh)
        counter.last += len(fresh)
        counter.save(update_fields=["last"])
    return len(fresh)


def _staff_of(user) -> StaffProfile:
    staff = StaffProfile.objects.filter(user=user).select_related("municipality").first()
    if staff is None:
        raise CannotIssue(_("修了証は職員として登録された方にだけ発行します。"))
    return staff


def issue_for_course(user, course: CoursePage, now=None) -> Certificate:
    """The person's certificate for a course, issued now if they completed it and have none."""
    existing = Certificate.objects.filter(holder=user, course=course).first()
    if existing is not None:
        return existing
    done = completed_at(course, user)
    if done is None:
        raise CannotIssue(_("この講座はまだ修了していません。"))
    draft = _draft(_staff_of(user), course.title, done, course_minutes(course), course=course)
    save_with_serials([draft], now)
    return Certificate.objects.get(holder=user, course=course)


def issue_for_assignment(user, assignment: Assignment, now=None) -> Certificate:
    """The person's certificate for an assignment they completed."""
    existing = Certificate.objects.filter(holder=user, assignment=assignment).first()
    if existing is not None:
        return existing
    assignee = (
        Assignee.objects.filter(assignment=assignment, staff__user=user)
        .select_related("staff__municipality")
        .first()
    )
    if assignee is None or assignee.completed_at is None:
        raise CannotIssue(_("この研修はまだ修了していません。"))
    draft = _draft(
        assignee.staff,
        assignment.title,
        assignee.completed_at,
        assignment_minutes(assignment),
        assignment=assignment,
    )
    save_with_serials([draft], now)
    return Certificate.objects.get(holder=user, assignment=assignment)


def _in_batches(drafts: Iterable[Certificate], now) -> int:
    issued, batch = 0, []
    for draft in drafts:
        batch.append(draft)
        if len(batch) == BATCH:
            issued += save_with_serials(batch, now)
            batch = []
    return issued + save_with_serials(batch, now)


def _course_drafts(course: CoursePage):
    lessons = LessonPage.objects.child_of(course).live().values("id")
    candidates = (
        LessonProgress.objects.filter(
            lesson_id__in=lessons, completed_at__isnull=False, user__staff_profile__isnull=False
        )
        .exclude(user__certificates__course=course)
        .values("user_id")
        .distinct()
    )
    done = completions(course, candidates)
    if not done:
        return
    minutes = course_minutes(course)
    people = StaffProfile.objects.filter(user_id__in=list(done)).select_related("municipality")
    for staff in people.iterator(chunk_size=BATCH):
        yield _draft(staff, course.title, done[staff.user_id], minutes, course=course)


def _assignment_drafts():
    assignees = (
        Assignee.objects.filter(completed_at__isnull=False)
        .exclude(
            Exists(
                Certificate.objects.filter(
                    holder_id=OuterRef("staff__user_id"), assignment_id=OuterRef("assignment_id")
                )
            )
        )
        .select_related("assignment", "staff__municipality")
        .order_by("assignment_id")
    )
    minutes: dict[int, int] = {}
    for assignee in assignees.iterator(chunk_size=BATCH):
        assignment = assignee.assignment
        if assignment.pk not in minutes:
            minutes[assignment.pk] = assignment_minutes(assignment)
        yield _draft(
            assignee.staff,
            assignment.title,
            assignee.completed_at,
            minutes[assignment.pk],
            assignment=assignment,
        )


def issue_due(now: datetime.datetime | None = None) -> dict[str, int]:
    """Issue every certificate the completion rule now allows and nobody has yet: for each live
    course and each assignment. Idempotent: a second run issues nothing."""
    now = now or timezone.now()
    courses = sum(_in_batches(_course_drafts(course), now) for course in CoursePage.objects.live())
    assignments = _in_batches(_assignment_drafts(), now)
    return {"issued": courses + assignments, "courses": courses, "assignments": assignments}


def ready_to_issue(user) -> list[dict]:
    """What `user` completed and has no certificate for yet: for the button on /my/."""
    if not hasattr(user, "staff_profile"):
        return []
    lesson_paths = LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
        "lesson__path", flat=True
    )
    parent_paths = {path[: -CoursePage.steplen] for path in lesson_paths}
    courses = (
        CoursePage.objects.live()
        .filter(path__in=parent_paths)
        .exclude(pk__in=user.certificates.filter(course__isnull=False).values("course_id"))
        .order_by("title")
    )
    courses = list(courses)
    done = completed_courses(user, courses)
    ready = [
        {"kind": "course", "id": course.pk, "title": course.title, "completed_at": done[course.pk]}
        for course in courses
        if course.pk in done
    ]
    assignees = (
        Assignee.objects.filter(staff__user=user, completed_at__isnull=False)
        .exclude(
            assignment_id__in=user.certificates.filter(assignment__isnull=False).values(
                "assignment_id"
            )
        )
        .select_related("assignment")
    )
    ready += [
        {
            "kind": "assignment",
            "id": row.assignment_id,
            "title": row.assignment.title,
            "completed_at": row.completed_at,
        }
        for row in assignees
    ]
    return ready
