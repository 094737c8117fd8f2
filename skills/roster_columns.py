"""What skills adds to the organisation's roster: the 役割 (role) and 所属長 (supervisor) columns,
and skill levels.

A person's role profile belongs to skills (DESIGN.md), so the roster reads and writes it only
through these columns, registered in SkillsConfig.ready. Where the role is kept is known to
`role_profile_ids` and `set_role_profiles` alone.

Who is a supervisor (所属長, 管理監督者) is kept once: membership of the group 管理職
(`confirmation.MANAGERS`), which confirms skills and lets a supervisor follow their department's
required training. The 所属長 column reads and writes that membership (1/0, true/false, はい/いいえ;
blank is not a supervisor), so the roster and the admin's group editing change the same record.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.normalise import fold, lookup_key
from common.spreadsheets import Column, Kind
from organisation.models import StaffProfile
from organisation.roster.columns import (
    ExportColumns,
    ExportContribution,
    ImportColumn,
    register_export_columns,
    register_import_column,
)

from .confirmation import MANAGERS, ensure_manager_group
from .models import RoleProfile, Skill, StaffRole, StaffSkillLevel

# Rows per statement (SQLite allows 32,766 parameters).
UPDATE_BATCH = 1000


def role_profile_ids(staff: QuerySet) -> dict[int, int | None]:
    """staff profile id → role profile id (None: no role), for the given staff."""
    return dict(
        StaffProfile.objects.filter(pk__in=staff).values_list("pk", "role__role_profile_id")
    )


def set_role_profiles(values: dict[int, int | None]) -> None:
    """Give each staff profile its role profile (None: none): a StaffRole row per person with a
    role, replaced when it changes."""
    staff_ids = list(values)
    for start in range(0, len(staff_ids), UPDATE_BATCH):
        StaffRole.objects.filter(staff_id__in=staff_ids[start : start + UPDATE_BATCH]).delete()
    StaffRole.objects.bulk_create(
        [
            StaffRole(staff_id=staff_id, role_profile_id=role_id)
            for staff_id, role_id in values.items()
            if role_id is not None
        ],
        batch_size=UPDATE_BATCH,
    )


def role_reader() -> Callable[[str], int | None]:
    """Cell → role profile id, by the role's code or name in any width; blank: none."""
    roles: dict[str, int] = {}
    for pk, code, name in RoleProfile.objects.values_list("pk", "code", "name"):
        roles[lookup_key(code)] = pk
        roles[lookup_key(name)] = pk

    def read(text: str) -> int | None:
        key = lookup_key(text)
        if key and key not in roles:
            raise ValidationError(_("役割「%(role)s」が見つかりません。") % {"role": fold(text)})
        return roles.get(key)

    return read


def role_names(staff: QuerySet) -> dict[int, str]:
    names = dict(RoleProfile.objects.values_list("pk", "name"))
    return {
        staff_id: names.get(role_id, "")
        for staff_id, role_id in role_profile_ids(staff).items()
        if role_id is not None
    }


def skill_level_columns(staff: QuerySet) -> ExportColumns:
    """One column per skill anyone exported has a level in: the current level."""
    level_of: dict[tuple[int, int], int] = {}
    levels = StaffSkillLevel.objects.filter(staff__in=staff)
    for staff_id, skill_id, level in levels.values_list("staff_id", "skill_id", "level"):
        level_of[(staff_id, skill_id)] = level
    skills = list(
        Skill.objects.filter(pk__in={skill_id for _staff, skill_id in level_of}).select_related(
            "category__framework"
        )
    )
    return ExportColumns(
        columns=[
            Column(_("%(skill)s（レベル）") % {"skill": skill.name}, Kind.NUMBER)
            for skill in skills
        ],
        values=lambda profile: [level_of.get((profile.pk, skill.pk), "") for skill in skills],
    )


SUPERVISOR_WORDS = {
    "1": True,
    "true": True,
    "はい": True,
    "所属長": True,
    "0": False,
    "false": False,
    "いいえ": False,
    "": False,
}


def supervisor_flags(staff: QuerySet) -> dict[int, bool]:
    """staff profile id → whether the person is a supervisor (in the group 管理職)."""
    supervisors = set(
        StaffProfile.objects.filter(pk__in=staff, user__groups__name=MANAGERS).values_list(
            "pk", flat=True
        )
    )
    return {
        pk: pk in supervisors
        for pk in StaffProfile.objects.filter(pk__in=staff).values_list("pk", flat=True)
    }


def set_supervisors(values: dict[int, bool]) -> None:
    """Put each staff profile's account into the group 管理職 or take it out."""
    ensure_manager_group()
    group = Group.objects.get(name=MANAGERS)
    membership = get_user_model().groups.through
    staff_ids = list(values)
    for start in range(0, len(staff_ids), UPDATE_BATCH):
        batch = staff_ids[start : start + UPDATE_BATCH]
        users = dict(StaffProfile.objects.filter(pk__in=batch).values_list("pk", "user_id"))
        membership.objects.filter(
            group_id=group.pk, user_id__in=[users[pk] for pk in batch if not values[pk]]
        ).delete()
        membership.objects.bulk_create(
            [membership(user_id=users[pk], group_id=group.pk) for pk in batch if values[pk]],
            ignore_conflicts=True,
        )


def supervisor_reader() -> Callable[[str], bool]:
    def read(text: str) -> bool:
        key = fold(text or "").strip().lower()
        if key not in SUPERVISOR_WORDS:
            raise ValidationError(
                _("所属長は 1 か 0（はい／いいえ）で書いてください（「%(value)s」）。")
                % {"value": fold(text)}
            )
        return SUPERVISOR_WORDS[key]

    return read


def supervisor_marks(staff: QuerySet) -> dict[int, str]:
    return {pk: "1" for pk, flag in supervisor_flags(staff).items() if flag}


def register() -> None:
    register_import_column(
        ImportColumn(
            key="role",
            headers=("役割", "role"),
            reader=role_reader,
            current=role_profile_ids,
            write=set_role_profiles,
            export=role_names,
        )
    )
    register_import_column(
        ImportColumn(
            key="supervisor",
            headers=("所属長", "supervisor"),
            reader=supervisor_reader,
            current=supervisor_flags,
            write=set_supervisors,
            export=supervisor_marks,
        )
    )
    register_export_columns(
        ExportContribution(key="skill_levels", order=20, columns=skill_level_columns)
    )
