"""The staff roster as HR takes it out: who they are, then the columns other apps contribute.

The first columns are the import's own headers (with the columns apps contribute to the import,
such as 役割), so an exported file can be edited and imported back; then 自治体名 for people,
在籍, and the columns apps add for reading only (the learning record, skill levels). The file is
written by common.spreadsheets, as every export of the platform is.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from common.spreadsheets import Column, Sheet, UnencodableText, csv_bytes, xlsx_bytes
from organisation.models import StaffProfile

from .columns import export_contributions, import_columns


class ExportError(ValueError):
    """The export cannot be written as asked; the message says why."""


def staff_in(municipality_ids: set[int] | None) -> QuerySet:
    staff = StaffProfile.objects.order_by("municipality__code", "employee_id")
    if municipality_ids is not None:
        staff = staff.filter(municipality__in=municipality_ids)
    return staff


def roster_sheet(municipality_ids: set[int] | None = None) -> Sheet:
    """Staff of the given municipalities (all when None), one row each, in a few queries."""
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

    return Sheet(title=_("職員名簿"), columns=columns, rows=rows())


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
