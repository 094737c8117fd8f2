from django.urls import path

from . import views

app_name = "media_pipeline"
urlpatterns = [
    # The stored file's own address (as ingest_video reports it): refused without a grant.
    path("stream/<path:key>", views.stream, name="stream"),
    path("play/<str:token>/<path:key>", views.stream, name="play"),
]
