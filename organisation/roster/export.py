"""The staff roster as HR takes it out: who they are, then the columns other apps contribute.

The first columns are the import's own headers (with the columns apps contribute to the import,
such as 役割), so an exported file can be edited and imported back; then 自治体名 for people,
在籍, and the columns apps add for reading only (the learning record, skill levels). The file is
written by common.spreadsheets, as every export of the platform is.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.spreadsheets import (
    Column,
    Sheet,
    UnencodableText,
    csv_bytes,
    made_at_line,
    xlsx_bytes,
)
from organisation.models import Municipality, StaffProfile

from .columns import export_contributions, import_columns


class ExportError(ValueError):
    """The export cannot be written as asked; the message says why."""


def staff_in(municipality_ids: set[int] | None) -> QuerySet:
    staff = StaffProfile.objects.order_by("municipality__code", "employee_id")
    if municipality_ids is not None:
        staff = staff.filter(municipality__in=municipality_ids)
    return staff


def scope_line(municipality_ids: set[int] | None) -> str:
    """Whose staff the file lists, for its header block."""
    if municipality_ids is None:
        return _("対象：すべての自治体")
    names = Municipality.objects.filter(pk__in=municipality_ids).order_by("code")
    return _("対象：%(names)s") % {"names": "、".join(names.values_list("name", flat=True))}


def roster_sheet(municipality_ids: set[int] | None = None) -> Sheet:
    """Staff of the given municipalities (all when None), one row each, in a few queries.

    The XLSX header block (title, scope, date, privacy note) sits above the header row, where
    the import looks for the header, so the file still imports back."""
    staff = staff_in(municipality_ids)
    imported = [(column, column.export(staff)) for column in import_columns()]
    contributed = [contribution.columns(staff) for contribution in export_contributions()]
    columns = [
        Column(_("職員番号")),
        Column(_("氏名")),
        Column(_("メールアドレス")),
        Column(_("自治体")),
        Column(_("自治体名")),
        Column(_("所属")),
        Column(_("職種")),
        *(Column(column.headers[0]) for column, _values in imported),
        Column(_("在籍")),
        *(column for extra in contributed for column in extra.columns),
    ]

    def rows():
        for profile in staff.select_related("user", "municipality", "department"):
            yield [
                profile.employee_id,
                profile.display_name,
                profile.user.email,
                profile.municipality.code,
                profile.municipality.name,
                profile.department.name if profile.department else "",
                profile.job_category,
                *(values.get(profile.pk, "") for _column, values in imported),
                _("在籍") if profile.active else _("退職"),
                *(value for extra in contributed for value in extra.values(profile)),
            ]

    return Sheet(
        title=_("職員名簿"),
        columns=columns,
        rows=rows(),
        heading=_("職員名簿"),
        lines=[
            scope_line(municipality_ids),
            made_at_line(),
            _(
                "個人情報を含みます。業務に必要な範囲でのみ使い、保存と共有は所属の規程に"
                "従ってください。"
            ),
        ],
        frozen_columns=2,
    )


def export_roster(
    file_format: str, *, encoding: str = "utf-8", municipality_ids: set[int] | None = None
) -> tuple[bytes, int]:
    """The file's bytes and how many staff it lists."""
    sheet = roster_sheet(municipality_ids)
    staff = list(sheet.rows)
    sheet.rows = staff
    if file_format == "xlsx":
        return xlsx_bytes(sheet), len(staff)
    try:
        return csv_bytes(sheet, encoding), len(staff)
    except UnencodableText as error:
        raise ExportError(str(error)) from error
