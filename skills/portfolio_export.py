"""Exports of every portfolio view: XLSX with Japanese headers, CSV in UTF-8 with BOM or CP932.

The rows are exactly those the page shows (suppressed figures stay blank, marked 秘匿), written
by common.spreadsheets as every export is (text that looks like a formula stays text).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common import date_display, japanese_dates, spreadsheets

FORMATS = ("xlsx", "csv", "csv-cp932")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    number: bool = False


def hidden_mark(suppressed: bool) -> str:
    return _("秘匿") if suppressed else ""


def skill_figure_columns() -> list[Column]:
    """The columns every per-skill table ends with."""
    return [
        Column("skill", _("スキル")),
        Column("n", _("レベル判定済みの人数"), number=True),
        Column("mean_level", _("平均レベル"), number=True),
        Column("targeted", _("目標が設定された人数"), number=True),
        Column("at_target", _("目標達成率"), number=True),
        Column("suppressed", _("秘匿")),
    ]


def cell_rows(data: dict, groups: list[dict], group_columns) -> list[dict]:
    """One row per skill cell of each group: the group's own columns, then the cell's figures."""
    skills = {skill["id"]: skill["name"] for skill in data["skills"]}
    return [
        {
            **group_columns(group),
            **cell,
            "skill": skills[cell["skill"]],
            "suppressed": hidden_mark(cell["suppressed"]),
        }
        for group in groups
        for cell in group["cells"]
    ]


def heatmap_table(data: dict) -> tuple[list[Column], list[dict]]:
    columns = [
        Column("code", _("自治体コード")),
        Column("name", _("自治体")),
        Column("kind", _("種別")),
        Column("region", _("地域")),
        Column("headcount", _("職員数"), number=True),
        *skill_figure_columns(),
    ]
    keys = ("code", "name", "kind", "region", "headcount")
    rows = cell_rows(data, data["municipalities"], lambda row: {key: row[key] for key in keys})
    return columns, rows


def departments_table(data: dict) -> tuple[list[Column], list[dict]]:
    columns = [
        Column("municipality", _("自治体")),
        Column("name", _("所属")),
        Column("headcount", _("職員数"), number=True),
        *skill_figure_columns(),
    ]
    municipality = data["municipality"]["name"]
    rows = cell_rows(
        data,
        data["departments"],
        lambda row: {
            "municipality": municipality,
            "name": row["name"],
            "headcount": row["headcount"],
        },
    )
    return columns, rows


def people_table(data: dict) -> tuple[list[Column], list[dict]]:
    columns = [
        Column("employee_id", _("職員番号")),
        Column("name", _("氏名")),
        Column("role", _("役割")),
        Column("skill", _("スキル")),
        Column("level", _("現在のレベル"), number=True),
        Column("target", _("目標レベル"), number=True),
    ]
    skills = {skill["id"]: skill["name"] for skill in data["skills"]}
    rows = [
        {
            "employee_id": person["employee_id"],
            "name": person["name"],
            "role": person["role"],
            "skill": skills[level["skill"]],
            "level": level["level"],
            "target": level["target"],
        }
        for person in data["people"]
        for level in person["levels"]
    ]
    return columns, rows


def activity_table(data: list[dict]) -> tuple[list[Column], list[dict]]:
    columns = [
        Column("code", _("自治体コード")),
        Column("name", _("自治体")),
        Column("hours_watched", _("視聴時間（時間）"), number=True),
        Column("lessons_completed", _("修了したレッスン数"), number=True),
        Column("assessments_passed", _("合格したテスト数"), number=True),
    ]
    return columns, data


def effectiveness_table(data: list[dict]) -> tuple[list[Column], list[dict]]:
    columns = [
        Column("course", _("講座")),
        Column("skill", _("スキル")),
        Column("participants", _("受講者数"), number=True),
        Column("before", _("受講前の平均レベル"), number=True),
        Column("after", _("現在の平均レベル"), number=True),
        Column("suppressed", _("秘匿")),
    ]
    rows = [{**row, "suppressed": hidden_mark(row["suppressed"])} for row in data]
    return columns, rows


def trends_table(data: list[dict]) -> tuple[list[Column], list[dict]]:
    """One row per month or fiscal year, named in both calendars: 2026-05 and 令和8年5月, or
    2026年度 and 令和8年度, each with its fiscal year, so either grouping sorts and filters."""
    columns = [
        Column("period", _("期間")),
        Column("wareki", _("和暦")),
        Column("fiscal_year", _("年度")),
        Column("months", _("月数"), number=True),
        Column("mean_level", _("平均レベル"), number=True),
        Column("at_target", _("目標達成率"), number=True),
    ]
    seireki = date_display.SEIREKI
    rows = [
        {
            "period": (
                f"{row['month']:%Y-%m}"
                if row["month"]
                else date_display.show_fiscal_year(row["fiscal_year"], seireki)
            ),
            "wareki": (
                japanese_dates.wareki_month(row["month"])
                if row["month"]
                else japanese_dates.fiscal_year_label(row["fiscal_year"], wareki=True)
            ),
            "fiscal_year": date_display.show_fiscal_year(row["fiscal_year"], seireki),
            "months": row["months"],
            "mean_level": row["mean_level"],
            "at_target": row["at_target"],
        }
        for row in data
    ]
    return columns, rows


TABLES: dict[str, Callable] = {
    "heatmap": heatmap_table,
    "departments": departments_table,
    "people": people_table,
    "activity": activity_table,
    "effectiveness": effectiveness_table,
    "trends": trends_table,
}


def sheet_of(view: str, data) -> spreadsheets.Sheet:
    columns, rows = TABLES[view](data)
    return spreadsheets.Sheet(
        title=view,
        columns=[spreadsheets.Column(column.header, number=column.number) for column in columns],
        rows=[[row.get(column.key) for column in columns] for row in rows],
    )


def export(view: str, data, file_format: str) -> tuple[bytes, str, str]:
    """The file of one view: (content, content type, extension)."""
    sheet = sheet_of(view, data)
    content_type = spreadsheets.CONTENT_TYPES[file_format]
    if file_format == "xlsx":
        return spreadsheets.xlsx_bytes(sheet), content_type, "xlsx"
    if file_format == "csv-cp932":
        # Characters CP932 lacks become "?" rather than failing the whole export.
        return spreadsheets.csv_bytes(sheet, "cp932", errors="replace"), content_type, "csv"
    return spreadsheets.csv_bytes(sheet), content_type, "csv"
