from django.urls import path

from . import views

urlpatterns = [
    path("lessons/<int:lesson_id>/rating/", views.rate_lesson, name="feedback_rate_lesson"),
    path("surveys/<int:survey_id>/", views.answer_survey, name="feedback_survey"),
    path("results/", views.results_home, name="feedback_results"),
    path("results/<int:course_id>/", views.course_results, name="feedback_course_results"),
    path(
        "results/<int:course_id>/export.xlsx",
        views.course_results_download,
        name="feedback_course_results_download",
    ),
]
