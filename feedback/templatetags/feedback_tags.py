"""Feedback's parts on pages of apps below it, which may not import feedback: the course page's
surveys and /my/'s list of surveys to answer. (The lesson page's rating comes through the
courses hook `lesson_page_sections`, as skills' quizzes do: feedback/wagtail_hooks.py.)"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from feedback import surveys

register = template.Library()


@register.simple_tag(takes_context=True)
def course_surveys(context, course) -> SafeString | str:
    """The course's surveys for a person who completed it: the form, or thanks once answered."""
    request = context.get("request")
    if request is None:
        return ""
    items = surveys.course_surveys(request, course)
    if not items:
        return ""
    return render_to_string(
        "feedback/includes/course_surveys.html", {"surveys": items}, request=request
    )


@register.simple_tag(takes_context=True)
def pending_surveys(context) -> SafeString | str:
    """Links to the surveys the person has yet to answer, of courses they completed."""
    request = context.get("request")
    if request is None:
        return ""
    pending = surveys.pending_surveys(request)
    if not pending:
        return ""
    return render_to_string(
        "feedback/includes/pending_surveys.html", {"surveys": pending}, request=request
    )
