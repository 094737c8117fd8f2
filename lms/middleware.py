from django.core.exceptions import PermissionDenied
from django.utils import translation

from common.language import chosen_language
from organisation.roles import can_use_admin

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
