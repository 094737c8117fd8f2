from django.urls import path

from . import assign_views, remind_views, report_views

urlpatterns = [
    path("", report_views.assignment_list, name="assignment_list"),
    path("new/", assign_views.new_assignment, name="training_new"),
    path("team/", report_views.team_view, name="training_team"),
    path("<int:assignment_id>/", report_views.assignment_report, name="assignment_report"),
    path(
        "<int:assignment_id>/export.<str:file_format>",
        report_views.assignment_export,
        name="assignment_export",
    ),
    path(
        "<int:assignment_id>/withdraw/",
        assign_views.withdraw_assignment,
        name="training_withdraw",
    ),
    path("<int:assignment_id>/remind/", remind_views.assignment_remind, name="assignment_remind"),
    path(
        "<int:assignment_id>/remind/team/",
        remind_views.assignment_remind_team,
        name="assignment_remind_team",
    ),
]
