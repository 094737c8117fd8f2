"""Reports for those who assign: how far an assignment's audience has come, by municipality and
by department, as the pages, the API and the exports all show it.

What is counted: the *current* assignees (`removed_at` unset) within the reader's scope. People
who left the audience keep their rows (history) but are not in these figures. Each is counted
under their status on one day in Tokyo, as `Assignee.status_on` decides it: 修了 (completed),
期限切れ (past the due date, not completed), 受講中 (started), 未着手 (not started). The four
add up to the audience. `status_counts` is that rule in SQL, one grouped query for any number
of people (a test holds it to `status_on`).

Privacy, where the reader may not see the names (`access.may_see_assignee_names`): the
portfolio's rule (`skills.privacy`), applied to the tables the pages show.

- Each municipality's table: its departments (and "no department") × the four statuses, with
  the department's audience and the municipality's totals as margins. A count about fewer than
  `PRIVACY_THRESHOLD` people (but more than none) is withheld, and so are the complements that
  would let it be recovered by subtraction (`privacy.suppress_table`). A department of fewer
  people than the threshold is withheld whole ("0 not started" of three says what all three
  did), and a withheld total is never left as the sum of shown figures.
- The assignment's table: municipalities × statuses, with the assignment's totals as margins,
  suppressed by the same rule. A municipality's row there is the same figure as its own
  table's totals, so a figure withheld in one is withheld in the other, and both are made safe
  again until neither changes (linked tables).
- A completion rate is shown only where both its count and its audience are shown.

Where the reader may see the names (HR of that municipality, the person who assigned it), that
municipality's figures are shown whole; the assignment's table stays suppressed unless every
municipality in it is open to the reader.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common import japanese_dates
from organisation.models import Department, Municipality
from skills import privacy

from . import access
from .models import Assignee, Assignment

ALL = privacy.ALL
STATUSES = ("completed", "in_progress", "not_started", "overdue")
# The figures of a row, in the order the tables and exports show them.
FIGURES = ("audience", *STATUSES)
# Keys of those figures in a privacy table: the audience is the row's margin.
COLUMNS = (ALL, *STATUSES)

Counts = tuple[int, int, int, int, int]
Table = dict[tuple[Hashable, Hashable], tuple[int]]


def today() -> datetime.date:
    """The day in Tokyo, on which statuses are read."""
    return japanese_dates.tokyo_date(timezone.now())


def status_labels() -> dict[str, str]:
    return dict(Assignee.Status.choices)


@dataclass(frozen=True)
class Figures:
    """One row's figures; a withheld figure is None."""

    audience: int | None
    completed: int | None
    in_progress: int | None
    not_started: int | None
    overdue: int | None

    @property
    def suppressed(self) -> bool:
        return any(getattr(self, name) is None for name in FIGURES)

    @property
    def completion_rate(self) -> float | None:
        """修了 / 対象者 (0 to 1), when both are shown and there is anyone."""
        if self.completed is None or not self.audience:
            return None
        return round(self.completed / self.audience, 3)

    @property
    def rate_withheld(self) -> bool:
        """The rate is withheld with its count or audience; over nobody there is no rate."""
        return self.completion_rate is None and self.audience != 0

    def as_dict(self) -> dict:
        return {
            **{name: getattr(self, name) for name in FIGURES},
            "completion_rate": self.completion_rate,
            "suppressed": self.suppressed,
        }


@dataclass
class DepartmentRow:
    department_id: int | None
    name: str
    figures: Figures


@dataclass
class MunicipalityRow:
    municipality: Municipality
    figures: Figures
    # The municipality's own table: its departments, then its totals as that table shows them.
    departments: list[DepartmentRow]
    total: Figures
    names_allowed: bool


@dataclass
class Report:
    """One assignment's figures as one reader may see them, on one day."""

    assignment: Assignment
    day: datetime.date
    total: Figures
    municipalities: list[MunicipalityRow] = field(default_factory=list)

    @property
    def names_allowed(self) -> list[Municipality]:
        """The municipalities whose people the reader may see by name in this report."""
        return [row.municipality for row in self.municipalities if row.names_allowed]


# --- Counting -----------------------------------------------------------------------------


def status_counts(
    assignees: QuerySet[Assignee], day: datetime.date, by: Iterable[str]
) -> dict[tuple, Counts]:
    """(audience, completed, in progress, not started, overdue) of the current assignees, grouped
    by the given fields; one query. The SQL form of `Assignee.status_on`."""
    by = tuple(by)
    still_open = Q(completed_at__isnull=True)
    late = Q(assignment__due_on__lt=day)
    rows = (
        assignees.filter(removed_at__isnull=True)
        .values(*by)
        .annotate(
            audience=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            overdue=Count("pk", filter=still_open & late),
            in_progress=Count(
                "pk",
                filter=still_open & Q(assignment__due_on__gte=day) & Q(started_at__isnull=False),
            ),
        )
        .order_by()
    )
    counts = {}
    for row in rows:
        audience, completed = row["audience"], row["completed"]
        in_progress, overdue = row["in_progress"], row["overdue"]
        not_started = audience - completed - in_progress - overdue
        counts[tuple(row[name] for name in by)] = (
            audience,
            completed,
            in_progress,
            not_started,
            overdue,
        )
    return counts


# --- Privacy ------------------------------------------------------------------------------


def two_way(rows: dict[Hashable, Counts]) -> Table:
    """A table for `privacy.suppress_table`: rows × statuses, the audience as each row's margin,
    the column totals as the (ALL, …) row."""
    table: Table = {}
    totals = [0] * len(FIGURES)
    for row, counts in rows.items():
        for index, (column, count) in enumerate(zip(COLUMNS, counts, strict=True)):
            table[(row, column)] = (count,)
            totals[index] += count
    for column, count in zip(COLUMNS, totals, strict=True):
        table[(ALL, column)] = (count,)
    return table


def suppress(table: Table, hidden: set) -> set:
    """`privacy.suppress_table`, with two more guards, until stable: a row about fewer people
    than the threshold is withheld whole (its zeros would tell what each of them did: "0 not
    started" of three), and a withheld total is never the sum of shown members (one of them is
    withheld too)."""
    minimum = privacy.threshold()
    while True:
        found = privacy.suppress_table(table, minimum, hidden=hidden)
        small = {
            row for row, column in table if column == ALL and 0 < table[(row, ALL)][0] < minimum
        }
        found |= {(row, column) for row in small for column in COLUMNS}
        found |= summed_totals(table, found)
        if found == hidden:
            return found
        hidden = found


def summed_totals(table: Table, hidden: set) -> set:
    """For each line whose total is withheld and whose members are all shown, its smallest
    member counting anyone: withheld as well, or the total would be their sum."""
    more = set()
    for total, members in privacy.lines_of(table.keys()):
        if total not in hidden or any(member in hidden for member in members):
            continue
        candidates = sorted(
            (member for member in members if not privacy.is_empty(table[member])),
            key=lambda key: (sum(table[key]), str(key)),
        )
        if candidates:
            more.add(candidates[0])
    return more


def withheld(
    tables: dict[int, Table], top: Table, open_ids: set[int]
) -> tuple[dict[int, set], set]:
    """The withheld keys of each municipality's table and of the assignment's table, suppressed
    together until stable (see the module's docstring)."""
    hidden_inner: dict[int, set] = {municipality: set() for municipality in tables}
    closed = [municipality for municipality in tables if municipality not in open_ids]
    if not closed:
        return hidden_inner, set()
    hidden_top: set = set()
    while True:
        for municipality in closed:
            linked = {(ALL, column) for row, column in hidden_top if row == municipality}
            hidden_inner[municipality] = suppress(
                tables[municipality], hidden_inner[municipality] | linked
            )
        linked = {
            (municipality, column)
            for municipality in closed
            for row, column in hidden_inner[municipality]
            if row == ALL
        }
        hidden_top = suppress(top, hidden_top | linked)
        unlinked = [
            (row, column)
            for row, column in hidden_top
            if row in hidden_inner and row in closed and (ALL, column) not in hidden_inner[row]
        ]
        if not unlinked:
            return hidden_inner, hidden_top


def figures_of(table: Table, hidden: set, row: Hashable) -> Figures:
    values = [None if (row, column) in hidden else table[(row, column)][0] for column in COLUMNS]
    return Figures(*values)


# --- Reports ------------------------------------------------------------------------------


def build(
    assignment: Assignment,
    day: datetime.date,
    counts: dict[tuple[int, int | None], Counts],
    names_allowed: Callable[[Assignment, Municipality], bool],
    municipalities: dict[int, Municipality],
    departments: dict[int, str],
) -> Report:
    """The report of one assignment from its counts by (municipality, department)."""
    by_municipality: dict[int, dict] = defaultdict(dict)
    for (municipality, department), row in counts.items():
        by_municipality[municipality][department] = row
    tables = {municipality: two_way(rows) for municipality, rows in by_municipality.items()}
    top = two_way(
        {
            municipality: tuple(table[(ALL, column)][0] for column in COLUMNS)
            for municipality, table in tables.items()
        }
    )
    open_ids = {
        municipality
        for municipality in tables
        if names_allowed(assignment, municipalities[municipality])
    }
    hidden_inner, hidden_top = withheld(tables, top, open_ids)
    rows = []
    for municipality_id in sorted(tables, key=lambda pk: municipalities[pk].code):
        table, hidden = tables[municipality_id], hidden_inner[municipality_id]
        department_ids = sorted(
            by_municipality[municipality_id],
            key=lambda pk: (pk is None, departments.get(pk, ""), pk or 0),
        )
        rows.append(
            MunicipalityRow(
                municipality=municipalities[municipality_id],
                figures=figures_of(top, hidden_top, municipality_id),
                departments=[
                    DepartmentRow(
                        department_id=pk,
                        name=departments[pk] if pk is not None else _("所属なし"),
                        figures=figures_of(table, hidden, pk),
                    )
                    for pk in department_ids
                ],
                total=figures_of(table, hidden, ALL),
                names_allowed=municipality_id in open_ids,
            )
        )
    total = figures_of(top, hidden_top, ALL)
    return Report(assignment=assignment, day=day, total=total, municipalities=rows)


def reports(
    user, assignments: Iterable[Assignment], day: datetime.date | None = None
) -> list[Report]:
    """The reports of several assignments `user` may read (from `access.visible_assignments`),
    in their order: one grouped query for all their people."""
    assignments = list(assignments)
    day = day or today()
    assignees = access.assignees_of(user, assignments)
    counts = status_counts(
        assignees, day, ("assignment_id", "staff__municipality_id", "staff__department_id")
    )
    per_assignment: dict[int, dict] = defaultdict(dict)
    for (assignment, municipality, department), row in counts.items():
        per_assignment[assignment][(municipality, department)] = row
    municipality_ids = {municipality for _a, municipality, _d in counts}
    department_ids = {department for _a, _m, department in counts if department is not None}
    municipalities = Municipality.objects.in_bulk(municipality_ids)
    departments = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
    names_allowed = access.assignee_names_rule(user)
    return [
        build(
            assignment,
            day,
            per_assignment.get(assignment.pk, {}),
            names_allowed,
            municipalities,
            departments,
        )
        for assignment in assignments
    ]


def report(user, assignment: Assignment, day: datetime.date | None = None) -> Report:
    """One assignment's report, as `user` may read it."""
    return reports(user, [assignment], day)[0]


def not_done(report: Report) -> QuerySet[Assignee]:
    """The current assignees not yet completed, in the municipalities whose names the reader
    may see (none otherwise), by municipality, department and employee number."""
    allowed = [municipality.pk for municipality in report.names_allowed]
    return (
        report.assignment.assignees.filter(
            removed_at__isnull=True,
            completed_at__isnull=True,
            staff__municipality_id__in=allowed,
        )
        .select_related("staff__municipality", "staff__department", "assignment")
        .order_by("staff__municipality__code", "staff__department__name", "staff__employee_id")
    )
