"""The talent portfolio: where in Tokyo which skills are, and the gaps against role targets.

Every figure HR sees is read from precomputed rows (`PortfolioCell`, `PortfolioGroup`,
`PortfolioSnapshot`, `PortfolioActivity`), never aggregated over each person's levels on
request. `recompute` builds them all; `refresh` rebuilds the rows of some municipalities and
skills, and is what the signals in `portfolio_signals.py` run when a level, a member of staff or
a role target changes. Both use the same computation, so an incremental update always equals a
full recompute. Which figures are suppressed is decided here, once, by the rule in `privacy.py`.

Each cell also counts its people by the basis of their level (assessed, confirmed,
self-assessed, learned: see levels.py) and keeps the figures of its verified levels (assessed or
confirmed) apart, so that HR can read the portfolio on verified evidence only (`basis=verified`).
The verified figures are suppressed by the same rule, with the unverified rest of the cell as one
more population: a verified figure is never shown when the difference to the cell's figure would
be about fewer people than the threshold.
"""

import datetime
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import QueryDict
from django.utils.translation import gettext as _

from common import japanese_dates
from organisation.models import Department, Municipality, StaffProfile

from . import privacy
from .levels import Level, decide
from .models import (
    VERIFIED_BASES,
    Basis,
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
from .portfolio_periods import BadPeriod, Period, parse_grouping, parse_period

ALL = privacy.ALL
BATCH = 5000
INDICATORS = ("target", "mean")
VERIFIED_ONLY = "verified"
SORTS = ("code", "gap")
BASES = tuple(Basis.values)
VERIFIED = {basis.value for basis in VERIFIED_BASES}
# A cell's figures, in the order compute() lists them and the table stores them.
FIGURES = (
    "n",
    "level_sum",
    "targeted",
    "at_target",
    *BASES,
    "verified_level_sum",
    "verified_at_target",
)
N, LEVEL_SUM, TARGETED, AT_TARGET = 0, 1, 2, 3
BASIS_INDEX = {basis: 4 + index for index, basis in enumerate(BASES)}
VERIFIED_LEVEL_SUM, VERIFIED_AT_TARGET = 4 + len(BASES), 5 + len(BASES)
SNAPSHOT_FIELDS = (
    "municipality_id",
    "all_roles",
    "role_profile_id",
    "skill_id",
    *FIGURES,
    "suppressed",
    "verified_suppressed",
)

# (department key, role key) of a group: ALL, None (none assigned) or the id.
GroupKey = tuple[object, object]


# --- Computing the rows -----------------------------------------------------------------------


def _margins(department, role) -> list[GroupKey]:
    return [(department, role), (ALL, role), (department, ALL), (ALL, ALL)]


def compute(
    municipality_ids: Iterable[int] | None = None, skill_ids: Iterable[int] | None = None
) -> tuple[dict, dict]:
    """The cells {(municipality, group key, skill): [figures in the order of FIGURES]} and the
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
    by_level = levels.values_list(*group_fields, "skill_id", "basis").annotate(
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
        .values_list(*group_fields, "skill_id", "basis")
        .annotate(count=Count("id"))
    )
    return rollup(groups, by_level, reaching, skills_of_role)


def rollup(
    groups: Iterable[tuple],
    by_level: Iterable[tuple],
    reaching: Iterable[tuple],
    skills_of_role: dict,
) -> tuple[dict, dict]:
    """Add the figures of the smallest groups (municipality, department, role[, skill, basis])
    into every group they belong to: their department or all, their role or all."""
    headcounts: dict = defaultdict(int)
    cells: dict = defaultdict(lambda: [0] * len(FIGURES))

    def add(municipality, department, role, skill, index, value) -> None:
        for key in _margins(department, role):
            cells[(municipality, key, skill)][index] += value

    for municipality, department, role, count in groups:
        for key in _margins(department, role):
            headcounts[(municipality, key)] += count
        for skill in skills_of_role.get(role, ()):
            add(municipality, department, role, skill, TARGETED, count)
    for municipality, department, role, skill, basis, n, level_sum in by_level:
        add(municipality, department, role, skill, N, n)
        add(municipality, department, role, skill, LEVEL_SUM, level_sum)
        add(municipality, department, role, skill, BASIS_INDEX[basis], n)
        if basis in VERIFIED:
            add(municipality, department, role, skill, VERIFIED_LEVEL_SUM, level_sum)
    for municipality, department, role, skill, basis, count in reaching:
        add(municipality, department, role, skill, AT_TARGET, count)
        if basis in VERIFIED:
            add(municipality, department, role, skill, VERIFIED_AT_TARGET, count)
    return dict(cells), dict(headcounts)


def verified_count(values) -> int:
    return sum(values[BASIS_INDEX[basis]] for basis in VERIFIED)


def suppressed_keys(cells: dict, headcounts: dict) -> tuple[set, set, set]:
    """Which cells, which cells' verified figures, and which headcounts must be withheld (see
    privacy.py for the rule)."""
    tables: dict = defaultdict(dict)
    verified_tables: dict = defaultdict(dict)
    for (municipality, key, skill), values in cells.items():
        verified = verified_count(values)
        tables[(municipality, skill)][key] = (values[N], values[TARGETED])
        # The unverified rest is a population too: all figures minus verified ones are about it.
        verified_tables[(municipality, skill)][key] = (
            verified,
            values[TARGETED],
            values[N] - verified,
        )
    hidden_cells, hidden_verified = set(), set()
    for (municipality, skill), table in tables.items():
        hidden_cells.update((municipality, key, skill) for key in privacy.suppress_table(table))
    for (municipality, skill), table in verified_tables.items():
        # A hidden cell hides its verified figures too: they would tell what the cell withholds.
        already = {key for key in table if (municipality, key, skill) in hidden_cells}
        hidden_verified.update(
            (municipality, key, skill) for key in privacy.suppress_table(table, hidden=already)
        )
    groups: dict = defaultdict(dict)
    for (municipality, key), headcount in headcounts.items():
        groups[municipality][key] = (headcount,)
    hidden_groups = set()
    for municipality, table in groups.items():
        hidden_groups.update((municipality, key) for key in privacy.suppress_table(table))
    return hidden_cells, hidden_verified, hidden_groups


CELL_COLUMNS = (
    "municipality_id",
    "all_departments",
    "department_id",
    "all_roles",
    "role_profile_id",
    "skill_id",
    *FIGURES,
    "suppressed",
    "verified_suppressed",
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
    hidden_cells, hidden_verified, hidden_groups = suppressed_keys(cells, headcounts)
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
                (municipality, key, skill) in hidden_verified,
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


def levels_as_of(moment: datetime.datetime) -> dict[tuple[int, int], Level]:
    """Everyone's level per skill at a past moment, by the rule in levels.py.

    Used to back-fill trends (the demo, or a site that starts keeping snapshots late); regular
    snapshots copy the current rows.
    """
    evidence: dict = defaultdict(list)
    for item in SkillEvidence.objects.filter(observed_at__lte=moment).only(
        "staff_id", "skill_id", "level", "source", "observed_at", "expires_at"
    ):
        evidence[(item.staff_id, item.skill_id)].append(item)
    decided = {key: decide(items, moment) for key, items in evidence.items()}
    return {key: level for key, level in decided.items() if level is not None}


@transaction.atomic
def take_snapshot_as_of(month: datetime.date) -> int:
    """Store `month`'s snapshot from the evidence as it stood at the end of that month."""
    month = month.replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    moment = datetime.datetime.combine(following, datetime.time(), tzinfo=japanese_dates.TOKYO)
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
    for (person, skill), decided in levels_as_of(moment).items():
        if person not in staff:
            continue
        municipality, department, role = staff[person]
        key = (municipality, department, role, skill, decided.basis)
        by_level[key][0] += 1
        by_level[key][1] += decided.level
        if (role, skill) in targets and decided.level >= targets[(role, skill)]:
            reaching[key] += 1
    cells, headcounts = rollup(
        ((*group, count) for group, count in groups.items()),
        ((*key, n, total) for key, (n, total) in by_level.items()),
        ((*key, count) for key, count in reaching.items()),
        skills_of_role,
    )
    hidden, hidden_verified, _hidden_groups = suppressed_keys(cells, headcounts)
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
            (municipality, (department, role), skill) in hidden_verified,
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
    # "" counts every level; "verified" only assessed and confirmed ones.
    basis: str = ""
    frameworks: list = field(default_factory=list)
    period: Period | None = None
    by: str = "month"

    @property
    def verified_only(self) -> bool:
        return self.basis == VERIFIED_ONLY

    def as_params(self) -> dict[str, str]:
        params = {
            "framework": self.framework.code if self.framework else "",
            "role": self.role.code if self.role else "",
            "kind": self.kind,
            "region": self.region,
            "department": self.department,
            "indicator": self.indicator,
            "sort": self.sort,
            **(self.period.as_params() if self.period else {}),
            "by": "" if self.by == "month" else self.by,
            "basis": self.basis,
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
    try:
        period, by = parse_period(query), parse_grouping(query)
    except BadPeriod as error:
        raise BadFilter(str(error)) from None
    basis = query.get("basis", "").strip()
    if basis and basis != VERIFIED_ONLY:
        raise BadFilter(_("根拠「%(basis)s」はありません。") % {"basis": basis})
    return Filters(
        framework=framework,
        basis=basis,
        role=role,
        kind=kind,
        region=region,
        department=query.get("department", "").strip(),
        indicator=indicator,
        sort=sort,
        frameworks=frameworks,
        period=period,
        by=by,
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


CELL_FIELDS = (*FIGURES, "suppressed", "verified_suppressed")


def view_of(values: tuple, verified_only: bool) -> tuple:
    """A stored cell (CELL_FIELDS) as one view reads it: (n, level_sum, targeted, at_target,
    suppressed, people per basis); with `verified_only`, over assessed and confirmed levels."""
    figures = dict(zip(CELL_FIELDS, values, strict=True))
    per_basis = {basis: figures[basis] for basis in BASES}
    if verified_only:
        return (
            verified_count(values),
            figures["verified_level_sum"],
            figures["targeted"],
            figures["verified_at_target"],
            figures["verified_suppressed"],
            per_basis,
        )
    return (
        figures["n"],
        figures["level_sum"],
        figures["targeted"],
        figures["at_target"],
        figures["suppressed"],
        per_basis,
    )


def basis_figures(per_basis: dict, n: int) -> dict:
    """How many of a shown cell's people each basis backs; a count about fewer people than the
    threshold is withheld (None), and so is the next smallest when one alone would be
    recoverable from the cell's n."""
    table = {(basis, 0): (count,) for basis, count in per_basis.items()}
    table[(ALL, 0)] = (n,)
    hidden = privacy.suppress_table(table)
    return {basis: None if (basis, 0) in hidden else count for basis, count in per_basis.items()}


def cell_figures(skill_id: int, row: tuple | None) -> dict:
    """One cell as the API and the page show it (row as `view_of` gives it): withheld figures
    are None; `basis` says how many of its people each basis of their level backs."""
    if row is None:
        return {
            "skill": skill_id,
            "n": 0,
            "mean_level": None,
            "at_target": None,
            "targeted": 0,
            "suppressed": False,
            "basis": dict.fromkeys(BASES, 0),
        }
    n, level_sum, targeted, at_target, suppressed, per_basis = row
    if suppressed:
        return {
            "skill": skill_id,
            "n": None,
            "mean_level": None,
            "at_target": None,
            "targeted": None,
            "suppressed": True,
            "basis": dict.fromkeys(BASES),
        }
    return {
        "skill": skill_id,
        "n": n,
        "mean_level": round(level_sum / n, 2) if n else None,
        "at_target": round(at_target / targeted, 3) if targeted else None,
        "targeted": targeted,
        "suppressed": False,
        "basis": basis_figures(per_basis, sum(per_basis.values())),
    }


def _gap(rows: Iterable[tuple]) -> float | None:
    """Share of targeted people below target, over shown cells only (privacy rule 3)."""
    targeted = reached = 0
    for _n, _sum, row_targeted, row_reached, suppressed, _basis in rows:
        if not suppressed:
            targeted += row_targeted
            reached += row_reached
    return round(1 - reached / targeted, 3) if targeted else None


def _summary(rows: Iterable[tuple]) -> dict:
    """Mean level and share at target over a municipality's shown cells (privacy rule 3)."""
    n = level_sum = targeted = reached = 0
    for row_n, row_sum, row_targeted, row_reached, suppressed, _basis in rows:
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
    ).values_list("municipality_id", "skill_id", *CELL_FIELDS):
        cell_rows[municipality][skill] = view_of(figures, filters.verified_only)
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
        "basis": filters.basis or "all",
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
    ).values_list("all_departments", "department_id", "skill_id", *CELL_FIELDS):
        cell_rows[ALL if all_departments else department][skill] = view_of(
            figures, filters.verified_only
        )
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
        "basis": filters.basis or "all",
        "threshold": privacy.threshold(),
        "skills": [{"id": skill.pk, "code": skill.code, "name": skill.name} for skill in skills],
        "departments": rows,
    }


def _department_order(names: dict):
    return lambda key: (key is None, names.get(key, ""))


NO_LEVEL = (None, "", "", None)


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
    labels = dict(Basis.choices)
    for staff_id, skill, level, basis, since in StaffSkillLevel.objects.filter(
        staff__in=staff, skill__in=skills
    ).values_list("staff_id", "skill_id", "level", "basis", "basis_at"):
        levels[staff_id][skill] = (level, basis, labels.get(basis, basis), since)
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
                        "level": levels[person.pk].get(skill.pk, NO_LEVEL)[0],
                        "basis": levels[person.pk].get(skill.pk, NO_LEVEL)[1],
                        "basis_label": levels[person.pk].get(skill.pk, NO_LEVEL)[2],
                        "basis_at": levels[person.pk].get(skill.pk, NO_LEVEL)[3],
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
    """Month by month, or fiscal year by fiscal year (`filters.by`), within the filters' period:
    share at target and mean level over the shown snapshot cells (verified levels only with
    `basis=verified`). A fiscal year pools the monthly snapshots it has (see
    portfolio_periods.py); `months` says how many."""
    skills = framework_skills(filters.framework)
    rows = PortfolioSnapshot.objects.filter(
        municipality__in=filtered_municipalities(filters, municipalities), skill__in=skills
    )
    rows = (
        rows.filter(all_roles=True)
        if filters.role is None
        else rows.filter(all_roles=False, role_profile=filters.role)
    )
    if filters.period is not None:
        if filters.period.first is not None:
            rows = rows.filter(month__gte=filters.period.first)
        if filters.period.last is not None:
            rows = rows.filter(month__lte=filters.period.last)
    if filters.verified_only:
        rows = rows.filter(verified_suppressed=False)
        figures = {
            "n": Sum(reduce(operator.add, (F(basis) for basis in sorted(VERIFIED)))),
            "level_sum": Sum("verified_level_sum"),
            "targeted": Sum("targeted"),
            "at_target": Sum("verified_at_target"),
        }
    else:
        rows = rows.filter(suppressed=False)
        figures = {
            "n": Sum("n"),
            "level_sum": Sum("level_sum"),
            "targeted": Sum("targeted"),
            "at_target": Sum("at_target"),
        }
    months = rows.values("month").annotate(**figures)
    periods: dict = {}
    for month in months:
        year = japanese_dates.fiscal_year(month["month"])
        key = (year, None) if filters.by == "fy" else (year, month["month"])
        total = periods.setdefault(key, [0, 0, 0, 0, 0])
        for index, name in enumerate(("n", "level_sum", "targeted", "at_target")):
            total[index] += month[name]
        total[4] += 1
    return [
        {
            "period": str(year) if month is None else f"{month:%Y-%m}",
            "fiscal_year": year,
            "month": month,
            "months": count,
            "mean_level": round(level_sum / n, 2) if n else None,
            "at_target": round(at_target / targeted, 3) if targeted else None,
        }
        for (year, month), (n, level_sum, targeted, at_target, count) in sorted(
            periods.items(), key=lambda item: (item[0][0], item[0][1] or datetime.date.min)
        )
    ]
