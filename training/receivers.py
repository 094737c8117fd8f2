"""What training listens to: roster, roles and levels (audiences), viewing and tests (progress).

Audiences are re-evaluated once per change, not per row: a roster import announces itself once
when it commits (`organisation.events.roster_changed`), a recompute of levels once
(`skills.events.levels_changed`), and single edits of a person or their role (the admin) are
gathered until their transaction commits, then the touched municipalities are re-evaluated once.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from courses.events import lessons_started
from courses.models import LessonProgress
from organisation.events import roster_changed
from organisation.models import StaffProfile
from skills.events import attempt_submitted, levels_changed
from skills.models import QuizAttempt, StaffRole

from . import progress
from .assigning import reevaluate_all

_pending = threading.local()
# Up to this many people changed, a re-evaluation looks at their rows only.
FEW_PEOPLE = 1000


def reevaluate_on_commit(municipality_id: int | None) -> None:
    """Queue a municipality's assignments for re-evaluation when the transaction commits."""
    marks = getattr(_pending, "municipalities", None)
    waiting = marks is not None and any(
        callback is _flush
        for _savepoints, callback, _robust in transaction.get_connection().run_on_commit
    )
    if not waiting:
        marks = _pending.municipalities = set()
        transaction.on_commit(_flush)
    marks.add(municipality_id)


def _flush() -> None:
    marks = getattr(_pending, "municipalities", None) or set()
    _pending.municipalities = None
    marks.discard(None)
    if marks:
        reevaluate_all(municipality_ids=marks)


@receiver(roster_changed, dispatch_uid="training_roster_changed")
def roster_imported(sender, municipality_ids, **kwargs) -> None:
    reevaluate_all(municipality_ids=municipality_ids)


@receiver(pre_save, sender=StaffProfile, dispatch_uid="training_staff_before")
def staff_changing(sender, instance: StaffProfile, **kwargs) -> None:
    instance._training_was_in = (
        StaffProfile.objects.filter(pk=instance.pk)
        .values_list("municipality_id", flat=True)
        .first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=StaffProfile, dispatch_uid="training_staff_saved")
@receiver(post_delete, sender=StaffProfile, dispatch_uid="training_staff_deleted")
def staff_changed(sender, instance: StaffProfile, **kwargs) -> None:
    for municipality in {instance.municipality_id, getattr(instance, "_training_was_in", None)}:
        reevaluate_on_commit(municipality)


@receiver([post_save, post_delete], sender=StaffRole, dispatch_uid="training_staff_role")
def role_changed(sender, instance: StaffRole, **kwargs) -> None:
    municipality = (
        StaffProfile.objects.filter(pk=instance.staff_id)
        .values_list("municipality_id", flat=True)
        .first()
    )
    reevaluate_on_commit(municipality)


@receiver(levels_changed, dispatch_uid="training_levels_changed")
def levels_recomputed(sender, staff_ids, skill_ids, **kwargs) -> None:
    # One person's levels (a test just taken): only their rows; a whole recompute: everyone.
    few = staff_ids if len(staff_ids) <= FEW_PEOPLE else None
    reevaluate_all(gap_skill_ids=skill_ids, gap_only=True, staff_ids=few)


@receiver(lessons_started, dispatch_uid="training_lessons_started")
def lessons_opened(sender, pairs, **kwargs) -> None:
    progress.mark_started(pairs)


@receiver(post_save, sender=LessonProgress, dispatch_uid="training_lesson_completed")
def lesson_progress_saved(sender, instance: LessonProgress, created=False, **kwargs) -> None:
    if created:
        progress.mark_started([(instance.user_id, instance.lesson_id)])
    if instance.completed_at is not None:
        course_ids = progress.course_ids_of_lessons([instance.lesson_id]).values()
        progress.learning_recorded(instance.user_id, course_ids)


@receiver(post_save, sender=QuizAttempt, dispatch_uid="training_quiz_started")
def quiz_started(sender, instance: QuizAttempt, created=False, **kwargs) -> None:
    if created:
        progress.start_courses({instance.user_id}, progress.course_ids_of_quiz(instance.quiz))


@receiver(attempt_submitted, dispatch_uid="training_quiz_submitted")
def quiz_submitted(sender, attempt: QuizAttempt, **kwargs) -> None:
    if attempt.passed:
        progress.learning_recorded(attempt.user_id, progress.course_ids_of_quiz(attempt.quiz))
