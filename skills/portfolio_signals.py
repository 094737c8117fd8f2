"""Keep the portfolio's rows current: a changed level, person, role or role target marks the
affected municipalities and skills, and they are rebuilt once when the transaction commits.
Assessment evidence and changes of staff mark their municipality's learning activity the same
way; viewing figures (hours watched, lessons completed) change with every heartbeat and are
recounted by `recompute_portfolio`, run on a schedule.

Bulk writes (bulk_create, update) send no signals: code that writes levels in bulk calls
`portfolio_compute.refresh` itself, or the `recompute_portfolio` command is run afterwards.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from organisation.models import StaffProfile

from . import portfolio_compute
from .models import RoleTarget, SkillEvidence, StaffRole, StaffSkillLevel
from .portfolio_activity import rebuild_activity

ACTIVITY = "activity"

_pending = threading.local()


def mark_changed(municipality_id: int | None, skill_id: int | str | None) -> None:
    """Queue (municipality, skill) for a rebuild; None means all municipalities / skills, and
    the skill ACTIVITY the municipality's learning activity."""
    # A rolled-back transaction drops its on-commit callback: then the marks start afresh.
    marks = getattr(_pending, "marks", None)
    waiting = marks is not None and any(
        callback is flush
        for _savepoints, callback, _robust in transaction.get_connection().run_on_commit
    )
    if not waiting:
        marks = _pending.marks = set()
    marks.add((municipality_id, skill_id))
    if not waiting:
        transaction.on_commit(flush)


def flush() -> None:
    marks = getattr(_pending, "marks", None) or set()
    _pending.marks = None
    activity = {municipality for municipality, kind in marks if kind == ACTIVITY}
    if activity:
        rebuild_activity(activity)
    marks = {mark for mark in marks if mark[1] != ACTIVITY}
    if not marks:
        return
    everywhere = {skill for municipality, skill in marks if municipality is None}
    if None in everywhere:
        portfolio_compute.refresh(None, None)
        return
    if everywhere:
        portfolio_compute.refresh(None, everywhere)
    whole = {municipality for municipality, skill in marks if skill is None and municipality}
    if whole:
        portfolio_compute.refresh(whole, None)
    per_municipality: dict[int, set[int]] = {}
    for municipality, skill in marks:
        if municipality is not None and skill is not None and municipality not in whole:
            if skill not in everywhere:
                per_municipality.setdefault(municipality, set()).add(skill)
    for municipality, skills in per_municipality.items():
        portfolio_compute.refresh([municipality], skills)


def _municipality_of(staff_id: int) -> int | None:
    """The municipality a member of staff is stored in (None: not stored, e.g. deleted)."""
    return (
        StaffProfile.objects.filter(pk=staff_id).values_list("municipality_id", flat=True).first()
    )


@receiver([post_save, post_delete], sender=StaffSkillLevel, dispatch_uid="portfolio_level")
def level_changed(sender, instance: StaffSkillLevel, **kwargs) -> None:
    municipality = _municipality_of(instance.staff_id)
    if municipality is not None:
        mark_changed(municipality, instance.skill_id)


@receiver(pre_save, sender=StaffProfile, dispatch_uid="portfolio_staff_before")
def staff_changing(sender, instance: StaffProfile, **kwargs) -> None:
    instance._portfolio_was_in = _municipality_of(instance.pk) if instance.pk else None


@receiver(post_save, sender=StaffProfile, dispatch_uid="portfolio_staff_saved")
@receiver(post_delete, sender=StaffProfile, dispatch_uid="portfolio_staff_deleted")
def staff_changed(sender, instance: StaffProfile, **kwargs) -> None:
    for municipality in {instance.municipality_id, getattr(instance, "_portfolio_was_in", None)}:
        if municipality:
            mark_changed(municipality, None)
            mark_changed(municipality, ACTIVITY)


@receiver([post_save, post_delete], sender=StaffRole, dispatch_uid="portfolio_staff_role")
def role_changed(sender, instance: StaffRole, **kwargs) -> None:
    municipality = _municipality_of(instance.staff_id)
    if municipality is not None:
        mark_changed(municipality, None)


@receiver([post_save, post_delete], sender=RoleTarget, dispatch_uid="portfolio_target")
def target_changed(sender, instance: RoleTarget, **kwargs) -> None:
    mark_changed(None, instance.skill_id)


@receiver([post_save, post_delete], sender=SkillEvidence, dispatch_uid="portfolio_assessment")
def assessment_recorded(sender, instance: SkillEvidence, **kwargs) -> None:
    if instance.source != SkillEvidence.Source.ASSESSMENT:
        return
    municipality = _municipality_of(instance.staff_id)
    if municipality is not None:
        mark_changed(municipality, ACTIVITY)
