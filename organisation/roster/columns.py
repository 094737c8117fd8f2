"""The roster's columns: the organisation's own, and those other apps contribute.

The organisation is the base the other apps build on, so it imports none of them. An app that
keeps something about staff in a roster (skills: the role and skill levels; courses: the
learning record) registers its columns here from its AppConfig.ready, and the import and export
take them from this registry.

An import column is read and written by its app: `reader` prepares the look-ups of one import
and returns the function that turns a cell into a value (or raises ValidationError with a
sentence for the user); `current` and `write` read and set the values of staff profiles, so the
organisation never names the app's tables. An export column set is computed by its app for the
staff being exported, in a few queries whatever their number.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from common.normalise import fold
from common.spreadsheets import Column

# The organisation's own columns: canonical field → (Japanese header, English header), in the
# order DESIGN.md lists them; contributed import columns come after them, 在籍 last.
OWN_COLUMNS: dict[str, tuple[str, str]] = {
    "employee_id": ("職員番号", "employee_id"),
    "name": ("氏名", "name"),
    "email": ("メールアドレス", "email"),
    "municipality": ("自治体", "municipality"),
    "department": ("所属", "department"),
    "job_category": ("職種", "job_category"),
}
ACTIVE_COLUMN = ("在籍", "active")
REQUIRED = ("employee_id", "name", "municipality")


@dataclass(frozen=True)
class ImportColumn:
    """A column an app reads from roster files and writes back in exports."""

    key: str
    headers: tuple[str, str]
    # Called once per import; returns cell text → value (ValidationError with a sentence).
    reader: Callable[[], Callable[[str], Any]]
    # The values staff profiles have now: {profile id: value}, for the given profiles.
    current: Callable[[QuerySet], dict[int, Any]]
    # Sets values: {profile id: value}.
    write: Callable[[dict[int, Any]], None]
    # What exports show: {profile id: text}, for the given profiles.
    export: Callable[[QuerySet], dict[int, str]]


@dataclass(frozen=True)
class ExportColumns:
    """Columns and, for each exported staff profile, the cells under them (one per column)."""

    columns: list[Column]
    values: Callable[[Any], list]


@dataclass(frozen=True)
class ExportContribution:
    """Columns an app appends to the roster export; `order` places them among the others."""

    key: str
    order: int
    columns: Callable[[QuerySet], ExportColumns]


_import_columns: dict[str, ImportColumn] = {}
_export_contributions: dict[str, ExportContribution] = {}


def register_import_column(column: ImportColumn) -> None:
    """Called from an AppConfig.ready; registering the same key again replaces it."""
    _import_columns[column.key] = column


def register_export_columns(contribution: ExportContribution) -> None:
    _export_contributions[contribution.key] = contribution


def import_columns() -> list[ImportColumn]:
    return list(_import_columns.values())


def export_contributions() -> list[ExportContribution]:
    return sorted(_export_contributions.values(), key=lambda item: (item.order, item.key))


def all_columns() -> dict[str, tuple[str, str]]:
    """Every column an import reads, by field name, in the order of a file HR would write."""
    return {
        **OWN_COLUMNS,
        **{column.key: column.headers for column in import_columns()},
        "active": ACTIVE_COLUMN,
    }


def header_key(text: str) -> str:
    """A header as compared: width and spaces folded, lower case, spaces as underscores."""
    return fold(text).lower().replace(" ", "_")


def header_fields() -> dict[str, str]:
    """header key → field name, for every header the import knows, in Japanese and English."""
    return {
        header_key(name): field_name
        for field_name, names in all_columns().items()
        for name in names
    }


def column_label(field_name: str) -> str:
    """The Japanese header of a field, as errors and previews name it."""
    return all_columns()[field_name][0]
