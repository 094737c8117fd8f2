"""The staff roster as HR takes it out: who, their role, current skill levels, what they learnt.

The first columns are the import's own headers, so an exported file can be edited and imported
back. Every text cell that a spreadsheet would run as a formula (= + - @, or a leading tab or
carriage return) is prefixed with an apostrophe: names and departments are typed by many people
and a roster is opened by HR in Excel (OWASP "CSV injection").
"""

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from organisation.models import StaffProfile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}


class ExportError(ValueError):
    """The export cannot be written as asked; the message says why."""


def neutralise(value):
    """A text cell a spreadsheet would evaluate becomes inert text; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class RosterSheet:
    header: list[str]
    rows: list[list]


def roster_sheet(municipality_ids: set[int] | None = None) -> RosterSheet:
    """Staff of the given municipalities (all when None), one row each, in a few queries."""
    from courses.models import LessonProgress
    from skills.models import Skill, StaffSkillLevel, role_profile_of

    staff = StaffProfile.objects.select_related(
        "user", "municipality", "department", "role__role_profile"
    ).order_by("municipality__code", "employee_id")
    levels = StaffSkillLevel.objects.all()
    progress = LessonProgress.objects.filter(user__staff_profile__isnull=False)
    if municipality_ids is not None:
        staff = staff.filter(municipality__in=municipality_ids)
        levels = levels.filter(staff__municipality__in=municipality_ids)
        progress = progress.filter(user__staff_profile__municipality__in=municipality_ids)

    level_of: dict[tuple[int, int], int] = {}
    for staff_id, skill_id, level in levels.values_list("staff_id", "skill_id", "level"):
        level_of[(staff_id, skill_id)] = level
    skills = list(
        Skill.objects.filter(pk__in={skill_id for _staff, skill_id in level_of}).select_related(
            "category__framework"
        )
    )
    learning = {
        row["user_id"]: row
        for row in progress.values("user_id").annotate(
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            seconds=Sum("watched_seconds"),
        )
    }

    header = [
        _("職員番号"),
        _("氏名"),
        _("メールアドレス"),
        _("自治体"),
        _("自治体名"),
        _("所属"),
        _("職種"),
        _("役割"),
        _("在籍"),
        _("修了レッスン数"),
        _("視聴時間（分）"),
        *(_("%(skill)s（レベル）") % {"skill": skill.name} for skill in skills),
    ]
    rows = []
    for profile in staff:
        record = learning.get(profile.user_id, {})
        rows.append(
            [
                profile.employee_id,
                profile.display_name,
                profile.user.email,
                profile.municipality.code,
                profile.municipality.name,
                profile.department.name if profile.department else "",
                profile.job_category,
                role.name if (role := role_profile_of(profile)) else "",
                _("在籍") if profile.active else _("退職"),
                record.get("completed", 0),
                round((record.get("seconds") or 0) / 60),
                *(level_of.get((profile.pk, skill.pk), "") for skill in skills),
            ]
        )
    return RosterSheet(header=header, rows=rows)


def write_csv(sheet: RosterSheet, encoding: str = "utf-8") -> bytes:
    """CSV as Excel opens it: UTF-8 with a BOM, or CP932 when asked."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.header)
    writer.writerows([neutralise(value) for value in row] for row in sheet.rows)
    text = buffer.getvalue()
    try:
        return text.encode(ENCODINGS[encoding])
    except UnicodeEncodeError as error:
        raise ExportError(
            _("「%(char)s」はCP932で書けません。UTF-8で出力してください。")
            % {"char": error.object[error.start : error.end]}
        ) from error


def write_xlsx(sheet: RosterSheet) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_("職員名簿"))
    worksheet.append(sheet.header)
    for row in sheet.rows:
        worksheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_roster(
    file_format: str, *, encoding: str = "utf-8", municipality_ids: set[int] | None = None
) -> tuple[bytes, int]:
    """The file's bytes and how many staff it lists."""
    sheet = roster_sheet(municipality_ids)
    if file_format == "xlsx":
        return write_xlsx(sheet), len(sheet.rows)
    return write_csv(sheet, encoding), len(sheet.rows)
