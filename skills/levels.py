"""The evidence rule: what each kind of evidence may claim, and a person's level from it.

Evidence is kept forever and never edited. For each skill, among the evidence already observed
and not expired (past `expires_at`) at the moment asked about:

1. Verified evidence decides when there is any: an assessment (a submitted quiz, テスト) or a
   manager's confirmation (上司の確認, made on the managers' page). The NEWEST of them sets the
   level, higher or lower than before: a failed question lowers a level as surely as a right
   one raises it, and an old record high does not linger. The basis is "assessed" or
   "confirmed". Learning and self-assessment never move a verified level.
2. Otherwise learning activity: completing a lesson tagged with a skill (レッスン修了) shows the
   person has been taught, not that they can do it. It lifts the skill to the lesson's level but
   never above `settings.LEARNING_EVIDENCE_MAX_LEVEL` (default 1: 知識, can explain the terms).
   The newest completion counts; the basis is "learned".
3. Otherwise the newest self-assessment sets the level, shown as "self-assessed": it is the
   person's own word and never counts as assessed.
4. Within one moment, the most recently recorded (highest id) wins. Nothing counting: no level.

What an assessment says per skill is decided in evidence.py (`assessed_levels`). The stored level
(`StaffSkillLevel`) carries its basis and the date of the deciding evidence, shown beside every
level a person or HR sees. Because evidence is never edited, the level at any past moment is
recomputed with the same rule: that is how the month-by-month history is drawn; and a change of
the setting applies to old evidence at the next `recompute_skill_levels`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .events import levels_changed
from .models import BASIS_OF_SOURCE, Basis, SkillEvidence, StaffSkillLevel

Source = SkillEvidence.Source

# Which kind of evidence decides when several count: verified first, then learning, then self.
SOURCE_RANK = {Source.ASSESSMENT: 2, Source.MANAGER: 2, Source.LESSON: 1, Source.SELF: 0}


@dataclass(frozen=True)
class Level:
    """A level as the rule decides it: the value, its basis, and the evidence behind it."""

    level: int
    basis: Basis
    evidence: SkillEvidence

    @property
    def since(self) -> datetime:
        return self.evidence.observed_at


def counts_at(evidence: SkillEvidence, at: datetime) -> bool:
    return evidence.observed_at <= at and (evidence.expires_at is None or evidence.expires_at > at)


def claimed_level(evidence: SkillEvidence) -> int:
    """The level one piece of evidence may claim: a completed lesson no more than the cap."""
    if evidence.source == Source.LESSON:
        return min(evidence.level, settings.LEARNING_EVIDENCE_MAX_LEVEL)
    return evidence.level


def deciding_evidence(evidence: Iterable[SkillEvidence], at: datetime) -> SkillEvidence | None:
    """The one piece of evidence that sets the level at `at`, by the rule above."""
    valid = [item for item in evidence if counts_at(item, at)]
    if not valid:
        return None
    return max(valid, key=lambda item: (SOURCE_RANK[item.source], item.observed_at, item.pk or 0))


def decide(evidence: Iterable[SkillEvidence], at: datetime) -> Level | None:
    """The level, basis and deciding evidence at `at`; None when no evidence counts."""
    item = deciding_evidence(evidence, at)
    if item is None:
        return None
    return Level(claimed_level(item), BASIS_OF_SOURCE[item.source], item)


def _decided_per_skill(rows: Iterable[SkillEvidence], at: datetime) -> dict:
    by_key = defaultdict(list)
    for item in rows:
        by_key[(item.staff_id, item.skill_id)].append(item)
    decided = {key: decide(items, at) for key, items in by_key.items()}
    return {key: level for key, level in decided.items() if level is not None}


@transaction.atomic
def recompute_levels_for(
    staff_ids: Iterable[int], skill_ids: Iterable[int] | None = None, at: datetime | None = None
) -> int:
    """Store the current level of each (person, skill); returns how many levels exist after.

    Reads all the evidence of the given people (and skills) in one query and writes in bulk.
    """
    at = at or timezone.now()
    staff_ids = list(staff_ids)
    evidence = SkillEvidence.objects.filter(staff_id__in=staff_ids)
    stored = StaffSkillLevel.objects.filter(staff_id__in=staff_ids)
    if skill_ids is not None:
        skill_ids = list(skill_ids)
        evidence = evidence.filter(skill_id__in=skill_ids)
        stored = stored.filter(skill_id__in=skill_ids)
    decided = _decided_per_skill(evidence, at)
    current = {
        (staff_id, skill_id): (pk, (evidence_id, level, basis))
        for pk, staff_id, skill_id, evidence_id, level, basis in stored.values_list(
            "pk", "staff_id", "skill_id", "evidence_id", "level", "basis"
        )
    }
    stale = [pk for key, (pk, _stored) in current.items() if key not in decided]
    StaffSkillLevel.objects.filter(pk__in=stale).delete()
    # Only what changed is written: a daily recompute mostly finds nothing to do.
    StaffSkillLevel.objects.bulk_create(
        [
            StaffSkillLevel(
                staff_id=staff_id,
                skill_id=skill_id,
                level=decision.level,
                basis=decision.basis,
                basis_at=decision.since,
                evidence=decision.evidence,
            )
            for (staff_id, skill_id), decision in decided.items()
            if current.get((staff_id, skill_id), (None, None))[1]
            != (decision.evidence.pk, decision.level, decision.basis)
        ],
        update_conflicts=True,
        unique_fields=["staff", "skill"],
        update_fields=["level", "basis", "basis_at", "evidence", "updated_at"],
        batch_size=500,
    )
    # Once per recompute, after the commit: training re-evaluates its skill-gap audiences.
    transaction.on_commit(
        lambda: levels_changed.send(
            sender=StaffSkillLevel, staff_ids=staff_ids, skill_ids=skill_ids
        )
    )
    return len(decided)


def recompute_levels(staff, skills: Iterable | None = None, at: datetime | None = None) -> dict:
    """Update one person's current levels (all, or only `skills`); returns skill id → level."""
    skill_ids = None if skills is None else [getattr(skill, "pk", skill) for skill in skills]
    recompute_levels_for([staff.pk], skill_ids, at)
    levels = StaffSkillLevel.objects.filter(staff=staff)
    if skill_ids is not None:
        levels = levels.filter(skill_id__in=skill_ids)
    return dict(levels.values_list("skill_id", "level"))


def month_ends(months: int, at: datetime) -> list[datetime]:
    """The moments each of the last `months` months ended (Tokyo time), the last one being `at`."""
    first = timezone.localtime(at).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    boundaries = []
    for _ in range(months - 1):
        boundaries.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return [*reversed(boundaries), at]


def monthly_levels(staff, skills: Iterable, months: int = 12, at: datetime | None = None) -> dict:
    """Skill id → [(month label 'YYYY-MM', level or None)] for the last `months` months.

    Each value is the level at the end of that month, by the same rule as the current level.
    """
    at = at or timezone.now()
    skill_ids = [getattr(skill, "pk", skill) for skill in skills]
    moments = month_ends(months, at)
    rows = SkillEvidence.objects.filter(staff=staff, skill_id__in=skill_ids)
    per_skill = defaultdict(list)
    for item in rows:
        per_skill[item.skill_id].append(item)
    series = {}
    for skill_id in skill_ids:
        points = []
        for moment in moments:
            label = timezone.localtime(moment - timedelta(seconds=1)).strftime("%Y-%m")
            decision = decide(per_skill[skill_id], moment)
            points.append((label, decision.level if decision else None))
        series[skill_id] = points
    return series
