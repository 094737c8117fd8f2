"""Which portfolio figures may be shown: small groups are hidden, and so are their complements.

The rule (applied everywhere HR sees numbers: page, API, exports, charts, drill-downs):

1. Primary suppression. A figure about fewer than `settings.PRIVACY_THRESHOLD` people (but more
   than none) is suppressed: its count, mean and share are all withheld. A figure about nobody
   says nothing about anybody and is shown as "no data".
2. Complementary suppression. Within one municipality and one skill, the groups form a table:
   departments (plus "no department") × role profiles (plus "no role"), with the totals "all
   departments" and "all roles" as its margins. In every row and column of that table whose
   total is shown, the suppressed members must be either none, or at least two members that
   together count at least the threshold (or nobody) in each population — otherwise the total
   minus the shown members would reveal them. When that fails, the next smallest shown member
   is suppressed too (or the total, if no member is left), and the check repeats until the
   whole table is stable. Because the flags are computed once over the whole table and stored,
   every view reads the same flags and no combination of views reveals more than one alone.
3. Across municipalities no total is ever shown that includes a suppressed cell: sums over
   several municipalities (trends, Tokyo-wide lines) add up only shown cells, so the difference
   between two such sums is made of shown cells only.

Each cell may count several populations (e.g. people with a level, people with a target); the
rule holds for each of them.
"""

from collections.abc import Hashable, Iterable, Sequence

from django.conf import settings

ALL = "all"
Counts = tuple[int, ...]


def threshold() -> int:
    return settings.PRIVACY_THRESHOLD


def too_few(counts: Counts, minimum: int) -> bool:
    """True if any population of the figure counts some people but fewer than the threshold."""
    return any(0 < count < minimum for count in counts)


def is_empty(counts: Counts) -> bool:
    return not any(counts)


def lines_of(keys: Iterable[tuple[Hashable, Hashable]]) -> list[tuple[tuple, list[tuple]]]:
    """Every row and column of a two-way table keyed (row, column), with its total's key.

    The margins use ALL: (ALL, column) is the total of a column, (row, ALL) of a row.
    """
    rows: dict[Hashable, list[tuple]] = {}
    columns: dict[Hashable, list[tuple]] = {}
    for row, column in keys:
        if row != ALL:
            columns.setdefault(column, []).append((row, column))
        if column != ALL:
            rows.setdefault(row, []).append((row, column))
    lines = [((ALL, column), members) for column, members in columns.items()]
    lines += [((row, ALL), members) for row, members in rows.items()]
    return lines


def suppress_table(
    table: dict[tuple[Hashable, Hashable], Counts],
    minimum: int | None = None,
    hidden: Iterable[tuple[Hashable, Hashable]] = (),
) -> set[tuple[Hashable, Hashable]]:
    """The keys of a two-way table (see `lines_of`) whose figures must not be shown.

    `hidden` are keys withheld already for another reason (e.g. another view of the same
    people); the complements are made safe around them too. Missing keys count nobody. The
    result is deterministic: ties are broken by the key's text.
    """
    minimum = threshold() if minimum is None else minimum
    suppressed = {key for key, counts in table.items() if too_few(counts, minimum)}
    suppressed |= {key for key in hidden if key in table}
    width = len(next(iter(table.values()), ()))
    lines = lines_of(table.keys())
    changed = True
    while changed:
        changed = False
        for total, members in lines:
            if total not in table or total in suppressed:
                continue
            hidden = [key for key in members if key in suppressed]
            if not hidden or _safe(hidden, table, width, minimum):
                continue
            candidates = sorted(
                (key for key in members if key not in suppressed and not is_empty(table[key])),
                key=lambda key: (sum(table[key]), str(key)),
            )
            suppressed.add(candidates[0] if candidates else total)
            changed = True
    return suppressed


def _safe(hidden: Sequence, table: dict, width: int, minimum: int) -> bool:
    """Whether a line's hidden members cannot be recovered: at least two of them, and together
    they count nobody or at least the threshold, population by population."""
    if len(hidden) < 2:
        return False
    for index in range(width):
        if 0 < sum(table[key][index] for key in hidden) < minimum:
            return False
    return True


def shown(count: int, minimum: int | None = None) -> bool:
    """Whether a standalone figure about `count` people may be shown (no complements exist)."""
    minimum = threshold() if minimum is None else minimum
    return not 0 < count < minimum
