from django.urls import path

from . import views

urlpatterns = [
    path("assignments/", views.assignments_api, name="assignments_api"),
    path("assignments/<int:assignment_id>/", views.assignment_api, name="assignment_api"),
]
