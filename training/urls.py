from django.urls import path

from . import views

urlpatterns = [
    path("", views.assignment_list, name="assignment_list"),
    path("team/", views.team_view, name="training_team"),
    path("<int:assignment_id>/", views.assignment_report, name="assignment_report"),
    path(
        "<int:assignment_id>/export.<str:file_format>",
        views.assignment_export,
        name="assignment_export",
    ),
]
