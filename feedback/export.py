"""The results of one course as an XLSX workbook: lessons' ratings, survey questions, comments.

The same figures the results page shows, withheld the same way (秘匿), written by
common.spreadsheets so the file reads like every other export.
"""

from django.utils.translation import gettext as _

from common import spreadsheets
from common.spreadsheets import WITHHELD, Column, Kind, Sheet
from courses.models import CoursePage
from organisation.access import Scope
from skills.privacy import threshold

from .models import QuestionKind
from .ratings import SCORE_LABELS
from .results import POINTS, lesson_results, survey_results


def privacy_line() -> str:
    return _(
        "個人が特定されないよう、%(threshold)s人未満の回答の平均・分布・コメントは"
        "「秘匿」としています。コメントは投稿者・日時を伏せ、文の順に並べています。"
    ) % {"threshold": threshold()}


def header_lines(scope: Scope) -> list[str]:
    return [
        _("対象：%(scope)sの職員の回答") % {"scope": scope.label},
        spreadsheets.made_at_line(),
        privacy_line(),
    ]


def lessons_sheet(course: CoursePage, scope: Scope, heading: str) -> Sheet:
    columns = [
        Column(_("レッスン")),
        Column(_("評価数"), Kind.NUMBER),
        Column(_("平均（5段階）"), Kind.LEVEL),
        *(Column(f"{point}: {SCORE_LABELS[point]}", Kind.NUMBER) for point in POINTS),
    ]
    rows = []
    for result in lesson_results(course, scope):
        figures = result.figures
        if figures.withheld:
            rows.append([result.lesson.title, figures.count, WITHHELD, *(WITHHELD for _ in POINTS)])
        else:
            rows.append(
                [
                    result.lesson.title,
                    figures.count,
                    figures.mean,
                    *(n for _, n in figures.distribution),
                ]
            )
    return Sheet(
        _("レッスンの評価"),
        columns,
        rows,
        heading=heading,
        lines=header_lines(scope),
        frozen_columns=1,
    )


def surveys_sheet(course: CoursePage, scope: Scope, heading: str) -> Sheet:
    columns = [
        Column(_("アンケート")),
        Column(_("質問")),
        Column(_("回答の形式")),
        Column(_("回答数"), Kind.NUMBER),
        Column(_("平均（5段階）"), Kind.LEVEL),
        Column(_("選択肢")),
        Column(_("人数"), Kind.NUMBER),
    ]
    rows = []
    for result in survey_results(course, scope):
        for item in result.questions:
            question, figures = item.question, item.figures
            start = [result.survey.title, question.text, question.get_kind_display(), figures.count]
            if figures.withheld:
                rows.append(
                    [
                        *start,
                        WITHHELD if question.kind == QuestionKind.SCALE else None,
                        WITHHELD,
                        WITHHELD,
                    ]
                )
            elif not figures.distribution:
                rows.append([*start, None, None, None])
            for option, n in figures.distribution:
                rows.append([*start, figures.mean, option, n])
    return Sheet(
        _("アンケート"), columns, rows, heading=heading, lines=header_lines(scope), frozen_columns=2
    )


def comments_sheet(course: CoursePage, scope: Scope, heading: str) -> Sheet:
    columns = [Column(_("対象")), Column(_("コメント・自由記述"))]
    rows = [
        [_("レッスン「%(title)s」") % {"title": result.lesson.title}, comment]
        for result in lesson_results(course, scope)
        for comment in result.figures.comments
    ]
    rows += [
        [f"{result.survey.title}：{item.question.text}", text]
        for result in survey_results(course, scope)
        for item in result.questions
        for text in item.figures.comments
    ]
    return Sheet(_("コメント"), columns, rows, heading=heading, lines=header_lines(scope))


def workbook(course: CoursePage, scope: Scope) -> bytes:
    heading = _("講座「%(title)s」の評価とアンケート") % {"title": course.title}
    return spreadsheets.xlsx_bytes(
        lessons_sheet(course, scope, heading),
        surveys_sheet(course, scope, heading),
        comments_sheet(course, scope, heading),
    )
