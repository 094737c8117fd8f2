"""Revoking a certificate in the Wagtail admin: a confirmation with a reason, then the act."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisation import audit

from . import revocation


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("取り消しの理由"),
        max_length=200,
        help_text=gettext_lazy("例: 誤って発行したため。監査ログに記録されます。"),
    )


def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's scope or no permission: the certificate is not there for them.
    certificate = revocation.revocable(request.user, pk)
    if certificate is None:
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "GET":
        audit.record(request.user, "certificate.view", certificate.serial)
    if request.method == "POST" and certificate.valid and form.is_valid():
        revocation.revoke(certificate, request.user, form.cleaned_data["reason"])
        messages.success(
            request, _("修了証 %(serial)s を取り消しました。") % {"serial": certificate.serial}
        )
        return redirect("certificates_admin:index")
    return TemplateResponse(
        request,
        "certificates/admin/revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "page_title": _("修了証の取り消し"),
        },
    )
