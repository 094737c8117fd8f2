"""The talent portfolio's precomputed rows: where in Tokyo which skills are, and the gaps
against role targets.

Every figure HR sees is read (portfolio_read.py) from precomputed rows (`PortfolioCell`,
`PortfolioGroup`, `PortfolioSnapshot`, `PortfolioActivity`), never aggregated over each person's
levels on request. `recompute` builds them all; `refresh` rebuilds the rows of some
municipalities and skills, and is what the signals in `portfolio_signals.py` run when a level, a
member of staff or a role target changes. Both use the same computation, so an incremental
update always equals a full recompute. Which figures are suppressed is decided here, once, by the
rule in `privacy.py`.

Each cell also counts its people by the basis of their level (assessed, confirmed,
self-assessed, learned: see levels.py) and keeps the figures of its verified levels (assessed or
confirmed) apart, so that HR can read the portfolio on verified evidence only (`basis=verified`).
The verified figures are suppressed by the same rule, with the unverified rest of the cell as one
more population: a verified figure is never shown when the difference to the cell's figure would
be about fewer people than the threshold.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, Sum

from common import japanese_dates
from organisation.models import StaffProfile

from . import privacy
from .levels import Level, decide
from .models import (
    VERIFIED_BASES,
    Basis,
    PortfolioCell,
    PortfolioGroup,
    PortfolioSnapshot,
    RoleTarget,
    SkillEvidence,
    StaffSkillLevel,
)
from .portfolio_activity import rebuild_activity

ALL = privacy.ALL
BATCH = 5000
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


def _margins(department, role) -> list[GroupKey]:
    return [(department, role), (ALL, role), (department, ALL), (ALL, ALL)]


def _listed(ids: Iterable[int] | None) -> list[int] | None:
    return None if ids is None else list(ids)


def _within(rows: QuerySet, field: str, ids: list[int] | None) -> QuerySet:
    """The rows whose `field` is one of `ids`; None: all of them."""
    return rows if ids is None else rows.filter(**{f"{field}__in": ids})


def compute(
    municipality_ids: Iterable[int] | None = None, skill_ids: Iterable[int] | None = None
) -> tuple[dict, dict]:
    """The cells {(municipality, group key, skill): [figures in the order of FIGURES]} and the
    headcounts {(municipality, group key): headcount} of the given municipalities and skills."""
    municipality_ids, skill_ids = _listed(municipality_ids), _listed(skill_ids)
    staff = _within(StaffProfile.objects.filter(active=True), "municipality_id", municipality_ids)
    levels = _within(
        _within(
            StaffSkillLevel.objects.filter(staff__active=True),
            "staff__municipality_id",
            municipality_ids,
        ),
        "skill_id",
        skill_ids,
    )
    targets = _within(RoleTarget.objects.all(), "skill_id", skill_ids)
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


def withheld_bases(values) -> int:
    """Which of a cell's per-basis counts must be withheld, as bits in the order of BASES: a
    count about fewer people than the threshold, and the next smallest when one alone would be
    recoverable from the cell's n. Decided here, once, so that reading a cell costs nothing."""
    counts = [values[BASIS_INDEX[basis]] for basis in BASES]
    minimum = privacy.threshold()
    if not privacy.too_few(counts, minimum):
        return 0
    table = {(basis, 0): (count,) for basis, count in zip(BASES, counts, strict=True)}
    table[(ALL, 0)] = (sum(counts),)
    hidden = privacy.suppress_table(table, minimum)
    return sum(1 << index for index, basis in enumerate(BASES) if (basis, 0) in hidden)


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
    "basis_withheld",
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
                withheld_bases(values),
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
    municipality_ids, skill_ids = _listed(municipality_ids), _listed(skill_ids)
    cells, headcounts = compute(municipality_ids, skill_ids)
    cell_rows = _within(
        _within(PortfolioCell.objects.all(), "municipality_id", municipality_ids),
        "skill_id",
        skill_ids,
    )
    group_rows = _within(PortfolioGroup.objects.all(), "municipality_id", municipality_ids)
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
