from django.urls import path

from . import views

urlpatterns = [
    path("", views.roster_home, name="roster_home"),
    path("confirm/", views.roster_confirm, name="roster_confirm"),
    path("export/", views.roster_download, name="roster_download"),
]
