from django.urls import path

from . import roster_views

urlpatterns = [
    path("", roster_views.roster_home, name="roster_home"),
    path("confirm/", roster_views.roster_confirm, name="roster_confirm"),
    path("export/", roster_views.roster_download, name="roster_download"),
]
