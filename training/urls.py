from django.urls import path

from . import views

# /training/ and /training/<id>/ are the reports' (list and report of an assignment).
urlpatterns = [
    path("new/", views.new_assignment, name="training_new"),
    path("<int:assignment_id>/withdraw/", views.withdraw_assignment, name="training_withdraw"),
]
