"""Sign-in, sign-out and each role's landing page."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import defaults

from courses.heartbeat import TOO_LARGE, UNREADABLE
from organisation.roles import can_use_admin, can_view_portfolio


def home_url_for(user) -> str:
    """Where a user lands after sign-in: officers the admin, HR the portfolio, staff courses."""
    if can_use_admin(user):
        return "/admin/"
    if can_view_portfolio(user):
        return "/portfolio/"
    return "/my/"


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django could not read (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many form
    fields): the API answers in JSON, as its clients expect; pages keep Django's page."""
    if request.path.startswith("/api/"):
        message = TOO_LARGE if isinstance(exception, RequestDataTooBig) else UNREADABLE
        return JsonResponse({"error": str(message)}, status=400)
    return defaults.bad_request(request, exception)


def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user))


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "lms/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a sign-in while locked (AXES_LOCKOUT_CALLABLE), in Japanese."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
    }
    return render(request, "lms/locked_out.html", context, status=429)


class LogoutView(auth_views.LogoutView):
    pass
