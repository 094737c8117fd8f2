"""A manager's confirmation of a skill: the manager vouches for a level of their own staff.

Who is a manager: a member of staff (with a staff profile) who holds the permission
`skills.confirm_skills`, given by the group 管理職 (made after every migrate) or directly. Their
staff: `organisation.access.department_staff` (the active staff of the same municipality and
department, themselves excluded; nobody without a department). A confirmation is verified evidence
(levels.py): it sets the level as an assessment does, and the newest of the two counts.
"""

from datetime import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation import access
from organisation.access import own_staff_profile
from organisation.models import StaffProfile

from .levels import recompute_levels
from .models import RoleTarget, Skill, SkillEvidence, StaffSkillLevel, role_profile_of

MANAGERS = "管理職"
PERMISSION = "skills.confirm_skills"


class NotConfirmable(ValueError):
    """A confirmation the manager may not make; the message says why, in Japanese."""


def is_manager(user) -> bool:
    return own_staff_profile(user) is not None and user.has_perm(PERMISSION)


def team_of(user) -> QuerySet:
    """The staff whose skills the user may confirm: none unless the user is a manager."""
    if not user.has_perm(PERMISSION):
        return StaffProfile.objects.none()
    return (
        access.department_staff(own_staff_profile(user))
        .select_related("role__role_profile")
        .order_by("employee_id")
    )


def skills_to_confirm(staff: StaffProfile) -> list[dict]:
    """The person's targeted skills and any other skill with a level, each with that level."""
    levels = {
        level.skill_id: level
        for level in StaffSkillLevel.objects.filter(staff=staff).select_related(
            "skill__category__framework"
        )
    }
    skills = {skill.pk: skill for skill in (level.skill for level in levels.values())}
    role = role_profile_of(staff)
    if role is not None:
        for target in RoleTarget.objects.filter(role_profile=role).select_related(
            "skill__category__framework"
        ):
            skills.setdefault(target.skill_id, target.skill)
    return [
        {
            "skill": skill,
            "level": levels.get(skill.pk),
            "scale": range(
                skill.category.framework.scale_min, skill.category.framework.scale_max + 1
            ),
        }
        for skill in sorted(skills.values(), key=lambda skill: (skill.category_id, skill.order))
    ]


@transaction.atomic
def confirm(
    user, staff: StaffProfile, skill: Skill, level: int, now: datetime | None = None
) -> SkillEvidence:
    """Record the manager's confirmation of `level` and update the person's level."""
    if not team_of(user).filter(pk=staff.pk).exists():
        raise NotConfirmable(_("この職員のスキルを確認する権限がありません。"))
    framework = skill.category.framework
    if not framework.scale_min <= level <= framework.scale_max:
        raise NotConfirmable(
            _("レベルは %(low)d から %(high)d の間で選んでください。")
            % {"low": framework.scale_min, "high": framework.scale_max}
        )
    evidence = SkillEvidence.objects.create(
        staff=staff,
        skill=skill,
        level=level,
        source=SkillEvidence.Source.MANAGER,
        observed_at=now or timezone.now(),
        recorded_by=user,
    )
    recompute_levels(staff, [skill])
    return evidence


def ensure_manager_group(**kwargs) -> None:
    """The group 管理職 with the permission to confirm; run after every migrate (idempotent)."""
    app_label, codename = PERMISSION.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    if permission is not None and not permission.group_set.filter(name=MANAGERS).exists():
        Group.objects.get_or_create(name=MANAGERS)[0].permissions.add(permission)
