"""Exports of every portfolio view: XLSX as HR reads it, CSV plain for machines.

The figures are exactly those the page shows (suppressed figures are never written as numbers).
In XLSX each view is laid out like its page: the heatmap and the departments as a matrix (one
row per municipality or department, one column per skill, the figure of the chosen indicator),
the people as people × skills, each followed by a sheet with the long list (one row per cell,
with all its figures and how many of its people each basis backs); above each table a header
block says what the file shows (title, filters, scope, date in Tokyo time with 和暦, privacy
threshold). CSV holds the long list only, with no header block, and withheld figures blank (the
秘匿 column marks them). How a file looks is decided in common.spreadsheets, for every export.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from common import date_display, japanese_dates, spreadsheets
from common.spreadsheets import WITHHELD, Kind
from organisation.models import Municipality

from . import privacy
from .models import Basis

if TYPE_CHECKING:
    from .portfolio_filters import Filters

FORMATS = ("xlsx", "csv", "csv-cp932")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = Kind.TEXT


@dataclass
class Table:
    """One table of a view: its sheet's name, columns, rows as dicts, and the columns (from the
    left) that name a row."""

    title: str
    columns: list[Column]
    rows: list[dict]
    frozen_columns: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class About:
    """What the export shows, for its header block: the filters and the place (a municipality,
    a department) the view is about."""

    filters: "Filters | None" = None
    place: str = ""


def hidden_mark(suppressed: bool) -> str:
    return _("秘匿") if suppressed else ""


def indicator_of(filters: "Filters | None") -> tuple[str, str, Kind]:
    """The figure the screen shows in each cell: (key, name, kind)."""
    if filters is not None and filters.indicator == "mean":
        return "mean_level", _("平均レベル"), Kind.LEVEL
    return "at_target", _("目標達成率"), Kind.PERCENT


def basis_columns() -> list[Column]:
    return [
        Column(f"basis_{value}", _("根拠：%(basis)s（人）") % {"basis": label}, Kind.NUMBER)
        for value, label in Basis.choices
    ]


def skill_figure_columns() -> list[Column]:
    """The columns every per-skill long list ends with."""
    return [
        Column("skill", _("スキル")),
        Column("n", _("レベル判定済みの人数"), Kind.NUMBER),
        Column("mean_level", _("平均レベル"), Kind.LEVEL),
        Column("targeted", _("目標が設定された人数"), Kind.NUMBER),
        Column("at_target", _("目標達成率"), Kind.PERCENT),
        Column("suppressed", _("秘匿")),
        *basis_columns(),
    ]


def cell_rows(data: dict, groups: list[dict], group_columns) -> list[dict]:
    """One row per skill cell of each group: the group's own columns, then the cell's figures."""
    skills = {skill["id"]: skill["name"] for skill in data["skills"]}
    return [
        {
            **group_columns(group),
            **cell,
            **{
                f"basis_{basis}": WITHHELD if count is None else count
                for basis, count in (cell.get("basis") or {}).items()
            },
            "skill": skills[cell["skill"]],
            "suppressed": hidden_mark(cell["suppressed"]),
        }
        for group in groups
        for cell in group["cells"]
    ]


def headcount_of(group: dict) -> object:
    return WITHHELD if group.get("headcount_suppressed") else group["headcount"]


def matrix_rows(data: dict, groups: list[dict], group_columns, key: str) -> list[dict]:
    """One row per group, one value per skill: the figure the screen shows, 秘匿 when withheld,
    blank when there is none (nobody assessed, nobody with a target)."""
    return [
        {
            **group_columns(group),
            "headcount": headcount_of(group),
            "gap": group.get("gap"),
            **{
                f"skill_{cell['skill']}": WITHHELD if cell["suppressed"] else cell[key]
                for cell in group["cells"]
            },
        }
        for group in groups
    ]


def skill_matrix_columns(data: dict, filters: "Filters | None") -> list[Column]:
    _key, _name, kind = indicator_of(filters)
    return [
        Column("headcount", _("職員数"), Kind.NUMBER),
        Column("gap", _("目標との差"), Kind.PERCENT),
        *(Column(f"skill_{skill['id']}", skill["name"], kind) for skill in data["skills"]),
    ]


def legend(filters: "Filters | None") -> str:
    _key, name, _kind = indicator_of(filters)
    return _(
        "各スキルの列は%(indicator)s。空欄は該当者がいないこと、「秘匿」は人数が少ないため"
        "非表示であることを示します。"
    ) % {"indicator": name}


def heatmap_tables(data: dict, about: About) -> list[Table]:
    key, _name, _kind = indicator_of(about.filters)
    names = ("code", "name")
    matrix = Table(
        title=_("自治体×スキル"),
        columns=[
            Column("code", _("自治体コード")),
            Column("name", _("自治体")),
            *skill_matrix_columns(data, about.filters),
        ],
        rows=matrix_rows(
            data, data["municipalities"], lambda row: {name: row[name] for name in names}, key
        ),
        frozen_columns=2,
        notes=[legend(about.filters)],
    )
    keys = ("code", "name", "kind", "region", "headcount")
    details = Table(
        title=_("一覧"),
        columns=[
            Column("code", _("自治体コード")),
            Column("name", _("自治体")),
            Column("kind", _("種別")),
            Column("region", _("地域")),
            Column("headcount", _("職員数"), Kind.NUMBER),
            *skill_figure_columns(),
        ],
        rows=cell_rows(
            data,
            data["municipalities"],
            lambda row: {**{key: row[key] for key in keys}, "headcount": headcount_of(row)},
        ),
        frozen_columns=2,
    )
    return [matrix, details]


def departments_tables(data: dict, about: About) -> list[Table]:
    key, _name, _kind = indicator_of(about.filters)
    municipality = data["municipality"]["name"]
    matrix = Table(
        title=_("所属×スキル"),
        columns=[Column("name", _("所属")), *skill_matrix_columns(data, about.filters)],
        rows=matrix_rows(data, data["departments"], lambda row: {"name": row["name"]}, key),
        frozen_columns=1,
        notes=[legend(about.filters)],
    )
    details = Table(
        title=_("一覧"),
        columns=[
            Column("municipality", _("自治体")),
            Column("name", _("所属")),
            Column("headcount", _("職員数"), Kind.NUMBER),
            *skill_figure_columns(),
        ],
        rows=cell_rows(
            data,
            data["departments"],
            lambda row: {
                "municipality": municipality,
                "name": row["name"],
                "headcount": headcount_of(row),
            },
        ),
        frozen_columns=2,
    )
    return [matrix, details]


def people_tables(data: dict, about: About) -> list[Table]:
    person_columns = [
        Column("employee_id", _("職員番号")),
        Column("name", _("氏名")),
        Column("role", _("役割")),
    ]
    matrix = Table(
        title=_("職員×スキル"),
        columns=[
            *person_columns,
            *(
                Column(f"skill_{skill['id']}", skill["name"], Kind.NUMBER)
                for skill in data["skills"]
            ),
        ],
        rows=[
            {
                "employee_id": person["employee_id"],
                "name": person["name"],
                "role": person["role"],
                **{f"skill_{level['skill']}": level["level"] for level in person["levels"]},
            }
            for person in data["people"]
        ],
        frozen_columns=2,
        notes=[_("各スキルの列は現在のレベル。空欄はレベルの根拠がないことを示します。")],
    )
    skills = {skill["id"]: skill["name"] for skill in data["skills"]}
    details = Table(
        title=_("一覧"),
        columns=[
            *person_columns,
            Column("skill", _("スキル")),
            Column("level", _("現在のレベル"), Kind.NUMBER),
            Column("target", _("目標レベル"), Kind.NUMBER),
            Column("basis", _("根拠")),
            Column("basis_at", _("根拠の日付")),
        ],
        rows=[
            {
                "employee_id": person["employee_id"],
                "name": person["name"],
                "role": person["role"],
                "skill": skills[level["skill"]],
                "level": level["level"],
                "target": level["target"],
                "basis": level.get("basis_label", ""),
                "basis_at": date_display.show_date(level.get("basis_at"), date_display.SEIREKI),
            }
            for person in data["people"]
            for level in person["levels"]
        ],
        frozen_columns=2,
    )
    return [matrix, details]


def withheld_if_none(value: object) -> object:
    """Activity figures are None only when withheld (see portfolio_activity.py)."""
    return WITHHELD if value is None else value


def activity_tables(data: list[dict], about: About) -> list[Table]:
    figures = ("hours_watched", "lessons_completed", "assessments_passed")
    return [
        Table(
            title=_("学習活動"),
            columns=[
                Column("code", _("自治体コード")),
                Column("name", _("自治体")),
                Column("hours_watched", _("視聴時間（時間）"), Kind.DECIMAL),
                Column("lessons_completed", _("修了したレッスン数"), Kind.NUMBER),
                Column("assessments_passed", _("合格したテスト数"), Kind.NUMBER),
            ],
            rows=[
                {**row, **{key: withheld_if_none(row.get(key)) for key in figures}} for row in data
            ],
            frozen_columns=2,
        )
    ]


def effectiveness_tables(data: list[dict], about: About) -> list[Table]:
    figures = ("participants", "before", "after")
    return [
        Table(
            title=_("講座の効果"),
            columns=[
                Column("course", _("講座")),
                Column("skill", _("スキル")),
                Column("participants", _("受講者数"), Kind.NUMBER),
                Column("before", _("受講前の平均レベル"), Kind.LEVEL),
                Column("after", _("現在の平均レベル"), Kind.LEVEL),
                Column("suppressed", _("秘匿")),
            ],
            rows=[
                {
                    **row,
                    **({key: WITHHELD for key in figures} if row["suppressed"] else {}),
                    "suppressed": hidden_mark(row["suppressed"]),
                }
                for row in data
            ],
            frozen_columns=2,
        )
    ]


def trends_tables(data: list[dict], about: About) -> list[Table]:
    """One row per month or fiscal year, named in both calendars: 2026-05 and 令和8年5月, or
    2026年度 and 令和8年度, each with its fiscal year, so either grouping sorts and filters."""
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
    return [
        Table(
            title=_("推移"),
            columns=[
                Column("period", _("期間")),
                Column("wareki", _("和暦")),
                Column("fiscal_year", _("年度")),
                Column("months", _("月数"), Kind.NUMBER),
                Column("mean_level", _("平均レベル"), Kind.LEVEL),
                Column("at_target", _("目標達成率"), Kind.PERCENT),
            ],
            rows=rows,
            frozen_columns=1,
        )
    ]


TABLES: dict[str, Callable[..., list[Table]]] = {
    "heatmap": heatmap_tables,
    "departments": departments_tables,
    "people": people_tables,
    "activity": activity_tables,
    "effectiveness": effectiveness_tables,
    "trends": trends_tables,
}


def headings() -> dict[str, str]:
    return {
        "heatmap": _("スキルポートフォリオ：自治体×スキル"),
        "departments": _("スキルポートフォリオ：所属×スキル"),
        "people": _("スキルポートフォリオ：職員×スキル"),
        "activity": _("学習活動"),
        "effectiveness": _("講座の効果"),
        "trends": _("スキルの推移"),
    }


def filter_line(view: str, filters: "Filters | None") -> str:
    """The filters in words: 条件：スキル体系 デジタルスキル標準／役割 すべて／…"""
    if filters is None:
        return ""
    everything = _("すべて")
    parts = [
        (_("スキル体系"), filters.framework.name if filters.framework else everything),
        (_("役割"), filters.role.name if filters.role else everything),
        (_("種別"), Municipality.Kind(filters.kind).label if filters.kind else everything),
        (_("地域"), Municipality.Region(filters.region).label if filters.region else everything),
        (_("所属"), filters.department or everything),
        (_("根拠"), _("テストと上司の確認のみ") if filters.verified_only else everything),
    ]
    if view in ("heatmap", "departments"):
        parts.append((_("指標"), indicator_of(filters)[1]))
    if view in ("trends", "effectiveness"):
        parts.append((_("期間"), filters.period.describe() if filters.period else everything))
    if view == "trends":
        parts.append((_("単位"), _("年度") if filters.by == "fy" else _("月")))
    return _("条件：%(filters)s") % {
        "filters": "／".join(f"{name} {value}" for name, value in parts)
    }


def privacy_line() -> str:
    return _(
        "個人が特定されないよう、%(threshold)s人未満の集計と、差し引きでそれを算出できてしまう"
        "集計は「秘匿」と表示しています。"
    ) % {"threshold": privacy.threshold()}


def sheets_of(view: str, data, about: About | None = None) -> list[spreadsheets.Sheet]:
    """The view's tables as sheets, each with the header block; the last is the long list."""
    about = about or About()
    heading = headings()[view]
    if about.place:
        heading = f"{heading}（{about.place}）"
    lines = [
        line
        for line in (filter_line(view, about.filters), spreadsheets.made_at_line(), privacy_line())
        if line
    ]
    return [
        spreadsheets.Sheet(
            title=table.title,
            columns=[spreadsheets.Column(column.header, column.kind) for column in table.columns],
            rows=[[row.get(column.key) for column in table.columns] for row in table.rows],
            heading=heading,
            lines=[*lines, *table.notes],
            frozen_columns=table.frozen_columns,
        )
        for table in TABLES[view](data, about)
    ]


def export(view: str, data, file_format: str, about: About | None = None) -> tuple[bytes, str, str]:
    """The file of one view: (content, content type, extension)."""
    sheets = sheets_of(view, data, about)
    content_type = spreadsheets.CONTENT_TYPES[file_format]
    if file_format == "xlsx":
        return spreadsheets.xlsx_bytes(*sheets), content_type, "xlsx"
    if file_format == "csv-cp932":
        # Characters CP932 lacks become "?" rather than failing the whole export.
        return spreadsheets.csv_bytes(sheets[-1], "cp932", errors="replace"), content_type, "csv"
    return spreadsheets.csv_bytes(sheets[-1]), content_type, "csv"
