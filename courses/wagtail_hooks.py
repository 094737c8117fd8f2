from django.utils.translation import gettext as _
from wagtail import hooks

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
