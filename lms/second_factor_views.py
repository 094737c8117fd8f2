"""The pages of the second factor: enrol an authenticator app, and give its code at sign-in."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django_otp import user_has_device

from organisation.signin import second_factor_required

from .second_factor import (
    confirm_enrolment,
    enrolment_device,
    qr_svg,
    typed_key,
    verify_sign_in,
)
from .views import home_url_for

ENROLLED = gettext_lazy("二段階認証を設定しました。次回からログイン時に確認コードを入力します。")
WRONG_CODE = gettext_lazy(
    "確認コードが正しくありません。アプリに表示されている最新のコードを入力してください。"
)


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("確認コード（6桁）"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def next_url(request: HttpRequest) -> str:
    """Where to go once the code is given: the page asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return home_url_for(request.user)


def enrol(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code, then confirm one code from the app."""
    already = user_has_device(request.user)
    if already and not request.user.is_verified():
        # A password alone must not add a device: whoever holds an enrolled app gives its code.
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': next_url(request)})}")
    device = enrolment_device(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        if confirm_enrolment(request, device, form.cleaned_data["code"]):
            messages.success(request, str(ENROLLED))
            return redirect(next_url(request))
        form.add_error("code", str(WRONG_CODE))
    context = {
        "form": form,
        "qr_svg": qr_svg(device),
        "typed_key": typed_key(device),
        "already": already,
        "required": second_factor_required(request.user),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "lms/two_factor_enrol.html", context)


def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the person's authenticator app."""
    if not user_has_device(request.user):
        return redirect("two_factor_enrol")
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        if verify_sign_in(request, form.cleaned_data["code"]):
            return redirect(next_url(request))
        form.add_error("code", str(WRONG_CODE))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "lms/two_factor_verify.html", context)
