"""The rule that turns a person's evidence into their current level of each skill.

For each skill, among the evidence that is already observed and not expired at the moment asked
about, the level of ONE piece of evidence wins, chosen by:

1. rank of its source: a passed assessment (テスト合格) and a manager's confirmation (上司の確認)
   rank highest, then a completed lesson (レッスン修了), then a self-assessment (自己評価);
2. within the same rank, the newest observation;
3. within the same moment, the most recently recorded (highest id).

So a passed quiz at Lv2 outranks a self-assessment at Lv4 made later, and a newer quiz result
replaces an older one even when it is lower: the level says what the latest best evidence shows,
not a record high. Expired evidence (past `expires_at`) no longer counts; when nothing counts,
the person has no level for that skill. Evidence is never edited, so the level at any past moment
can be recomputed with the same rule: that is how the month-by-month history is drawn.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import SkillEvidence, StaffSkillLevel

Source = SkillEvidence.Source

SOURCE_RANK = {Source.ASSESSMENT: 2, Source.MANAGER: 2, Source.LESSON: 1, Source.SELF: 0}


def counts_at(evidence: SkillEvidence, at: datetime) -> bool:
    return evidence.observed_at <= at and (evidence.expires_at is None or evidence.expires_at > at)


def deciding_evidence(evidence: Iterable[SkillEvidence], at: datetime) -> SkillEvidence | None:
    """The one piece of evidence that sets the level at `at`, by the rule above."""
    valid = [item for item in evidence if counts_at(item, at)]
    if not valid:
        return None
    return max(valid, key=lambda item: (SOURCE_RANK[item.source], item.observed_at, item.pk or 0))


def _deciding_per_skill(rows: Iterable[SkillEvidence], at: datetime) -> dict:
    by_key = defaultdict(list)
    for item in rows:
        by_key[(item.staff_id, item.skill_id)].append(item)
    return {key: deciding_evidence(items, at) for key, items in by_key.items()}


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
    deciding = {
        key: item for key, item in _deciding_per_skill(evidence, at).items() if item is not None
    }
    current = {
        (staff_id, skill_id): (pk, evidence_id)
        for pk, staff_id, skill_id, evidence_id in stored.values_list(
            "pk", "staff_id", "skill_id", "evidence_id"
        )
    }
    stale = [pk for key, (pk, _evidence) in current.items() if key not in deciding]
    StaffSkillLevel.objects.filter(pk__in=stale).delete()
    # Only what changed is written: a daily recompute mostly finds nothing to do.
    StaffSkillLevel.objects.bulk_create(
        [
            StaffSkillLevel(
                staff_id=staff_id,
                skill_id=skill_id,
                level=item.level,
                source=item.source,
                evidence=item,
            )
            for (staff_id, skill_id), item in deciding.items()
            if current.get((staff_id, skill_id), (None, None))[1] != item.pk
        ],
        update_conflicts=True,
        unique_fields=["staff", "skill"],
        update_fields=["level", "source", "evidence", "updated_at"],
        batch_size=500,
    )
    return len(deciding)


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
            deciding = deciding_evidence(per_skill[skill_id], moment)
            points.append((label, deciding.level if deciding else None))
        series[skill_id] = points
    return series
