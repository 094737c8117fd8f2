from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from organisation.roles import TRAINING_OFFICER, user_roles

from . import admin_views
from .lessons_from_chapters import Release, destination_for
from .models import CoursePage


@hooks.register("media_pipeline_destinations")
def courses_as_destinations(request) -> list[tuple[str, str]]:
    """Officers choose, when uploading a recording, the course its lessons go to; the lessons
    come as drafts, for the officer to review and submit for approval."""
    return [
        (
            destination_for(course, Release.FOR_REVIEW),
            _("講座: %(title)s") % {"title": course.title},
        )
        for course in CoursePage.objects.order_by("title")
    ]


@hooks.register("register_admin_urls")
def captions_report_url():
    return [path("courses/captions/", admin_views.captions_report, name="courses_captions_report")]


@hooks.register("register_admin_menu_item")
def captions_report_menu_item():
    return MenuItem(
        gettext_lazy("字幕のないレッスン"),
        reverse("courses_captions_report"),
        icon_name="warning",
        order=260,
    )


@hooks.register("construct_homepage_panels")
def officer_home(request, panels: list) -> None:
    """Officers get their day's work instead of Wagtail's stock home."""
    if TRAINING_OFFICER in user_roles(request.user):
        panels[:] = [panel(request) for panel in admin_views.OFFICER_PANELS]
