import time
from urllib.parse import urlencode

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from common.language import chosen_language
from organisation.roles import can_use_admin
from organisation.signin import idle_too_long, note_activity, second_factor_pending

SECOND_FACTOR_FIRST = _("確認コード（二段階認証）を入力してから続けてください。")

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")


class AdminAccessMiddleware:
    """Signed-in users without admin rights get 403 on the admin, not a login loop."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            path.startswith(ADMIN_PREFIXES)
            and not path.startswith(ADMIN_LOGIN_PATHS)
            and request.user.is_authenticated
            and not can_use_admin(request.user)
            and not request.user.is_staff
        ):
            raise PermissionDenied
        return self.get_response(request)


class JapaneseFirstLocaleMiddleware:
    """Japanese unless the person chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
    anyone whose PC came with an English browser; here only the switch (its cookie) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        request.LANGUAGE_CODE = language
        # override, not activate: the thread goes back to Japanese when the request is done.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SessionIdleTimeoutMiddleware:
    """A sign-in unused for SESSION_IDLE_TIMEOUT seconds ends: the next page asks for the
    password again (LoginRequiredMiddleware, after this one, sends the person to sign in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            if idle_too_long(request.session, now):
                logout(request)
            else:
                note_activity(request.session, now)
        return self.get_response(request)


# What a person who still owes a one-time code may open: the code's own pages, signing out,
# and what those pages load.
SECOND_FACTOR_OPEN_PATHS = ("/accounts/", "/static/", "/jsi18n/", "/i18n/")


class SecondFactorMiddleware:
    """A session that owes its one-time code reaches nothing else: pages go to the code (or, for
    someone without a device yet, to enrolment) and come back; the API answers 403 in JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(SECOND_FACTOR_OPEN_PATHS) or not second_factor_pending(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"error": str(SECOND_FACTOR_FIRST)}, status=403)
        step = "two_factor_verify" if user_has_device(request.user) else "two_factor_enrol"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy on the site; the admin's own, looser one under the admin's paths.

    Wagtail renders a preview by sending a made-up request for the previewed object's own URL
    through the middleware; that response is framed by the admin's preview panel, so it gets the
    admin's policy (frame-ancestors 'self') too."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        in_admin = request.path.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
        if not report_only and (in_admin or getattr(request, "is_preview", False)):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN
        return parts


class PermissionsPolicyMiddleware:
    """The browser features no page of the site uses are switched off (PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
