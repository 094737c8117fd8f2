from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import date_display


@login_not_required
@require_POST
def set_date_style(request: HttpRequest) -> HttpResponse:
    """Keep the person's choice of 西暦 or 和暦 in a cookie and go back to the page."""
    style = request.POST.get("style", "")
    if style not in date_display.STYLES:
        return HttpResponseBadRequest(
            _("日付の表記は西暦か和暦を選んでください。"), content_type="text/plain; charset=utf-8"
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        date_display.COOKIE,
        style,
        max_age=date_display.COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
