"""The certificate pages: issuing on request, the holder's download, the public verification."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.models import CoursePage
from organisation import audit
from organisation.signin import client_address
from training.models import Assignment

from . import issuing, pdf, verification
from .models import Certificate

logger = logging.getLogger(__name__)


@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    """Issue the signed-in person's certificate for a course or an assignment they completed."""
    back = reverse("my_learning") + "#certificates"
    try:
        if request.POST.get("kind") == "assignment":
            assignment = Assignment.objects.filter(pk=_id(request)).first()
            if assignment is None:
                raise issuing.CannotIssue(_not_found())
            certificate = issuing.issue_for_assignment(request.user, assignment)
        else:
            course = CoursePage.objects.live().filter(pk=_id(request)).first()
            if course is None:
                raise issuing.CannotIssue(_not_found())
            certificate = issuing.issue_for_course(request.user, course)
    except issuing.CannotIssue as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    audit.record(request.user, "certificate.issue", certificate.serial)
    messages.success(request, _issued(certificate))
    return redirect(back)


def _id(request: HttpRequest) -> int:
    value = request.POST.get("id", "")
    return int(value) if value.isdigit() else 0


def _not_found() -> str:
    return _("修了証を発行する講座・研修が見つかりません。")


def _issued(certificate: Certificate) -> str:
    return _("修了証（%(serial)s）を発行しました。") % {"serial": certificate.serial}


@require_GET
@never_cache
def download(request: HttpRequest, serial: str) -> HttpResponse:
    """The holder's own certificate as a PDF; anyone else, or a revoked one, is not found."""
    certificate = get_object_or_404(
        Certificate, serial=serial, holder=request.user, revoked_at__isnull=True
    )
    try:
        content = pdf.render(certificate)
    except pdf.FontMissing as missing:
        logger.error("certificate %s not drawn: %s", serial, missing)
        return render(request, "certificates/unavailable.html", status=503)
    audit.record(request.user, "certificate.download", certificate.serial)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.serial}.pdf"'
    return response


@login_not_required
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: whether a certificate is valid, and nothing else (no name, no course)."""
    wait = verification.seconds_until_allowed(client_address(request) or "unknown")
    if wait:
        response = render(request, "certificates/verify.html", {"limited": True}, status=429)
        response["Retry-After"] = str(wait)
        return response
    valid = verification.is_valid(token)
    response = render(
        request, "certificates/verify.html", {"valid": valid}, status=200 if valid else 404
    )
    # The answer changes when a certificate is revoked: no cache may keep an old "valid".
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
