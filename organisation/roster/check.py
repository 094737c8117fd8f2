"""Checking a roster's rows: every cell of every row, before anything is planned or written.

Checking reads the database only for look-ups (municipalities, and whatever the apps that
contribute columns look up, e.g. role profiles), once per import, not once per row.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.normalise import fold, lookup_key
from organisation.models import Municipality
from organisation.municipalities import MunicipalityDirectory, UnknownMunicipality

from .columns import REQUIRED, all_columns, header_fields, header_key, import_columns
from .read import Table

ACTIVE_WORDS = {"1": True, "true": True, "在籍": True, "0": False, "false": False, "退職": False}
# Employee ids become part of a user name, so they keep to the characters user names allow.
EMPLOYEE_ID = re.compile(r"^[\w.@+-]+$")
# Optional text columns: field, longest text kept, the sentence when it is longer.
TEXT_FIELDS = (
    ("department", 100, gettext_lazy("所属は100文字以内で書いてください。")),
    ("job_category", 50, gettext_lazy("職種は50文字以内で書いてください。")),
)


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class StaffRow:
    """One checked row: what the roster says about one member of staff."""

    row: int
    municipality: Municipality
    employee_id: str
    name: str
    email: str | None = None
    department: str | None = None
    job_category: str | None = None
    active: bool = True
    # Values of the columns other apps contribute, by column key (e.g. "role").
    extra: dict[str, Any] = field(default_factory=dict)
    # Filled while planning and writing: an existing department's id or a (municipality, name)
    # still to be created, and the user account.
    department_ref: int | tuple[int, str] | None = None
    username: str = ""

    @property
    def key(self) -> tuple[int, str]:
        return (self.municipality.pk, self.employee_id)


def map_header(table: Table) -> tuple[dict[str, int], list[RowError]]:
    """Which column holds which field; headers the roster does not know are ignored."""
    known = header_fields()
    positions: dict[str, int] = {}
    errors = []
    for index, text in enumerate(table.header):
        field_name = known.get(header_key(text))
        if field_name is None:
            continue
        if field_name in positions:
            errors.append(
                RowError(
                    table.header_row,
                    text,
                    _("列「%(column)s」が2回あります。") % {"column": text},
                )
            )
        positions[field_name] = index
    columns = all_columns()
    for field_name in REQUIRED:
        if field_name not in positions:
            ja, en = columns[field_name]
            errors.append(
                RowError(
                    table.header_row,
                    ja,
                    _("必須の列「%(ja)s」（%(en)s）がありません。") % {"ja": ja, "en": en},
                )
            )
    return positions, errors


class RowChecker:
    """Turns raw rows into StaffRows, resolving names with in-memory directories."""

    def __init__(self, positions: dict[str, int], header: list[str], allowed_ids=None) -> None:
        self.positions = positions
        self.header = header
        self.allowed_ids = allowed_ids
        self.directory = MunicipalityDirectory()
        self.municipality_cache: dict[str, Municipality | str] = {}
        self.readers = {
            column.key: column.reader() for column in import_columns() if column.key in positions
        }

    def column(self, field_name: str) -> str:
        return self.header[self.positions[field_name]]

    def cell(self, cells: list[str], field_name: str) -> str | None:
        position = self.positions.get(field_name)
        if position is None:
            return None
        return cells[position] if position < len(cells) else ""

    def municipality(self, text: str) -> Municipality:
        found = self.municipality_cache.get(text)
        if found is None:
            try:
                found = self.directory.resolve(text)
            except UnknownMunicipality as error:
                found = str(error)
            self.municipality_cache[text] = found
        if isinstance(found, str):
            raise ValidationError(found)
        if self.allowed_ids is not None and found.pk not in self.allowed_ids:
            raise ValidationError(
                _("%(name)s の職員を取り込む権限がありません。") % {"name": found.name}
            )
        return found

    def check(self, number: int, cells: list[str]) -> tuple[StaffRow | None, list[RowError]]:
        errors: list[RowError] = []
        values: dict = {}

        def fail(field_name: str, message: str) -> None:
            errors.append(RowError(number, self.column(field_name), message))

        employee_id = "".join(fold(self.cell(cells, "employee_id")).split())
        if not employee_id:
            fail("employee_id", _("職員番号が空欄です。"))
        elif len(employee_id) > 32:
            fail("employee_id", _("職員番号は32文字以内で書いてください。"))
        elif not EMPLOYEE_ID.match(employee_id):
            fail("employee_id", _("職員番号に使えるのは英数字と . @ + - _ です。"))

        name = fold(self.cell(cells, "name"))
        if not name:
            fail("name", _("氏名が空欄です。"))
        elif len(name) > 100:
            fail("name", _("氏名は100文字以内で書いてください。"))

        try:
            municipality = self.municipality(self.cell(cells, "municipality"))
        except ValidationError as error:
            fail("municipality", error.messages[0])
            municipality = None

        email = self.cell(cells, "email")
        if email is not None:
            email = "".join(fold(email).split())
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    fail(
                        "email",
                        _("メールアドレス「%(email)s」の形が正しくありません。") % {"email": email},
                    )
            values["email"] = email

        for field_name, limit, too_long in TEXT_FIELDS:
            text = self.cell(cells, field_name)
            if text is not None:
                text = fold(text)
                if len(text) > limit:
                    fail(field_name, str(too_long))
                values[field_name] = text

        extra = {}
        for key, read in self.readers.items():
            try:
                extra[key] = read(self.cell(cells, key))
            except ValidationError as error:
                fail(key, error.messages[0])

        active = self.cell(cells, "active")
        if active is not None:
            active_key = lookup_key(active)
            if active_key and active_key not in ACTIVE_WORDS:
                fail(
                    "active",
                    _("在籍「%(value)s」は 1/0、true/false、在籍/退職 のどれかにしてください。")
                    % {"value": active},
                )
            values["active"] = ACTIVE_WORDS.get(active_key, True)

        if errors:
            return None, errors
        return StaffRow(
            row=number,
            municipality=municipality,
            employee_id=employee_id,
            name=name,
            extra=extra,
            **values,
        ), []


def check_table(
    table: Table, allowed_ids: set[int] | None = None
) -> tuple[list[StaffRow], set[str], list[RowError]]:
    """Every row checked; the fields the file has; every error, in row order."""
    positions, errors = map_header(table)
    if errors:
        return [], set(positions), errors
    checker = RowChecker(positions, table.header, allowed_ids)
    rows: list[StaffRow] = []
    first_row_of: dict[tuple[int, str], int] = {}
    for number, cells in zip(table.numbers, table.rows, strict=True):
        staff_row, row_errors = checker.check(number, cells)
        errors.extend(row_errors)
        if staff_row is None:
            continue
        earlier = first_row_of.setdefault(staff_row.key, number)
        if earlier != number:
            errors.append(
                RowError(
                    number,
                    checker.column("employee_id"),
                    _("職員番号「%(id)s」（%(municipality)s）は %(row)d 行目にもあります。")
                    % {
                        "id": staff_row.employee_id,
                        "municipality": staff_row.municipality.name,
                        "row": earlier,
                    },
                )
            )
        rows.append(staff_row)
    return rows, set(positions), errors
