from django.urls import path

from . import api, heartbeat, views

urlpatterns = [
    path("my/", views.my_learning, name="my_learning"),
    path("my/history/", views.history, name="viewing_history"),
    path("search/", views.search, name="search"),
    path("api/v1/progress/", heartbeat.progress, name="progress_api"),
    path("api/v1/xapi/statements", api.xapi_statements, name="xapi_statements"),
]
