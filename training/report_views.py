"""The pages and API of assignment reports and the supervisors' view: who may read what is
asked of training.access, the figures of reports.py, files of report_export.py."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organisation import audit
from organisation.access import own_staff_profile
from skills import privacy

from . import access, api, report_export, reports, team
from .models import Assignment

NAMES_PER_PAGE = 100


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    return access.visible_assignment(request.user, assignment_id)


@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    """The assignments the user may report on, each with its figures in their scope."""
    scope = access.report_scope(request.user)
    assignments = access.visible_assignments(request.user).select_related("course", "path")
    context = {
        "reports": reports.reports(request.user, assignments),
        "scope": scope,
        "threshold": privacy.threshold(),
    }
    return render(request, "training/assignment_list.html", context)


@require_GET
def assignment_report(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """One assignment by municipality and department; those not done, by name, for whom
    `access.may_see_assignee_names` allows (logged)."""
    assignment = _assignment(request, assignment_id)
    report = reports.report(request.user, assignment)
    page = None
    if report.names_allowed:
        page = Paginator(reports.not_done(report), NAMES_PER_PAGE).get_page(request.GET.get("page"))
        audit.record(
            request.user,
            "training.report.names",
            assignment.title,
            assignment=assignment.pk,
            municipalities=[municipality.code for municipality in report.names_allowed],
            page=page.number,
            people=len(page.object_list),
        )
    context = {
        "report": report,
        "not_done": page,
        "scope": access.report_scope(request.user),
        "threshold": privacy.threshold(),
        "statuses": reports.status_labels(),
        "can_remind": page is not None and access.may_remind(request.user, assignment),
    }
    return render(request, "training/assignment_report.html", context)


@require_GET
def assignment_export(request: HttpRequest, assignment_id: int, file_format: str) -> HttpResponse:
    """The report as XLSX (or CSV): the page's figures, and the names where the page shows
    them; logged."""
    if file_format not in report_export.FORMATS:
        raise Http404
    assignment = _assignment(request, assignment_id)
    report = reports.report(request.user, assignment)
    scope = access.report_scope(request.user)
    content, content_type = report_export.export(
        report, reports.not_done(report).iterator(), file_format, scope.label
    )
    audit.record(
        request.user,
        "training.report.export",
        assignment.title,
        assignment=assignment.pk,
        format=file_format,
        names=[municipality.code for municipality in report.names_allowed],
        bytes=len(content),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="assignment-{assignment.pk}.{file_format}"'
    )
    return response


@require_GET
def team_view(request: HttpRequest) -> HttpResponse:
    """A supervisor's own department: each person's assignments, progress and due dates;
    logged as a view of individual data."""
    people = access.team_staff(request.user)
    members = team.team_progress(people, reports.today())
    supervisor = own_staff_profile(request.user)
    department = supervisor.department.name if supervisor.department_id else ""
    audit.record(
        request.user,
        "training.team.view",
        f"{supervisor.municipality.code} {department}",
        people=len(members),
    )
    return render(request, "training/team.html", {"members": members, "supervisor": supervisor})


def _json_denied(denied: PermissionDenied) -> JsonResponse:
    return JsonResponse({"error": str(denied)}, status=403)


@require_GET
def assignments_api(request: HttpRequest) -> JsonResponse:
    """GET /api/v1/assignments/ (DESIGN.md)."""
    try:
        assignments = access.visible_assignments(request.user).select_related("course", "path")
    except PermissionDenied as denied:
        return _json_denied(denied)
    data = api.listing(reports.reports(request.user, assignments))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def assignment_api(request: HttpRequest, assignment_id: int) -> JsonResponse:
    """GET /api/v1/assignments/ID/ (DESIGN.md)."""
    try:
        assignment = _assignment(request, assignment_id)
    except PermissionDenied as denied:
        return _json_denied(denied)
    data = api.detail(reports.report(request.user, assignment))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
