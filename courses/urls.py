from django.urls import path

from . import views

urlpatterns = [
    path("my/", views.my_learning, name="my_learning"),
    path("search/", views.search, name="search"),
]
