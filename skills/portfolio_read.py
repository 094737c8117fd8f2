"""Reading the portfolio's precomputed rows (portfolio_compute.py) as the pages, the API and
the exports show them: the heatmap, one municipality's departments, one department's people and
the trends. Withheld figures are None; only shown cells enter a gap or a summary."""

import datetime
import operator
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from common import japanese_dates
from organisation.models import Department, Municipality, StaffProfile

from . import privacy
from .models import (
    Basis,
    PortfolioCell,
    PortfolioGroup,
    PortfolioSnapshot,
    RoleTarget,
    Skill,
    SkillFramework,
    StaffSkillLevel,
    role_profile_of,
)
from .portfolio_activity import course_effectiveness, learning_activity
from .portfolio_compute import ALL, BASES, FIGURES, VERIFIED, verified_count
from .portfolio_filters import Filters, filtered_municipalities


def framework_skills(framework: SkillFramework | None) -> list[Skill]:
    if framework is None:
        return []
    return list(Skill.objects.filter(category__framework=framework).select_related("category"))


CELL_FIELDS = (*FIGURES, "suppressed", "verified_suppressed", "basis_withheld")


def view_of(values: tuple, verified_only: bool) -> tuple:
    """A stored cell (CELL_FIELDS) as one view reads it: (n, level_sum, targeted, at_target,
    suppressed, people per basis, a withheld count None); with `verified_only`, over assessed and
    confirmed levels."""
    figures = dict(zip(CELL_FIELDS, values, strict=True))
    withheld = figures["basis_withheld"]
    per_basis = {
        basis: None if withheld & (1 << index) else figures[basis]
        for index, basis in enumerate(BASES)
    }
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
        "basis": per_basis,
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


def _role_filter(filters: Filters) -> Q:
    """The rows of the filters' role, or of all roles together."""
    if filters.role is None:
        return Q(all_roles=True)
    return Q(all_roles=False, role_profile=filters.role)


def _group_filter(filters: Filters) -> Q:
    query = _role_filter(filters)
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
    role_filter = _role_filter(filters)
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
    # A municipality without staff has no rows at all, not even the municipality-wide one.
    for key in sorted(groups, key=_department_order(names)):
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
    """The municipality-wide row first, then departments by name, then people without one."""
    return lambda key: (key != ALL, key is None, "" if key == ALL else names.get(key, ""))


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
    rows = rows.filter(_role_filter(filters))
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


def table(
    view: str,
    filters: Filters,
    visible: QuerySet,
    municipality: Municipality | None = None,
    department_id: int | None = None,
):
    """The figures of one of the dashboard's views, as an export writes them: "heatmap",
    "trends", "activity" and "effectiveness" over `visible`, "departments" of `municipality`,
    "people" of its department `department_id` (None: people without one)."""
    if view == "heatmap":
        return heatmap(filters, visible)
    if view == "trends":
        return trends(filters, visible)
    if view == "activity":
        return learning_activity(filtered_municipalities(filters, visible))
    if view == "effectiveness":
        return course_effectiveness(filtered_municipalities(filters, visible), filters.period)
    if view == "departments":
        return departments(municipality, filters)
    return people(municipality, department_id, filters.framework)
