"""Writing a checked plan: one transaction, a handful of bulk statements, whatever the size."""

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from common.bulk import insert_many, update_many
from organisation import roles
from organisation.events import roster_changed
from organisation.models import Department, StaffProfile

from .columns import import_columns
from .plan import RosterPlan, accounts_named, split_name, username_for


@transaction.atomic
def apply_plan(plan: RosterPlan) -> None:
    """Write a checked plan in one transaction with bulk statements; `roster_changed` is sent
    once it commits."""
    if plan.errors:
        raise ValueError("a plan with errors is never applied")
    municipality_ids = sorted(municipality.pk for municipality in plan.municipalities)
    transaction.on_commit(
        lambda: roster_changed.send(sender=StaffProfile, municipality_ids=municipality_ids)
    )
    User = get_user_model()
    Department.objects.bulk_create(
        [Department(municipality_id=m, name=name) for m, name in sorted(plan.new_department_keys)]
    )
    department_ids = {
        (department.municipality_id, department.name): department.pk
        for department in Department.objects.filter(
            municipality_id__in={m for m, _name in plan.new_department_keys},
            name__in={name for _m, name in plan.new_department_keys},
        )
    }
    for profile, key in plan.pending_departments:
        profile.department_id = department_ids[key]

    password = make_password(None)
    joined = connection.ops.adapt_datetimefield_value(timezone.now())
    new_users, adopted = [], []
    for row in plan.new_rows:
        family, given = split_name(row.name)
        user = plan.adopted_users.get(row.username)
        if user is None:
            new_users.append(
                (row.username, password, False, False, row.active)
                + (family, given, row.email or "", joined)
            )
        else:
            user.last_name, user.first_name = family, given
            user.email, user.is_active = row.email or "", row.active
            adopted.append(user)
    insert_many(
        User,
        ["username", "password", "is_superuser", "is_staff", "is_active"]
        + ["last_name", "first_name", "email", "date_joined"],
        new_users,
    )
    update_many(User, adopted, ["last_name", "first_name", "email", "is_active"])
    accounts = accounts_named(
        {row.username for row in plan.new_rows},
        {username_for(municipality, "") for municipality in plan.municipalities},
    )
    user_ids = {name: pk for name, (pk, _profile) in accounts.items()}

    staff_group = Group.objects.get(name=roles.STAFF)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=user.pk, group_id=staff_group.pk) for user in adopted],
        ignore_conflicts=True,
    )
    insert_many(
        Membership,
        ["user", "group"],
        [
            (user_ids[row.username], staff_group.pk)
            for row in plan.new_rows
            if row.username not in plan.adopted_users
        ],
    )
    insert_many(
        StaffProfile,
        ["user", "municipality", "department", "employee_id", "display_name"]
        + ["job_category", "active"],
        [
            (
                user_ids[row.username],
                row.municipality.pk,
                department_ids[row.department_ref]
                if isinstance(row.department_ref, tuple)
                else row.department_ref,
                row.employee_id,
                row.name,
                row.job_category or "",
                row.active,
            )
            for row in plan.new_rows
        ],
    )
    update_many(StaffProfile, plan.changed_profiles, plan.profile_fields)
    update_many(User, plan.changed_users, plan.user_fields)
    write_contributed_columns(plan)


def write_contributed_columns(plan: RosterPlan) -> None:
    """The values of other apps' columns, through their own writers: changes, then new staff."""
    values: dict[str, dict[int, Any]] = defaultdict(dict)
    for key, changes in plan.column_changes.items():
        values[key].update(changes)
    new_values = [
        (row.key, key, row.extra[key])
        for row in plan.new_rows
        for key in plan.present_columns
        if row.extra.get(key) is not None
    ]
    if new_values:
        profile_ids = {
            (municipality_id, employee_id): pk
            for municipality_id, employee_id, pk in StaffProfile.objects.filter(
                municipality__in=plan.municipalities
            ).values_list("municipality_id", "employee_id", "pk")
        }
        for staff_key, key, value in new_values:
            values[key][profile_ids[staff_key]] = value
    writers = {column.key: column.write for column in import_columns()}
    for key, by_profile in values.items():
        writers[key](by_profile)
