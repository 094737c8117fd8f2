"""The gap rule: how far a person is below their role's target on a skill.

A person has a gap on a skill when their role profile sets a target for it above their current
level; a skill without a stored level counts as level 0. People without a role profile have no
targets, so no gaps. The profile page (profile.py) shows each gap's size; training assigns to
everyone with a gap on a skill (`staff_below_target`). One rule for both.
"""

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import RoleTarget, Skill, StaffRole, StaffSkillLevel


def gap_between(target: int | None, level: int | None) -> int:
    """The size of a gap: the target less the level (missing: 0), never below 0."""
    return max(0, (target or 0) - (level or 0))


def staff_below_target(skill: Skill | int) -> QuerySet:
    """The ids of the staff whose role's target on `skill` is above their current level, as a
    subquery (one statement however many people)."""
    target = RoleTarget.objects.filter(role_profile=OuterRef("role_profile"), skill=skill).values(
        "target_level"
    )[:1]
    level = StaffSkillLevel.objects.filter(staff=OuterRef("staff"), skill=skill).values("level")[:1]
    return (
        StaffRole.objects.filter(role_profile__targets__skill=skill)
        .annotate(
            target=Subquery(target, output_field=IntegerField()),
            current=Coalesce(Subquery(level, output_field=IntegerField()), Value(0)),
        )
        .filter(target__gt=F("current"))
        .values("staff_id")
    )
