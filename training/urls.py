from django.urls import path

from . import remind_views

urlpatterns = [
    path("<int:assignment_id>/remind/", remind_views.assignment_remind, name="assignment_remind"),
    path(
        "<int:assignment_id>/remind/team/",
        remind_views.assignment_remind_team,
        name="assignment_remind_team",
    ),
]
