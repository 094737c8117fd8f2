from django.urls import path

from . import views

urlpatterns = [
    path("issue/", views.issue, name="certificate_issue"),
    path("verify/<str:token>/", views.verify, name="certificate_verify"),
    path("<str:serial>.pdf", views.download, name="certificate_download"),
]
