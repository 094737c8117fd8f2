from django.core.exceptions import PermissionDenied

from .roles import can_use_admin

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
