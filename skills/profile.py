"""A person's skill profile: current levels against their role's targets, and the gaps."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .gaps import gap_between
from .models import RoleTarget, Skill, SkillEvidence, StaffSkillLevel, role_profile_of


@dataclass
class ProfileRow:
    skill: Skill
    level: int
    target: int | None
    # The basis of the level (テストで評価, 上司が確認, 自己評価, 学習) and its date.
    basis: str
    basis_label: str
    since: object

    @property
    def gap(self) -> int:
        return gap_between(self.target, self.level)


def skill_profile(staff) -> dict:
    """Rows for the targeted skills (largest gap first) and for any other skill with a level."""
    targets = {}
    role = role_profile_of(staff)
    if role is not None:
        targets = {
            target.skill_id: target
            for target in RoleTarget.objects.filter(role_profile=role)
            .select_related("skill__category__framework")
            .order_by("skill__category__framework__code", "skill__category__order", "skill__order")
        }
    levels = {
        level.skill_id: level
        for level in StaffSkillLevel.objects.filter(staff=staff).select_related(
            "skill__category__framework"
        )
    }

    def row(skill: Skill, target: int | None) -> ProfileRow:
        level = levels.get(skill.pk)
        return ProfileRow(
            skill=skill,
            level=level.level if level else 0,
            target=target,
            basis=level.basis if level else "",
            basis_label=level.get_basis_display() if level else "",
            since=level.basis_at if level else None,
        )

    targeted = [row(target.skill, target.target_level) for target in targets.values()]
    others = [
        row(level.skill, None) for skill_id, level in levels.items() if skill_id not in targets
    ]
    return {
        "targeted": targeted,
        "gaps": sorted((r for r in targeted if r.gap), key=lambda r: -r.gap),
        "others": sorted(others, key=lambda r: (r.skill.category.framework.code, r.skill.code)),
        "chart": {
            "indicators": [
                {"name": r.skill.name, "max": r.skill.category.framework.scale_max}
                for r in targeted
            ],
            "target": [r.target for r in targeted],
            "current": [r.level for r in targeted],
            "labels": {"target": _("目標"), "current": _("現在")},
        },
    }


def recent_evidence(staff, limit: int = 20):
    return SkillEvidence.objects.filter(staff=staff).select_related("skill")[:limit]
