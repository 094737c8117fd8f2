from django.urls import path

from . import report_views

urlpatterns = [
    path("assignments/", report_views.assignments_api, name="assignments_api"),
    path("assignments/<int:assignment_id>/", report_views.assignment_api, name="assignment_api"),
]
