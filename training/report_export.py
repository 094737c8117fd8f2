"""An assignment's report as a file: XLSX as those who assign read it, CSV plain for machines.

The figures are exactly those of the page (`reports.report`): withheld ones are written as 秘匿
in XLSX and left blank in CSV, never as numbers. The XLSX has three sheets: by municipality
(with the assignment's total), by department (each municipality's departments and its total),
and, where the reader may see names, those not yet done. CSV holds the departments' table, the
most detailed figures. Above each XLSX table the header block says what the file shows: the
course, the period with 和暦 and fiscal year, the day the statuses are read on, the scope, the
moment it was made, and the privacy rule. How a file looks is decided in common.spreadsheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from common import date_display, japanese_dates, spreadsheets
from common.spreadsheets import WITHHELD, Column, Kind, Sheet
from skills import privacy

from .models import Assignee, Assignment
from .reports import FIGURES, Figures, Report, status_labels

FORMATS = ("xlsx", "csv")


def figure_columns() -> list[Column]:
    headers = {
        "audience": _("対象者数"),
        "completed": _("修了"),
        "in_progress": _("受講中"),
        "not_started": _("未着手"),
        "overdue": _("期限切れ"),
    }
    return [
        *(Column(headers[name], Kind.NUMBER) for name in FIGURES),
        Column(_("修了率"), Kind.PERCENT),
    ]


def figure_cells(figures: Figures) -> list:
    """The row's figures as cells: a withheld one is 秘匿, so is a rate that would reveal it."""
    cells = [getattr(figures, name) for name in FIGURES]
    cells = [WITHHELD if value is None else value for value in cells]
    return [*cells, WITHHELD if figures.rate_withheld else figures.completion_rate]


def what_is_learnt(assignment: Assignment) -> str:
    if assignment.course_id is not None:
        return _("講座：%(title)s") % {"title": assignment.course.title}
    return _("学習パス：%(title)s") % {"title": assignment.path.title}


def period_line(assignment: Assignment) -> str:
    """期間：2026/4/1〜2027/3/31（令和8年4月1日〜令和9年3月31日、2026年度）."""
    seireki = date_display.SEIREKI
    return _("期間：%(start)s〜%(due)s（%(start_wareki)s〜%(due_wareki)s、期限は%(year)s）") % {
        "start": date_display.show_date(assignment.starts_on, seireki),
        "due": date_display.show_date(assignment.due_on, seireki),
        "start_wareki": japanese_dates.wareki_date(assignment.starts_on),
        "due_wareki": japanese_dates.wareki_date(assignment.due_on),
        "year": date_display.show_fiscal_year(
            japanese_dates.fiscal_year(assignment.due_on), seireki
        ),
    }


def as_of_line(report: Report) -> str:
    return _("%(day)s（%(wareki)s）時点の状況。対象から外れた職員は数えていません。") % {
        "day": date_display.show_date(report.day, date_display.SEIREKI),
        "wareki": japanese_dates.wareki_date(report.day),
    }


def privacy_line() -> str:
    return _(
        "氏名を閲覧できない自治体では、個人が特定されないよう、%(threshold)s人未満の集計と、"
        "差し引きでそれを算出できてしまう集計を「秘匿」と表示しています。"
    ) % {"threshold": privacy.threshold()}


def header_lines(report: Report, scope_label: str) -> list[str]:
    return [
        what_is_learnt(report.assignment),
        period_line(report.assignment),
        as_of_line(report),
        _("閲覧範囲：%(scope)s") % {"scope": scope_label},
        spreadsheets.made_at_line(),
        privacy_line(),
    ]


def municipality_rows(report: Report) -> Iterator[list]:
    for row in report.municipalities:
        yield [row.municipality.code, row.municipality.name, *figure_cells(row.figures)]
    yield ["", _("合計"), *figure_cells(report.total)]


def department_rows(report: Report) -> Iterator[list]:
    for row in report.municipalities:
        municipality = row.municipality
        for department in row.departments:
            yield [
                municipality.code,
                municipality.name,
                department.name,
                *figure_cells(department.figures),
            ]
        yield [municipality.code, municipality.name, _("（自治体計）"), *figure_cells(row.total)]


def not_done_rows(assignees: Iterable[Assignee], report: Report) -> Iterator[list]:
    labels = status_labels()
    for assignee in assignees:
        staff = assignee.staff
        yield [
            staff.municipality.name,
            staff.department.name if staff.department_id else _("所属なし"),
            staff.employee_id,
            staff.display_name,
            labels[assignee.status_on(report.day)],
            date_display.show_date(report.assignment.due_on, date_display.SEIREKI),
        ]


def sheets(report: Report, not_done: Iterable[Assignee], scope_label: str) -> list[Sheet]:
    heading = _("研修の受講状況：%(title)s") % {"title": report.assignment.title}
    lines = header_lines(report, scope_label)
    made = [
        Sheet(
            title=_("自治体別"),
            columns=[Column(_("自治体コード")), Column(_("自治体")), *figure_columns()],
            rows=municipality_rows(report),
            heading=heading,
            lines=lines,
            frozen_columns=2,
        ),
        Sheet(
            title=_("所属別"),
            columns=[
                Column(_("自治体コード")),
                Column(_("自治体")),
                Column(_("所属")),
                *figure_columns(),
            ],
            rows=department_rows(report),
            heading=heading,
            lines=lines,
            frozen_columns=3,
        ),
    ]
    if report.names_allowed:
        made.append(
            Sheet(
                title=_("未修了者"),
                columns=[
                    Column(_("自治体")),
                    Column(_("所属")),
                    Column(_("職員番号")),
                    Column(_("氏名")),
                    Column(_("状況")),
                    Column(_("期限")),
                ],
                rows=not_done_rows(not_done, report),
                heading=heading,
                lines=[*lines, _("個人の情報です。取り扱いに注意してください。")],
                frozen_columns=4,
            )
        )
    return made


def export(
    report: Report, not_done: Iterable[Assignee], file_format: str, scope_label: str
) -> tuple[bytes, str]:
    """The file: (content, content type). CSV is the departments' table."""
    made = sheets(report, not_done, scope_label)
    if file_format == "xlsx":
        return spreadsheets.xlsx_bytes(*made), spreadsheets.CONTENT_TYPES["xlsx"]
    return spreadsheets.csv_bytes(made[1]), spreadsheets.CONTENT_TYPES["csv"]
