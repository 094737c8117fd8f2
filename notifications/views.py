from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import kinds, notices, preferences, unsubscribe


@require_http_methods(["GET", "POST"])
def notice_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notices.mark_all_read(request.user)
        return redirect("notice_list")
    page = Paginator(notices.notices_of(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/notice_list.html", {"page": page})


def notice_open(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = notices.open_notice(request.user, notice_id)
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.url)
    return redirect("notice_list")


@require_http_methods(["GET", "POST"])
def notice_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        for kind in kinds.all_kinds():
            preferences.choose(
                request.user,
                kind.code,
                by_mail=f"mail-{kind.code}" in request.POST,
                on_site=f"site-{kind.code}" in request.POST,
            )
        messages.success(request, _("お知らせの設定を保存しました。"))
        return redirect("notice_settings")
    return render(
        request,
        "notifications/settings.html",
        {"rows": preferences.settings_of(request.user)},
    )


# The link in a mail works without signing in, and mail clients send RFC 8058's one-click POST
# with no cookie and no CSRF token: the signed token in the address is the authority, and all it
# can do is turn one kind of mail off.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    wanted = unsubscribe.read(token)
    if wanted is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind = kinds.get(wanted.kind)
    context = {"kind_label": kind.label if kind else wanted.kind}
    if request.method == "POST":
        if not unsubscribe.unsubscribe(wanted):
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)
