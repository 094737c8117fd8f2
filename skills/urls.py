from django.urls import path

from . import views

urlpatterns = [
    path("portfolio/", views.portfolio_home, name="portfolio_home"),
    path("portfolio/m/<str:code>/", views.portfolio_municipality, name="portfolio_municipality"),
    path(
        "portfolio/m/<str:code>/d/<str:department>/",
        views.portfolio_people,
        name="portfolio_people",
    ),
    path(
        "portfolio/export/<str:view>.<str:file_format>",
        views.portfolio_download,
        name="portfolio_download",
    ),
    path("api/v1/portfolio/", views.portfolio_api, name="portfolio_api"),
]
