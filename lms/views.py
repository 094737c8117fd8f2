"""Sign-in, sign-out and each role's landing page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator

from organisation.roles import can_use_admin, can_view_portfolio


def home_url_for(user) -> str:
    """Where a user lands after sign-in: officers the admin, HR the portfolio, staff courses."""
    if can_use_admin(user):
        return "/admin/"
    if can_view_portfolio(user):
        return "/portfolio/"
    return "/my/"


def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user))


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "lms/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)


class LogoutView(auth_views.LogoutView):
    pass
