from django.urls import path

from . import quiz_views, staff_views, views

urlpatterns = [
    path("portfolio/", views.portfolio_home, name="portfolio_home"),
    path("skills/me/", staff_views.my_skill_profile, name="skill_profile"),
    path("skills/self-assessment/", staff_views.self_assessment, name="self_assessment"),
    path("skills/team/", staff_views.team, name="team"),
    path("skills/team/<int:staff_id>/", staff_views.team_member, name="team_member"),
    path("skills/quizzes/<int:quiz_id>/", quiz_views.take_quiz, name="take_quiz"),
    path("skills/attempts/<uuid:token>/", quiz_views.attempt_result, name="quiz_attempt"),
    path("skills/attempts/<uuid:token>/submit/", quiz_views.submit_attempt, name="quiz_submit"),
    path("portfolio/m/<str:code>/", views.portfolio_municipality, name="portfolio_municipality"),
    path(
        "portfolio/m/<str:code>/d/<str:department>/",
        views.portfolio_people,
        name="portfolio_people",
    ),
    path(
        "portfolio/export/<str:view>.<str:file_format>",
        views.portfolio_download,
        name="portfolio_download",
    ),
    path("api/v1/portfolio/", views.portfolio_api, name="portfolio_api"),
]
