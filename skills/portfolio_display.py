"""The portfolio's pages as people see them: the charts' data (heatmap, tile map, trends), the
heatmap tables' rows with their links, labels in the person's calendar, and the filters' choices.

The figures come from portfolio_read.py as the API gives them; this module only arranges them
for the templates and ECharts, so a page and the API never disagree about a number.
"""

from django.db.models import Max, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from common import date_display
from organisation.models import Department, Municipality

from . import portfolio_read, tilemap
from .models import PortfolioSnapshot, RoleProfile
from .portfolio_activity import course_effectiveness, learning_activity
from .portfolio_filters import Filters, filtered_municipalities
from .portfolio_periods import fiscal_years_between
from .templatetags.portfolio_tags import level, percent


def _shown_key(indicator: str) -> str:
    """The figure a page shows for the chosen indicator."""
    return "at_target" if indicator == "target" else "mean_level"


def tiles(data: dict, indicator: str) -> list[dict]:
    """The tile map of the heatmap's municipalities, coloured by their summary figure."""
    key = _shown_key(indicator)
    values = [row["summary"][key] for row in data["municipalities"]]
    present = [value for value in values if value is not None]
    low, high = (
        (0.0, 1.0) if key == "at_target" else (min(present, default=0), max(present, default=1))
    )
    shown = []
    for row, value in zip(data["municipalities"], values, strict=True):
        column, line = tilemap.TILES.get(row["code"], (0, 11))
        background, ink = tilemap.tile_colour(value, low, high)
        shown.append(
            {
                "code": row["code"],
                "name": row["name"],
                "value": value,
                "percent": key == "at_target",
                "column": column + 1,
                "row": line + 1,
                "background": background,
                "ink": ink,
            }
        )
    return shown


def fiscal_year_choices(style: str) -> list[tuple[str, str]]:
    """The fiscal years with trend figures, and the current one, newest first."""
    today = timezone.localdate()
    span = PortfolioSnapshot.objects.aggregate(first=Min("month"), last=Max("month"))
    first = min(span["first"] or today, today)
    last = max(span["last"] or today, today)
    return [
        (str(year), date_display.show_fiscal_year(year, style))
        for year in fiscal_years_between(first, last)
    ]


def labelled_trends(rows: list[dict], style: str) -> list[dict]:
    """Each trend row with the label of its month or fiscal year in the person's calendar."""
    for row in rows:
        row["label"] = (
            date_display.show_month(row["month"], style)
            if row["month"]
            else date_display.show_fiscal_year(row["fiscal_year"], style)
        )
    return rows


def filter_choices(visible: QuerySet[Municipality], style: str) -> dict:
    """The choices of the filter form: fiscal years, roles, kinds, regions, and the names of the
    departments of the municipalities the person may read."""
    return {
        "fiscal_years": fiscal_year_choices(style),
        "roles": RoleProfile.objects.order_by("name"),
        "kinds": Municipality.Kind.choices,
        "regions": Municipality.Region.choices,
        "department_names": Department.objects.filter(municipality__in=visible)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct(),
    }


def chart_labels() -> dict:
    return {
        "value": _("値"),
        "hidden": _("秘匿"),
        "meanLevel": _("平均レベル"),
        "atTarget": _("目標達成率（%）"),
        "hours": _("視聴時間（時間）"),
        "lessons": _("修了したレッスン数"),
        "passed": _("合格したテスト数"),
        "before": _("受講前"),
        "after": _("現在"),
    }


def basis_labels() -> dict[str, str]:
    """Short labels of the bases for a cell's counts (the legend under each table spells them)."""
    return {
        "assessed": _("テスト"),
        "confirmed": _("確認"),
        "self_assessed": _("自己"),
        "learned": _("学習"),
    }


def basis_html(counts: dict) -> str:
    labels = basis_labels()
    parts = [
        f"{escape(labels[basis])} {'＊' if count is None else count}"
        for basis, count in counts.items()
    ]
    return f'<small class="basis-counts">{"／".join(parts)}</small>'


def cells_html(cells: list[dict], indicator: str) -> SafeString:
    """A heatmap row's table cells, built here because thousands of template nodes are slow.

    Each shown cell says how many of its people each basis of their level backs."""
    hidden = f'<td class="is-suppressed">{escape(_("秘匿"))}</td>'
    key = _shown_key(indicator)
    show = percent if key == "at_target" else level
    return mark_safe(  # every text below is a number or an escaped label
        "".join(
            hidden
            if cell["suppressed"]
            else f"<td>{show(cell[key])}{basis_html(cell['basis'])}</td>"
            if cell["n"]
            else f'<td class="is-empty">{show(cell[key])}</td>'
            for cell in cells
        )
    )


def heatmap_chart(data: dict, rows_key: str, indicator: str) -> dict:
    """The heatmap as ECharts reads it: [skill index, row index, value] plus withheld cells."""
    key = _shown_key(indicator)
    values, hidden = [], []
    for y, row in enumerate(data[rows_key]):
        for x, cell in enumerate(row["cells"]):
            if cell["suppressed"]:
                hidden.append([x, y])
            elif cell[key] is not None:
                values.append([x, y, round(cell[key] * 100) if key == "at_target" else cell[key]])
    return {
        "rows": [row["name"] for row in data[rows_key]],
        "skills": [skill["name"] for skill in data["skills"]],
        "values": values,
        "hidden": hidden,
        "percent": key == "at_target",
        "max": 100 if key == "at_target" else 5,
        "hiddenLabel": _("秘匿"),
        "height": 160 + 24 * len(data[rows_key]),
    }


def municipality_rows(data: dict, filters: Filters, query_string: str) -> list[dict]:
    """The heatmap's municipalities as table rows, each linking to its departments."""
    for row in data["municipalities"]:
        row["cells_html"] = cells_html(row["cells"], filters.indicator)
        row["link"] = f"{reverse('portfolio_municipality', args=[row['code']])}?{query_string}"
    return data["municipalities"]


def department_rows(
    data: dict, filters: Filters, query_string: str, may_see_names: bool
) -> list[dict]:
    """One municipality's departments as table rows; a department links to its people only for
    someone who may see their names."""
    code = data["municipality"]["code"]
    for row in data["departments"]:
        row["cells_html"] = cells_html(row["cells"], filters.indicator)
        row["link"] = (
            f"{reverse('portfolio_people', args=[code, row['id'] or 'none'])}?{query_string}"
            if may_see_names and not row["total"]
            else ""
        )
    return data["departments"]


def home(filters: Filters, visible: QuerySet[Municipality], style: str) -> dict:
    """What HR's dashboard shows: the heatmap and its table, the tile map, trends, learning
    activity and the courses' effect, within `visible` and the filters."""
    query_string = urlencode(filters.as_params())
    data = portfolio_read.heatmap(filters, visible)
    in_view = filtered_municipalities(filters, visible)
    activity = learning_activity(in_view)
    return {
        "filters": filters,
        "query_string": query_string,
        "data": data,
        "rows": municipality_rows(data, filters, query_string),
        "heatmap_chart": heatmap_chart(data, "municipalities", filters.indicator),
        "chart_labels": chart_labels(),
        "tiles": tiles(data, filters.indicator),
        "trends": labelled_trends(portfolio_read.trends(filters, visible), style),
        "activity": activity,
        "activity_height": 100 + 28 * len(activity),
        "effectiveness": course_effectiveness(in_view, filters.period),
        "skill_names": {skill["id"]: skill["name"] for skill in data["skills"]},
        **filter_choices(visible, style),
    }


def municipality_page(
    municipality: Municipality,
    filters: Filters,
    visible: QuerySet[Municipality],
    style: str,
    may_see_names: bool,
) -> dict:
    """What one municipality's drill-down shows: its departments × skills."""
    query_string = urlencode(filters.as_params())
    data = portfolio_read.departments(municipality, filters)
    return {
        "municipality": municipality,
        "filters": filters,
        "query_string": query_string,
        "data": data,
        "rows": department_rows(data, filters, query_string, may_see_names),
        "heatmap_chart": heatmap_chart(data, "departments", filters.indicator),
        "chart_labels": chart_labels(),
        "may_see_names": may_see_names,
        **filter_choices(visible, style),
    }
