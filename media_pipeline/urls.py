from django.urls import path

from . import views

app_name = "media_pipeline"
urlpatterns = [
    path("stream/<path:key>", views.stream, name="stream"),
]
