"""The roster import inside django-import-export: its forms, temporary storage and preview.

django-import-export imports row by row (a query or more per row) and decodes CSV with one
configured encoding. The roster needs encoding detection, all-or-nothing checks and bulk
writes, so this format hands the file's bytes to `organisation.roster` unchanged and this
resource returns the roster plan as an import-export `Result`: the admin's dry-run preview and
confirmation work as for any other model, with rows to create, update and deactivate and the
errors of every row.
"""

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.formats.base_formats import Format
from import_export.results import Error, Result, RowResult

from organisation.access import roster_scope
from organisation.models import StaffProfile

from .columns import all_columns
from .importing import import_table
from .plan import RosterPlan
from .read import RosterFileError, Table, cell_text, read_table

DEACTIVATE = "deactivate"


class RosterFile(Format):
    """CSV in UTF-8, UTF-8 with BOM, CP932 or UTF-16, or XLSX: told apart by their bytes."""

    def __init__(self, encoding: str | None = None) -> None:
        # The admin passes its configured encoding; the roster detects it instead.
        self.encoding = None

    def get_title(self) -> str:
        return _("CSV・Excel（自動判別）")

    def get_extension(self) -> str:
        return "csv"

    def can_import(self) -> bool:
        return True

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        dataset = tablib.Dataset()
        try:
            table = read_table(in_stream)
        except RosterFileError as error:
            # A readable placeholder so the admin reaches import_data, which reports the reason.
            dataset.headers = ["error"]
            dataset.append([str(error)])
            dataset.roster_error = str(error)
            return dataset
        width = max([len(table.header), *(len(row) for row in table.rows)])
        dataset.headers = [*table.header, *[""] * (width - len(table.header))]
        for row in table.rows:
            dataset.append([*row, *[""] * (width - len(row))])
        dataset.roster_table = table
        return dataset


def result_of(plan: RosterPlan) -> Result:
    """The plan in import-export's terms, for its preview and success message."""
    result = Result()
    result.diff_headers = [_("職員番号"), _("氏名"), _("自治体"), _("変わる列")]
    for kind, changes in (
        (RowResult.IMPORT_TYPE_NEW, plan.created),
        (RowResult.IMPORT_TYPE_UPDATE, plan.updated),
        (DEACTIVATE, plan.deactivated),
    ):
        for change in changes:
            row = RowResult()
            row.import_type = kind
            row.number = change.row
            row.diff = [
                change.employee_id,
                change.name,
                change.municipality,
                "、".join(change.fields),
            ]
            result.append_row_result(row)
    result.totals[RowResult.IMPORT_TYPE_NEW] = len(plan.created)
    result.totals[RowResult.IMPORT_TYPE_UPDATE] = len(plan.updated)
    result.totals[RowResult.IMPORT_TYPE_SKIP] = plan.unchanged
    result.totals[DEACTIVATE] = len(plan.deactivated)
    result.total_rows = len(plan.created) + len(plan.updated) + plan.unchanged
    for error in plan.errors:
        if error.row is None:
            result.append_base_error(Error(RosterFileError(error.message)))
            continue
        result.append_invalid_row(
            error.row, {}, ValidationError({error.column or "": [error.message]})
        )
    result.roster_plan = plan
    return result


def table_of(dataset: tablib.Dataset) -> Table:
    """The table RosterFile read, or one made from a dataset another format produced."""
    table = getattr(dataset, "roster_table", None)
    if table is not None:
        return table
    rows = [[cell_text(value) for value in row] for row in dataset]
    return Table(
        header=[cell_text(name) for name in dataset.headers or []],
        header_row=1,
        rows=rows,
        numbers=list(range(2, len(rows) + 2)),
    )


class StaffRosterResource(resources.ModelResource):
    """Imports a roster file all or nothing, through `organisation.roster` (see above)."""

    class Meta:
        model = StaffProfile
        name = gettext_lazy("職員名簿（一括取り込み）")
        fields = ()

    def get_user_visible_fields(self) -> list[fields.Field]:
        """The columns the import page lists: each header in Japanese and English."""
        return [fields.Field(column_name=f"{ja} / {en}") for ja, en in all_columns().values()]

    def import_data(
        self, dataset: tablib.Dataset, dry_run: bool = False, raise_errors: bool = False, **kwargs
    ) -> Result:
        user = kwargs.get("user")
        full = bool(kwargs.get("full", False))
        error = getattr(dataset, "roster_error", None)
        if error is not None:
            return result_of(RosterPlan.failed(error))
        plan = import_table(
            table_of(dataset),
            full=full,
            dry_run=dry_run,
            allowed_ids=roster_scope(user, "import").municipality_ids if user is not None else None,
            user=user,
            file_name=kwargs.get("file_name") or "",
        )
        return result_of(plan)
