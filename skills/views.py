"""The talent portfolio's pages, API and downloads: who may read what is asked of
organisation.access, the figures of portfolio_read.py, their arrangement of
portfolio_display.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common import date_display
from organisation import access, audit
from organisation.models import Department, Municipality

from . import portfolio_display, portfolio_export, portfolio_read
from .portfolio_filters import BadFilter, Filters, parse_filters


def _filters(request: HttpRequest) -> Filters:
    """The request's filters; a bad value is reported and the defaults are used instead."""
    try:
        return parse_filters(request.GET)
    except BadFilter as error:
        messages.error(request, str(error))
        return parse_filters({})


def _municipality_in_scope(request: HttpRequest, code: str) -> Municipality:
    scope = access.portfolio_scope(request.user)
    municipality = get_object_or_404(Municipality, code=code)
    scope.require(municipality)
    return municipality


def portfolio_home(request: HttpRequest) -> HttpResponse:
    """HR's dashboard: the heatmap, the tile map, trends, learning activity and courses."""
    visible = access.portfolio_scope(request.user).municipalities()
    context = portfolio_display.home(_filters(request), visible, date_display.style_of(request))
    context["can_export"] = access.may_export_portfolio(request.user)
    return render(request, "skills/portfolio_home.html", context)


def portfolio_municipality(request: HttpRequest, code: str) -> HttpResponse:
    """Drill-down: one municipality's departments × skills."""
    municipality = _municipality_in_scope(request, code)
    context = portfolio_display.municipality_page(
        municipality,
        _filters(request),
        access.portfolio_scope(request.user).municipalities(),
        date_display.style_of(request),
        may_see_names=access.may_see_names(request.user, municipality),
    )
    context["can_export"] = access.may_export_portfolio(request.user)
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
    data = portfolio_read.people(municipality, unit.pk if unit else None, filters.framework)
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
        "can_export": access.may_export_portfolio(request.user),
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
        filters = parse_filters(request.GET)
    except BadFilter as error:
        return JsonResponse({"error": str(error)}, status=400)
    data = portfolio_read.heatmap(filters, visible)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def portfolio_download(request: HttpRequest, view: str, file_format: str) -> HttpResponse:
    """Any dashboard view as XLSX or CSV; written to the audit log."""
    visible = access.portfolio_export_scope(request.user).municipalities()
    if view not in portfolio_export.TABLES or file_format not in portfolio_export.FORMATS:
        raise Http404
    try:
        filters = parse_filters(request.GET)
    except BadFilter as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    target = request.GET.get("municipality", "")
    municipality = unit = None
    if view in ("departments", "people"):
        municipality = _municipality_in_scope(request, target)
    if view == "people":
        access.require_names(request.user, municipality)
        unit = _department(municipality, request.GET.get("department", ""))
    data = portfolio_read.table(view, filters, visible, municipality, unit.pk if unit else None)
    place = ""
    if municipality is not None:
        place = municipality.name
        if view == "people":
            place = f"{municipality.name} {unit.name if unit else _('所属なし')}"
    content, content_type, extension = portfolio_export.export(
        view, data, file_format, portfolio_export.About(filters, place)
    )
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
