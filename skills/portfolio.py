"""The talent portfolio: where in Tokyo which skills are, and the gaps against role targets.

Every figure HR sees is read from precomputed rows (`PortfolioCell`, `PortfolioGroup`,
`PortfolioSnapshot`, `PortfolioActivity`), never aggregated over each person's levels on
request. `recompute` builds them all; `refresh` rebuilds the rows of some municipalities and
skills, and is what the signals in `portfolio_signals.py` run when a level, a member of staff or
a role target changes. Both use the same computation, so an incremental update always equals a
full recompute. Which figures are suppressed is decided here, once, by the rule in `privacy.py`.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import QueryDict
from django.utils.translation import gettext as _

from organisation.models import Department, Municipality, StaffProfile

from . import privacy
from .models import (
    PortfolioCell,
    PortfolioGroup,
    PortfolioSnapshot,
    RoleProfile,
    RoleTarget,
    Skill,
    SkillEvidence,
    SkillFramework,
    StaffSkillLevel,
    role_profile_of,
)
from .portfolio_activity import rebuild_activity

ALL = privacy.ALL
BATCH = 5000
INDICATORS = ("target", "mean")
SORTS = ("code", "gap")
SNAPSHOT_FIELDS = (
    "municipality_id",
    "all_roles",
    "role_profile_id",
    "skill_id",
    "n",
    "level_sum",
    "targeted",
    "at_target",
    "suppressed",
)

# (department key, role key) of a group: ALL, None (none assigned) or the id.
GroupKey = tuple[object, object]


# --- Computing the rows -----------------------------------------------------------------------


def _margins(department, role) -> list[GroupKey]:
    return [(department, role), (ALL, role), (department, ALL), (ALL, ALL)]


def compute(
    municipality_ids: Iterable[int] | None = None, skill_ids: Iterable[int] | None = None
) -> tuple[dict, dict]:
    """The cells {(municipality, group key, skill): [n, level_sum, targeted, at_target]} and the
    headcounts {(municipality, group key): headcount} of the given municipalities and skills."""
    staff = StaffProfile.objects.filter(active=True)
    levels = StaffSkillLevel.objects.filter(staff__active=True)
    targets = RoleTarget.objects.all()
    if municipality_ids is not None:
        municipality_ids = list(municipality_ids)
        staff = staff.filter(municipality_id__in=municipality_ids)
        levels = levels.filter(staff__municipality_id__in=municipality_ids)
    if skill_ids is not None:
        skill_ids = list(skill_ids)
        levels = levels.filter(skill_id__in=skill_ids)
        targets = targets.filter(skill_id__in=skill_ids)
    group_fields = [
        "staff__municipality_id",
        "staff__department_id",
        "staff__role__role_profile_id",
    ]

    groups = list(
        staff.values_list("municipality_id", "department_id", "role__role_profile_id").annotate(
            count=Count("id")
        )
    )
    by_level = levels.values_list(*group_fields, "skill_id").annotate(
        n=Count("id"), level_sum=Sum("level")
    )
    skills_of_role: dict = defaultdict(list)
    for role, skill in targets.values_list("role_profile_id", "skill_id"):
        skills_of_role[role].append(skill)
    # One join row per level: the target of the person's own role for that skill.
    reaching = (
        levels.filter(
            staff__role__role_profile__targets__skill=F("skill"),
            level__gte=F("staff__role__role_profile__targets__target_level"),
        )
        .values_list(*group_fields, "skill_id")
        .annotate(count=Count("id"))
    )
    return rollup(groups, by_level, reaching, skills_of_role)


def rollup(
    groups: Iterable[tuple],
    by_level: Iterable[tuple],
    reaching: Iterable[tuple],
    skills_of_role: dict,
) -> tuple[dict, dict]:
    """Add the figures of the smallest groups (municipality, department, role[, skill]) into
    every group they belong to: their department or all, their role or all."""
    headcounts: dict = defaultdict(int)
    cells: dict = defaultdict(lambda: [0, 0, 0, 0])

    def add(municipality, department, role, skill, index, value) -> None:
        for key in _margins(department, role):
            cells[(municipality, key, skill)][index] += value

    for municipality, department, role, count in groups:
        for key in _margins(department, role):
            headcounts[(municipality, key)] += count
        for skill in skills_of_role.get(role, ()):
            add(municipality, department, role, skill, 2, count)
    for municipality, department, role, skill, n, level_sum in by_level:
        add(municipality, department, role, skill, 0, n)
        add(municipality, department, role, skill, 1, level_sum)
    for municipality, department, role, skill, count in reaching:
        add(municipality, department, role, skill, 3, count)
    return dict(cells), dict(headcounts)


def suppressed_keys(cells: dict, headcounts: dict) -> tuple[set, set]:
    """Which cells and which headcounts must be withheld (see privacy.py for the rule)."""
    tables: dict = defaultdict(dict)
    for (municipality, key, skill), values in cells.items():
        tables[(municipality, skill)][key] = (values[0], values[2])
    hidden_cells = set()
    for (municipality, skill), table in tables.items():
        hidden_cells.update((municipality, key, skill) for key in privacy.suppress_table(table))
    groups: dict = defaultdict(dict)
    for (municipality, key), headcount in headcounts.items():
        groups[municipality][key] = (headcount,)
    hidden_groups = set()
    for municipality, table in groups.items():
        hidden_groups.update((municipality, key) for key in privacy.suppress_table(table))
    return hidden_cells, hidden_groups


CELL_COLUMNS = (
    "municipality_id",
    "all_departments",
    "department_id",
    "all_roles",
    "role_profile_id",
    "skill_id",
    "n",
    "level_sum",
    "targeted",
    "at_target",
    "suppressed",
)
GROUP_COLUMNS = (
    "municipality_id",
    "all_departments",
    "department_id",
    "all_roles",
    "role_profile_id",
    "headcount",
    "suppressed",
)


def _key_columns(key: GroupKey) -> tuple:
    department, role = key
    return (
        department == ALL,
        None if department == ALL else department,
        role == ALL,
        None if role == ALL else role,
    )


def _insert(model, columns: tuple, rows: Iterable[tuple]) -> None:
    """Insert many rows: PostgreSQL's COPY (a full recompute writes ~270,000 cells at scale),
    bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=BATCH
        )
        return
    statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _write(cells: dict, headcounts: dict, cell_rows: QuerySet, group_rows: QuerySet | None):
    hidden_cells, hidden_groups = suppressed_keys(cells, headcounts)
    cell_rows.delete()
    _insert(
        PortfolioCell,
        CELL_COLUMNS,
        (
            (
                municipality,
                *_key_columns(key),
                skill,
                *values,
                (municipality, key, skill) in hidden_cells,
            )
            for (municipality, key, skill), values in cells.items()
        ),
    )
    if group_rows is not None:
        group_rows.delete()
        _insert(
            PortfolioGroup,
            GROUP_COLUMNS,
            (
                (municipality, *_key_columns(key), headcount, (municipality, key) in hidden_groups)
                for (municipality, key), headcount in headcounts.items()
            ),
        )


@transaction.atomic
def recompute() -> int:
    """Rebuild every portfolio row from the current levels; returns the number of cells."""
    cells, headcounts = compute()
    _write(cells, headcounts, PortfolioCell.objects.all(), PortfolioGroup.objects.all())
    rebuild_activity()
    return len(cells)


@transaction.atomic
def refresh(municipality_ids: Iterable[int] | None, skill_ids: Iterable[int] | None) -> None:
    """Rebuild the rows of some municipalities (None: all) and skills (None: all, and the
    headcounts). Suppression is decided per municipality and skill, so it stays exact."""
    cells, headcounts = compute(municipality_ids, skill_ids)
    cell_rows = PortfolioCell.objects.all()
    group_rows = PortfolioGroup.objects.all()
    if municipality_ids is not None:
        municipality_ids = list(municipality_ids)
        cell_rows = cell_rows.filter(municipality_id__in=municipality_ids)
        group_rows = group_rows.filter(municipality_id__in=municipality_ids)
    if skill_ids is not None:
        cell_rows = cell_rows.filter(skill_id__in=list(skill_ids))
    _write(cells, headcounts, cell_rows, group_rows if skill_ids is None else None)


@transaction.atomic
def take_snapshot(month: datetime.date) -> int:
    """Copy today's municipality-wide cells as the figures of `month` (its first day)."""
    month = month.replace(day=1)
    PortfolioSnapshot.objects.filter(month=month).delete()
    rows = PortfolioCell.objects.filter(all_departments=True).values_list(*SNAPSHOT_FIELDS)
    copied = [(month, *row) for row in rows.iterator(chunk_size=BATCH)]
    _insert(PortfolioSnapshot, ("month", *SNAPSHOT_FIELDS), copied)
    return len(copied)


def levels_as_of(moment: datetime.datetime) -> dict[tuple[int, int], int]:
    """Everyone's level per skill at a past moment: their highest evidence then unexpired.

    An approximation of the rule in levels.py, used only to back-fill trends (the demo, or a
    site that starts keeping snapshots late); regular snapshots copy the current rows.
    """
    highest: dict = {}
    for staff, skill, level, expires_at in SkillEvidence.objects.filter(
        observed_at__lte=moment
    ).values_list("staff_id", "skill_id", "level", "expires_at"):
        if expires_at is None or expires_at > moment:
            highest[(staff, skill)] = max(level, highest.get((staff, skill), 0))
    return highest


@transaction.atomic
def take_snapshot_as_of(month: datetime.date) -> int:
    """Store `month`'s snapshot from the evidence as it stood at the end of that month."""
    month = month.replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    moment = datetime.datetime.combine(following, datetime.time(), tzinfo=datetime.UTC)
    staff = {
        pk: (municipality, department, role)
        for pk, municipality, department, role in StaffProfile.objects.filter(
            active=True
        ).values_list("pk", "municipality_id", "department_id", "role__role_profile_id")
    }
    targets = dict(
        ((role, skill), level)
        for role, skill, level in RoleTarget.objects.values_list(
            "role_profile_id", "skill_id", "target_level"
        )
    )
    skills_of_role: dict = defaultdict(list)
    for role, skill in targets:
        skills_of_role[role].append(skill)
    groups: dict = defaultdict(int)
    for group in staff.values():
        groups[group] += 1
    by_level: dict = defaultdict(lambda: [0, 0])
    reaching: dict = defaultdict(int)
    for (person, skill), level in levels_as_of(moment).items():
        if person not in staff:
            continue
        municipality, department, role = staff[person]
        key = (municipality, department, role, skill)
        by_level[key][0] += 1
        by_level[key][1] += level
        if (role, skill) in targets and level >= targets[(role, skill)]:
            reaching[key] += 1
    cells, headcounts = rollup(
        ((*group, count) for group, count in groups.items()),
        ((*key, n, total) for key, (n, total) in by_level.items()),
        ((*key, count) for key, count in reaching.items()),
        skills_of_role,
    )
    hidden, _hidden_groups = suppressed_keys(cells, headcounts)
    PortfolioSnapshot.objects.filter(month=month).delete()
    rows = [
        (
            month,
            municipality,
            role == ALL,
            None if role == ALL else role,
            skill,
            *values,
            (municipality, (department, role), skill) in hidden,
        )
        for (municipality, (department, role), skill), values in cells.items()
        if department == ALL
    ]
    _insert(PortfolioSnapshot, ("month", *SNAPSHOT_FIELDS), rows)
    return len(rows)


# --- Filters ----------------------------------------------------------------------------------


class BadFilter(ValueError):
    """A filter value that names nothing; the message can be shown as it is."""


@dataclass
class Filters:
    framework: SkillFramework | None
    role: RoleProfile | None = None
    kind: str = ""
    region: str = ""
    department: str = ""
    indicator: str = "target"
    sort: str = "code"
    frameworks: list = field(default_factory=list)

    def as_params(self) -> dict[str, str]:
        params = {
            "framework": self.framework.code if self.framework else "",
            "role": self.role.code if self.role else "",
            "kind": self.kind,
            "region": self.region,
            "department": self.department,
            "indicator": self.indicator,
            "sort": self.sort,
        }
        return {key: value for key, value in params.items() if value}


def parse_filters(query: QueryDict) -> Filters:
    """Read the filters of a request; unknown values raise BadFilter with a Japanese message."""
    frameworks = list(SkillFramework.objects.order_by("name"))
    framework_code = query.get("framework", "").strip()
    framework = frameworks[0] if frameworks else None
    if framework_code:
        framework = next((item for item in frameworks if item.code == framework_code), None)
        if framework is None:
            raise BadFilter(_("スキル体系「%(code)s」はありません。") % {"code": framework_code})
    role = None
    role_code = query.get("role", "").strip()
    if role_code:
        role = RoleProfile.objects.filter(code=role_code).first()
        if role is None:
            raise BadFilter(_("役割「%(code)s」はありません。") % {"code": role_code})
    kind = query.get("kind", "").strip()
    if kind and kind not in Municipality.Kind.values:
        raise BadFilter(_("種別「%(kind)s」はありません。") % {"kind": kind})
    region = query.get("region", "").strip()
    if region and region not in Municipality.Region.values:
        raise BadFilter(_("地域「%(region)s」はありません。") % {"region": region})
    indicator = query.get("indicator", "").strip() or "target"
    if indicator not in INDICATORS:
        raise BadFilter(_("指標「%(indicator)s」はありません。") % {"indicator": indicator})
    sort = query.get("sort", "").strip() or "code"
    if sort not in SORTS:
        raise BadFilter(_("並び順「%(sort)s」はありません。") % {"sort": sort})
    return Filters(
        framework=framework,
        role=role,
        kind=kind,
        region=region,
        department=query.get("department", "").strip(),
        indicator=indicator,
        sort=sort,
        frameworks=frameworks,
    )


def filtered_municipalities(filters: Filters, municipalities: QuerySet) -> QuerySet:
    if filters.kind:
        municipalities = municipalities.filter(kind=filters.kind)
    if filters.region:
        municipalities = municipalities.filter(region=filters.region)
    return municipalities


def framework_skills(framework: SkillFramework | None) -> list[Skill]:
    if framework is None:
        return []
    return list(Skill.objects.filter(category__framework=framework).select_related("category"))


# --- Reading the figures ----------------------------------------------------------------------


def cell_figures(skill_id: int, row: tuple | None) -> dict:
    """One cell as the API and the page show it: withheld figures are None."""
    if row is None:
        return {
            "skill": skill_id,
            "n": 0,
            "mean_level": None,
            "at_target": None,
            "targeted": 0,
            "suppressed": False,
        }
    n, level_sum, targeted, at_target, suppressed = row
    if suppressed:
        return {
            "skill": skill_id,
            "n": None,
            "mean_level": None,
            "at_target": None,
            "targeted": None,
            "suppressed": True,
        }
    return {
        "skill": skill_id,
        "n": n,
        "mean_level": round(level_sum / n, 2) if n else None,
        "at_target": round(at_target / targeted, 3) if targeted else None,
        "targeted": targeted,
        "suppressed": False,
    }


def _gap(rows: Iterable[tuple]) -> float | None:
    """Share of targeted people below target, over shown cells only (privacy rule 3)."""
    targeted = reached = 0
    for _n, _sum, row_targeted, row_reached, suppressed in rows:
        if not suppressed:
            targeted += row_targeted
            reached += row_reached
    return round(1 - reached / targeted, 3) if targeted else None


def _summary(rows: Iterable[tuple]) -> dict:
    """Mean level and share at target over a municipality's shown cells (privacy rule 3)."""
    n = level_sum = targeted = reached = 0
    for row_n, row_sum, row_targeted, row_reached, suppressed in rows:
        if not suppressed:
            n, level_sum = n + row_n, level_sum + row_sum
            targeted, reached = targeted + row_targeted, reached + row_reached
    return {
        "mean_level": round(level_sum / n, 2) if n else None,
        "at_target": round(reached / targeted, 3) if targeted else None,
    }


def _group_filter(filters: Filters) -> Q:
    query = (
        Q(all_roles=True) if filters.role is None else Q(all_roles=False, role_profile=filters.role)
    )
    if filters.department:
        query &= Q(all_departments=False, department__name=filters.department)
    else:
        query &= Q(all_departments=True)
    return query


def heatmap(filters: Filters, municipalities: QuerySet) -> dict:
    """The heatmap of municipalities × skills (the shape of GET /api/v1/portfolio/)."""
    skills = framework_skills(filters.framework)
    municipalities = list(filtered_municipalities(filters, municipalities))
    ids = [municipality.pk for municipality in municipalities]
    group_filter = _group_filter(filters)
    skill_ids = [skill.pk for skill in skills]
    cell_rows: dict = defaultdict(dict)
    for municipality, skill, *figures in PortfolioCell.objects.filter(
        group_filter, municipality_id__in=ids, skill_id__in=skill_ids
    ).values_list(
        "municipality_id", "skill_id", "n", "level_sum", "targeted", "at_target", "suppressed"
    ):
        cell_rows[municipality][skill] = tuple(figures)
    headcounts = dict(
        (municipality, (headcount, suppressed))
        for municipality, headcount, suppressed in PortfolioGroup.objects.filter(
            group_filter, municipality_id__in=ids
        ).values_list("municipality_id", "headcount", "suppressed")
    )
    if filters.department:
        municipalities = [item for item in municipalities if item.pk in headcounts]
    rows = []
    for municipality in municipalities:
        headcount, hidden = headcounts.get(municipality.pk, (0, False))
        mine = cell_rows.get(municipality.pk, {})
        rows.append(
            {
                "code": municipality.code,
                "name": municipality.name,
                "kind": municipality.kind,
                "region": municipality.region,
                "headcount": None if hidden else headcount,
                "headcount_suppressed": hidden,
                "gap": _gap(mine.values()),
                "summary": _summary(mine.values()),
                "cells": [cell_figures(skill, mine.get(skill)) for skill in skill_ids],
            }
        )
    skill_gaps = {
        skill.pk: _gap(mine[skill.pk] for mine in cell_rows.values() if skill.pk in mine)
        for skill in skills
    }
    if filters.sort == "gap":
        rows.sort(key=lambda row: -(row["gap"] if row["gap"] is not None else -1))
        skills = sorted(
            skills,
            key=lambda skill: -(skill_gaps[skill.pk] if skill_gaps[skill.pk] is not None else -1),
        )
        order = {skill.pk: index for index, skill in enumerate(skills)}
        for row in rows:
            row["cells"].sort(key=lambda cell: order[cell["skill"]])
    return {
        "framework": filters.framework.code if filters.framework else None,
        "filters": filters.as_params(),
        "threshold": privacy.threshold(),
        "skills": [
            {
                "id": skill.pk,
                "code": skill.code,
                "name": skill.name,
                "category": skill.category.name,
                "gap": skill_gaps[skill.pk],
            }
            for skill in skills
        ],
        "municipalities": rows,
    }


def departments(municipality: Municipality, filters: Filters) -> dict:
    """One municipality's departments × skills, with the municipality-wide row first."""
    skills = framework_skills(filters.framework)
    role_filter = (
        Q(all_roles=True) if filters.role is None else Q(all_roles=False, role_profile=filters.role)
    )
    names = dict(Department.objects.filter(municipality=municipality).values_list("pk", "name"))
    cell_rows: dict = defaultdict(dict)
    for all_departments, department, skill, *figures in PortfolioCell.objects.filter(
        role_filter, municipality=municipality, skill__in=skills
    ).values_list(
        "all_departments",
        "department_id",
        "skill_id",
        "n",
        "level_sum",
        "targeted",
        "at_target",
        "suppressed",
    ):
        cell_rows[ALL if all_departments else department][skill] = tuple(figures)
    groups = {
        (ALL if all_departments else department): (headcount, suppressed)
        for all_departments, department, headcount, suppressed in PortfolioGroup.objects.filter(
            role_filter, municipality=municipality
        ).values_list("all_departments", "department_id", "headcount", "suppressed")
    }
    rows = []
    for key in [ALL, *sorted((key for key in groups if key != ALL), key=_department_order(names))]:
        headcount, hidden = groups[key]
        mine = cell_rows.get(key, {})
        if key == ALL:
            name = _("全体")
        elif key is None:
            name = _("所属なし")
        else:
            name = names.get(key, "")
        rows.append(
            {
                "id": key if isinstance(key, int) else None,
                "name": name,
                "total": key == ALL,
                "headcount": None if hidden else headcount,
                "headcount_suppressed": hidden,
                "gap": _gap(mine.values()),
                "cells": [cell_figures(skill.pk, mine.get(skill.pk)) for skill in skills],
            }
        )
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "framework": filters.framework.code if filters.framework else None,
        "threshold": privacy.threshold(),
        "skills": [{"id": skill.pk, "code": skill.code, "name": skill.name} for skill in skills],
        "departments": rows,
    }


def _department_order(names: dict):
    return lambda key: (key is None, names.get(key, ""))


def people(municipality: Municipality, department_id: int | None, framework) -> dict:
    """The staff of one department (None: no department) with their levels and targets."""
    skills = framework_skills(framework)
    staff = list(
        StaffProfile.objects.filter(
            municipality=municipality, active=True, department_id=department_id
        )
        .select_related("role__role_profile")
        .order_by("employee_id")
    )
    levels = defaultdict(dict)
    for staff_id, skill, level in StaffSkillLevel.objects.filter(
        staff__in=staff, skill__in=skills
    ).values_list("staff_id", "skill_id", "level"):
        levels[staff_id][skill] = level
    targets = defaultdict(dict)
    for role, skill, level in RoleTarget.objects.filter(skill__in=skills).values_list(
        "role_profile_id", "skill_id", "target_level"
    ):
        targets[role][skill] = level
    people = []
    for person in staff:
        role = role_profile_of(person)
        role_targets = targets[role.pk if role else None]
        people.append(
            {
                "employee_id": person.employee_id,
                "name": person.display_name,
                "role": role.name if role else "",
                "levels": [
                    {
                        "skill": skill.pk,
                        "level": levels[person.pk].get(skill.pk),
                        "target": role_targets.get(skill.pk),
                    }
                    for skill in skills
                ],
            }
        )
    return {
        "skills": [{"id": skill.pk, "code": skill.code, "name": skill.name} for skill in skills],
        "people": people,
    }


def trends(filters: Filters, municipalities: QuerySet) -> list[dict]:
    """Month by month: share at target and mean level over the shown snapshot cells."""
    skills = framework_skills(filters.framework)
    rows = PortfolioSnapshot.objects.filter(
        municipality__in=filtered_municipalities(filters, municipalities),
        skill__in=skills,
        suppressed=False,
    )
    rows = (
        rows.filter(all_roles=True)
        if filters.role is None
        else rows.filter(all_roles=False, role_profile=filters.role)
    )
    months = (
        rows.values("month")
        .annotate(
            n=Sum("n"),
            level_sum=Sum("level_sum"),
            targeted=Sum("targeted"),
            at_target=Sum("at_target"),
        )
        .order_by("month")
    )
    return [
        {
            "month": month["month"].strftime("%Y-%m"),
            "mean_level": round(month["level_sum"] / month["n"], 2) if month["n"] else None,
            "at_target": (
                round(month["at_target"] / month["targeted"], 3) if month["targeted"] else None
            ),
        }
        for month in months
    ]
