from django.urls import path

from . import remind_views, views

# /training/ and /training/<id>/ are the reports' (list and report of an assignment).
urlpatterns = [
    path("new/", views.new_assignment, name="training_new"),
    path("<int:assignment_id>/withdraw/", views.withdraw_assignment, name="training_withdraw"),
    path("<int:assignment_id>/remind/", remind_views.assignment_remind, name="assignment_remind"),
    path(
        "<int:assignment_id>/remind/team/",
        remind_views.assignment_remind_team,
        name="assignment_remind_team",
    ),
]
