"""Keep the portfolio's rows current: a changed level, person or role target marks the affected
municipalities and skills, and they are rebuilt once when the transaction commits.

Bulk writes (bulk_create, update) send no signals: code that writes levels in bulk calls
`portfolio.refresh` itself, or the `recompute_portfolio` command is run afterwards.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from lms.models import StaffProfile

from . import portfolio
from .models import RoleTarget, StaffSkillLevel

_pending = threading.local()


def mark_changed(municipality_id: int | None, skill_id: int | None) -> None:
    """Queue (municipality, skill) for a rebuild; None means all municipalities / skills."""
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
    if not marks:
        return
    everywhere = {skill for municipality, skill in marks if municipality is None}
    if None in everywhere:
        portfolio.refresh(None, None)
        return
    if everywhere:
        portfolio.refresh(None, everywhere)
    whole = {municipality for municipality, skill in marks if skill is None and municipality}
    if whole:
        portfolio.refresh(whole, None)
    per_municipality: dict[int, set[int]] = {}
    for municipality, skill in marks:
        if municipality is not None and skill is not None and municipality not in whole:
            if skill not in everywhere:
                per_municipality.setdefault(municipality, set()).add(skill)
    for municipality, skills in per_municipality.items():
        portfolio.refresh([municipality], skills)


@receiver([post_save, post_delete], sender=StaffSkillLevel, dispatch_uid="portfolio_level")
def level_changed(sender, instance: StaffSkillLevel, **kwargs) -> None:
    municipality = (
        StaffProfile.objects.filter(pk=instance.staff_id)
        .values_list("municipality_id", flat=True)
        .first()
    )
    if municipality is not None:
        mark_changed(municipality, instance.skill_id)


@receiver(pre_save, sender=StaffProfile, dispatch_uid="portfolio_staff_before")
def staff_changing(sender, instance: StaffProfile, **kwargs) -> None:
    instance._portfolio_was_in = (
        StaffProfile.objects.filter(pk=instance.pk)
        .values_list("municipality_id", flat=True)
        .first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=StaffProfile, dispatch_uid="portfolio_staff_saved")
@receiver(post_delete, sender=StaffProfile, dispatch_uid="portfolio_staff_deleted")
def staff_changed(sender, instance: StaffProfile, **kwargs) -> None:
    mark_changed(instance.municipality_id, None)
    previous = getattr(instance, "_portfolio_was_in", None)
    if previous and previous != instance.municipality_id:
        mark_changed(previous, None)


@receiver([post_save, post_delete], sender=RoleTarget, dispatch_uid="portfolio_target")
def target_changed(sender, instance: RoleTarget, **kwargs) -> None:
    mark_changed(None, instance.skill_id)
