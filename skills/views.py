from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@permission_required("lms.view_portfolio", raise_exception=True)
def portfolio_home(request: HttpRequest) -> HttpResponse:
    """HR's entry point; the skill map itself arrives with the portfolio issue."""
    return render(request, "skills/portfolio_home.html")
