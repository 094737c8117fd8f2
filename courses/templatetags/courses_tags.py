"""Template tags for lesson pages.

`lesson_view` gives the page its player, the viewer's progress and its place in the course
(courses/playback.py), so that the page model need not assemble them.

Other packages add sections to a lesson page (e.g. skills adds its quiz) by registering a Wagtail
hook named `lesson_page_sections`: a function (request, lesson) returning HTML or "". Courses
then needs to know nothing of them.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from wagtail import hooks

from courses import playback
from courses.models import LessonPage

register = template.Library()

LESSON_SECTIONS_HOOK = "lesson_page_sections"


@register.simple_tag(takes_context=True)
def lesson_sections(context, lesson) -> SafeString:
    request = context.get("request")
    sections = [fn(request, lesson) for fn in hooks.get_hooks(LESSON_SECTIONS_HOOK)]
    return format_html_join("\n", "{}", ((section,) for section in sections if section))


@register.simple_tag(takes_context=True)
def lesson_view(context, lesson: LessonPage) -> playback.LessonView:
    return playback.lesson_view(lesson, context["request"])
