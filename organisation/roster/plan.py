"""Planning an import: what a checked roster would create, update and deactivate.

Nothing is written here. The plan holds both what a preview shows (`created`, `updated`,
`deactivated`, `unchanged`) and what `write.apply_plan` writes, prepared while comparing, so
that writing is a handful of bulk statements.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from common.normalise import fold
from organisation.models import Department, Municipality, StaffProfile

from .check import RowError, StaffRow, check_table
from .columns import column_label, import_columns
from .read import Table


@dataclass
class Change:
    """One member of staff the import creates, updates or deactivates, for previews."""

    row: int | None
    municipality: str
    employee_id: str
    name: str
    fields: list[str] = field(default_factory=list)


@dataclass
class RosterPlan:
    errors: list[RowError] = field(default_factory=list)
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    deactivated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    municipalities: list[Municipality] = field(default_factory=list)
    # What apply_plan writes, prepared while planning.
    new_department_keys: set[tuple[int, str]] = field(default_factory=set)
    new_rows: list[StaffRow] = field(default_factory=list)
    adopted_users: dict = field(default_factory=dict)
    changed_profiles: list[StaffProfile] = field(default_factory=list)
    profile_fields: set[str] = field(default_factory=set)
    changed_users: list = field(default_factory=list)
    user_fields: set[str] = field(default_factory=set)
    # Profiles moving to a department that apply_plan creates first.
    pending_departments: list[tuple[StaffProfile, tuple[int, str]]] = field(default_factory=list)
    # Contributed columns of existing staff that change: column key → {profile id: value}.
    column_changes: dict[str, dict[int, Any]] = field(default_factory=dict)
    # The contributed columns the file has (their values for new staff are written too).
    present_columns: list[str] = field(default_factory=list)

    @classmethod
    def failed(cls, message: str, row: int | None = None) -> "RosterPlan":
        """A plan that stopped before any row: the file could not be read or written."""
        return cls(errors=[RowError(row, None, message)])

    @property
    def failed_whole(self) -> bool:
        """Whether the file as a whole was refused (unreadable, too large), not some rows."""
        return len(self.errors) == 1 and self.errors[0].column is None

    @property
    def preview_groups(self) -> list[tuple[str, list[Change]]]:
        return [
            (_("新規に登録する職員"), self.created),
            (_("更新する職員"), self.updated),
            (_("退職（在籍解除）にする職員"), self.deactivated),
        ]

    def summary(self) -> dict:
        """The promised JSON of `import_roster --json`; with errors, nothing counts."""
        if self.errors:
            return {
                "created": 0,
                "updated": 0,
                "unchanged": 0,
                "deactivated": 0,
                "errors": [error.as_dict() for error in self.errors],
            }
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "deactivated": len(self.deactivated),
            "errors": [],
        }


def username_for(municipality: Municipality, employee_id: str) -> str:
    """The sign-in name of a member of staff the roster creates (as the demo names them)."""
    return f"staff-{municipality.code}-{employee_id}"


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for the user record; a name without a space is all family name."""
    family, _space, given = name.partition(" ")
    return family[:150], given[:150]


def accounts_named(usernames: set[str], prefixes: Iterable[str]) -> dict[str, tuple]:
    """username → (user id, name on the user's staff profile or None), in one light query."""
    if not usernames:
        return {}
    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(username__startswith=prefix)
    rows = (
        get_user_model()
        .objects.filter(query)
        .values_list("username", "pk", "staff_profile__display_name")
    )
    return {name: (pk, profile) for name, pk, profile in rows if name in usernames}


FIELD_COLUMNS = {
    "display_name": "name",
    "department_id": "department",
    "job_category": "job_category",
    "active": "active",
    "email": "email",
    "first_name": "name",
    "last_name": "name",
    "is_active": "active",
}


# What planning reads of existing staff: loading whole users for 100,000 staff costs seconds.
COMPARED_FIELDS = [
    "municipality",
    "employee_id",
    "display_name",
    "department",
    "job_category",
    "active",
    "user__email",
    "user__first_name",
    "user__last_name",
    "user__is_active",
    "user__is_superuser",
]


def wanted_user_fields(user, row: StaffRow, present: set[str], changed: list[str]) -> dict:
    """The account follows the roster where the roster changes: a name or status that changes
    is copied to it; names an account got elsewhere (e.g. from SSO) are otherwise left alone."""
    wanted = {}
    if "display_name" in changed:
        wanted["last_name"], wanted["first_name"] = split_name(row.name)
    if "email" in present:
        wanted["email"] = row.email or ""
    # A roster never locks an administrator out of the site.
    if "active" in changed and not user.is_superuser:
        wanted["is_active"] = row.active
    return wanted


def plan_import(table: Table, *, full: bool = False, allowed_ids=None) -> RosterPlan:
    """What importing `table` would do; nothing is written.

    Columns the file lacks leave those fields as they are; a blank cell in a column the file has
    clears the field. `allowed_ids` limits the municipalities the importer may touch.
    """
    plan = RosterPlan()
    rows, present, plan.errors = check_table(table, allowed_ids)
    if plan.errors:
        return plan
    municipalities = {row.municipality.pk: row.municipality for row in rows}
    plan.municipalities = sorted(municipalities.values(), key=lambda item: item.code)
    staff = StaffProfile.objects.filter(municipality__in=municipalities)
    existing = {
        (profile.municipality_id, profile.employee_id): profile
        for profile in staff.select_related("user").only(*COMPARED_FIELDS)
    }
    contributed = [column for column in import_columns() if column.key in present]
    plan.present_columns = [column.key for column in contributed]
    current = {column.key: column.current(staff) for column in contributed}
    department_ids = {
        (department.municipality_id, fold(department.name)): department.pk
        for department in Department.objects.filter(municipality__in=municipalities)
    }

    def department_of(row: StaffRow) -> int | tuple[int, str] | None:
        if not row.department:
            return None
        key = (row.municipality.pk, row.department)
        if key in department_ids:
            return department_ids[key]
        plan.new_department_keys.add(key)
        return key

    new_rows = [row for row in rows if row.key not in existing]
    for row in new_rows:
        row.username = username_for(row.municipality, row.employee_id)
    taken = accounts_named(
        {row.username for row in new_rows},
        {username_for(municipality, "") for municipality in municipalities.values()},
    )
    adopted_ids = []
    for row in new_rows:
        user_id, other = taken.get(row.username, (None, None))
        if other is not None:
            plan.errors.append(
                RowError(
                    row.row,
                    column_label("employee_id"),
                    _("ユーザー名「%(username)s」は別の職員（%(other)s）が使っています。")
                    % {"username": row.username, "other": other},
                )
            )
            continue
        if user_id is not None:
            adopted_ids.append(user_id)
        row.department_ref = department_of(row)
        plan.new_rows.append(row)
        plan.created.append(Change(row.row, row.municipality.name, row.employee_id, row.name))
    plan.adopted_users = {
        user.username: user for user in get_user_model().objects.filter(pk__in=adopted_ids)
    }
    if plan.errors:
        return plan

    for row in rows:
        profile = existing.get(row.key)
        if profile is None:
            continue
        wanted = {"display_name": row.name}
        if "department" in present:
            wanted["department_id"] = department_of(row)
        if "job_category" in present:
            wanted["job_category"] = row.job_category
        if "active" in present:
            wanted["active"] = row.active
        changed = [name for name, value in wanted.items() if getattr(profile, name) != value]
        for name in changed:
            if isinstance(wanted[name], tuple):
                plan.pending_departments.append((profile, wanted[name]))
            else:
                setattr(profile, name, wanted[name])
        changed_columns = [
            column.key
            for column in contributed
            if current[column.key].get(profile.pk) != row.extra[column.key]
        ]
        for key in changed_columns:
            plan.column_changes.setdefault(key, {})[profile.pk] = row.extra[key]
        user_wanted = wanted_user_fields(profile.user, row, present, changed)
        user_changed = [
            name for name, value in user_wanted.items() if getattr(profile.user, name) != value
        ]
        for name in user_changed:
            setattr(profile.user, name, user_wanted[name])
        if changed:
            plan.changed_profiles.append(profile)
            plan.profile_fields.update(changed)
        if user_changed:
            plan.changed_users.append(profile.user)
            plan.user_fields.update(user_changed)
        if changed or user_changed or changed_columns:
            columns = dict.fromkeys(
                [column_label(FIELD_COLUMNS[name]) for name in changed + user_changed]
                + [column_label(key) for key in changed_columns]
            )
            plan.updated.append(
                Change(row.row, row.municipality.name, row.employee_id, row.name, list(columns))
            )
        else:
            plan.unchanged += 1

    if full:
        plan_deactivations(plan, existing, {row.key for row in rows}, municipalities)
    return plan


def plan_deactivations(plan: RosterPlan, existing: dict, seen: set, municipalities: dict) -> None:
    """With --full, staff of the named municipalities missing from the file leave (not deleted)."""
    for key, profile in existing.items():
        if key in seen or not profile.active:
            continue
        profile.active = False
        plan.changed_profiles.append(profile)
        plan.profile_fields.add("active")
        if profile.user.is_active and not profile.user.is_superuser:
            profile.user.is_active = False
            plan.changed_users.append(profile.user)
            plan.user_fields.add("is_active")
        plan.deactivated.append(
            Change(
                None,
                municipalities[profile.municipality_id].name,
                profile.employee_id,
                profile.display_name,
            )
        )
