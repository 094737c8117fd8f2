from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:notice_id>/", views.notice_open, name="notice_open"),
    path("notices/settings/", views.notice_settings, name="notice_settings"),
    path("notices/unsubscribe/<str:token>/", views.unsubscribe_view, name="notices_unsubscribe"),
]
