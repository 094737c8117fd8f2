from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from common.views import set_date_style
from courses import urls as courses_urls
from skills import urls as skills_urls

from . import second_factor_views, views

handler400 = views.bad_request

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", second_factor_views.enrol, name="two_factor_enrol"),
    path("accounts/two-factor/verify/", second_factor_views.verify, name="two_factor_verify"),
    path("home/", views.home, name="home"),
    path("roster/", include("organisation.roster.urls")),
    path("training/", include("training.urls")),
    path("api/v1/", include("training.api_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("date-style/", set_date_style, name="set_date_style"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(courses_urls)),
    path("", include(skills_urls)),
    path("", include("notifications.urls")),
    path("media-pipeline/", include("media_pipeline.urls")),
    path("feedback/", include("feedback.urls")),
    path("certificates/", include("certificates.urls")),
]

urlpatterns.append(path("", include(wagtail_urls)))
