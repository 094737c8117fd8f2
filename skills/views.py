from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common import date_display
from organisation import access, audit
from organisation.models import Department, Municipality

from . import portfolio, portfolio_export, tilemap
from .models import PortfolioSnapshot, RoleProfile
from .portfolio_activity import course_effectiveness, learning_activity
from .portfolio_periods import fiscal_years_between
from .templatetags.portfolio_tags import level, percent


def _filters(request: HttpRequest) -> portfolio.Filters:
    """The request's filters; a bad value is reported and the defaults are used instead."""
    try:
        return portfolio.parse_filters(request.GET)
    except portfolio.BadFilter as error:
        messages.error(request, str(error))
        return portfolio.parse_filters({})


def _municipality_in_scope(request: HttpRequest, code: str) -> Municipality:
    scope = access.portfolio_scope(request.user)
    municipality = get_object_or_404(Municipality, code=code)
    scope.require(municipality)
    return municipality


def _tiles(data: dict, indicator: str) -> list[dict]:
    key = "at_target" if indicator == "target" else "mean_level"
    values = [row["summary"][key] for row in data["municipalities"]]
    present = [value for value in values if value is not None]
    low, high = (
        (0.0, 1.0) if key == "at_target" else (min(present, default=0), max(present, default=1))
    )
    tiles = []
    for row, value in zip(data["municipalities"], values, strict=True):
        column, line = tilemap.TILES.get(row["code"], (0, 11))
        background, ink = tilemap.tile_colour(value, low, high)
        tiles.append(
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
    return tiles


def _fiscal_year_choices(style: str) -> list[tuple[str, str]]:
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


def _filter_choices(request: HttpRequest) -> dict:
    visible = access.portfolio_scope(request.user).municipalities()
    return {
        "fiscal_years": _fiscal_year_choices(date_display.style_of(request)),
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


def cells_html(cells: list[dict], indicator: str) -> str:
    """A heatmap row's table cells, built here because thousands of template nodes are slow.

    Each shown cell says how many of its people each basis of their level backs."""
    hidden = f'<td class="is-suppressed">{escape(_("秘匿"))}</td>'
    key, show = ("at_target", percent) if indicator == "target" else ("mean_level", level)
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
    key = "at_target" if indicator == "target" else "mean_level"
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


def portfolio_home(request: HttpRequest) -> HttpResponse:
    """HR's dashboard: the heatmap, the tile map, trends, learning activity and courses."""
    visible = access.portfolio_scope(request.user).municipalities()
    filters = _filters(request)
    data = portfolio.heatmap(filters, visible)
    for row in data["municipalities"]:
        row["cells_html"] = cells_html(row["cells"], filters.indicator)
    in_view = portfolio.filtered_municipalities(filters, visible)
    activity = learning_activity(in_view)
    context = {
        "filters": filters,
        "query_string": urlencode(filters.as_params()),
        "data": data,
        "heatmap_chart": heatmap_chart(data, "municipalities", filters.indicator),
        "chart_labels": chart_labels(),
        "tiles": _tiles(data, filters.indicator),
        "trends": labelled_trends(
            portfolio.trends(filters, visible), date_display.style_of(request)
        ),
        "activity": activity,
        "activity_height": 100 + 28 * len(activity),
        "effectiveness": course_effectiveness(in_view, filters.period),
        "skill_names": {skill["id"]: skill["name"] for skill in data["skills"]},
        "can_export": request.user.has_perm("skills.export_portfolio"),
        **_filter_choices(request),
    }
    return render(request, "skills/portfolio_home.html", context)


def portfolio_municipality(request: HttpRequest, code: str) -> HttpResponse:
    """Drill-down: one municipality's departments × skills."""
    municipality = _municipality_in_scope(request, code)
    filters = _filters(request)
    data = portfolio.departments(municipality, filters)
    for row in data["departments"]:
        row["cells_html"] = cells_html(row["cells"], filters.indicator)
    context = {
        "municipality": municipality,
        "filters": filters,
        "query_string": urlencode(filters.as_params()),
        "data": data,
        "heatmap_chart": heatmap_chart(data, "departments", filters.indicator),
        "chart_labels": chart_labels(),
        "may_see_names": access.may_see_names(request.user, municipality),
        "can_export": request.user.has_perm("skills.export_portfolio"),
        **_filter_choices(request),
    }
    return render(request, "skills/portfolio_municipality.html", context)


def _department(municipality: Municipality, department: str) -> Department | None:
    if department == "none":
        return None
    if not department.isdigit():
        raise Http404
    return get_object_or_404(Department, pk=int(department), municipality=municipality)


def portfolio_people(request: HttpRequest, code: str, department: str) -> HttpResponse:
    """Drill-down to people: names only for HR of that municipality; every view is audited."""
    municipality = _municipality_in_scope(request, code)
    access.require_names(request.user, municipality)
    unit = _department(municipality, department)
    filters = _filters(request)
    data = portfolio.people(municipality, unit.pk if unit else None, filters.framework)
    audit.record(
        request.user,
        "portfolio.people.view",
        f"{municipality.code} {unit.name if unit else _('所属なし')}",
        department=unit.pk if unit else None,
        people=len(data["people"]),
    )
    context = {
        "municipality": municipality,
        "department": unit,
        "department_key": department,
        "filters": filters,
        "query_string": urlencode(filters.as_params()),
        "data": data,
        "can_export": request.user.has_perm("skills.export_portfolio"),
    }
    return render(request, "skills/portfolio_people.html", context)


@require_GET
def portfolio_api(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/portfolio/: the heatmap behind the dashboard (see DESIGN.md)."""
    try:
        visible = access.portfolio_scope(request.user).municipalities()
    except PermissionDenied as denied:
        return JsonResponse({"error": str(denied)}, status=403)
    try:
        filters = portfolio.parse_filters(request.GET)
    except portfolio.BadFilter as error:
        return JsonResponse({"error": str(error)}, status=400)
    data = portfolio.heatmap(filters, visible)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@permission_required("skills.export_portfolio", raise_exception=True)
def portfolio_download(request: HttpRequest, view: str, file_format: str) -> HttpResponse:
    """Any dashboard view as XLSX or CSV; written to the audit log."""
    visible = access.portfolio_scope(request.user).municipalities()
    if view not in portfolio_export.TABLES or file_format not in portfolio_export.FORMATS:
        raise Http404
    try:
        filters = portfolio.parse_filters(request.GET)
    except portfolio.BadFilter as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    target = request.GET.get("municipality", "")
    if view == "heatmap":
        data = portfolio.heatmap(filters, visible)
    elif view == "trends":
        data = portfolio.trends(filters, visible)
    elif view == "activity":
        data = learning_activity(portfolio.filtered_municipalities(filters, visible))
    elif view == "effectiveness":
        data = course_effectiveness(
            portfolio.filtered_municipalities(filters, visible), filters.period
        )
    else:
        municipality = _municipality_in_scope(request, target)
        if view == "departments":
            data = portfolio.departments(municipality, filters)
        else:
            access.require_names(request.user, municipality)
            unit = _department(municipality, request.GET.get("department", ""))
            data = portfolio.people(municipality, unit.pk if unit else None, filters.framework)
    content, content_type, extension = portfolio_export.export(view, data, file_format)
    audit.record(
        request.user,
        "portfolio.export",
        view,
        format=file_format,
        filters=filters.as_params(),
        municipality=target,
        department=request.GET.get("department", ""),
        bytes=len(content),
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"portfolio-{view}{'-' + target if target else ''}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
