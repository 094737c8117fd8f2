"""Template tags for lesson pages.

`lesson_view` gives the page its player, the viewer's progress and its place in the course
(courses/playback.py), so that the page model need not assemble them.

Other packages add sections to a lesson page (e.g. skills adds its quiz) by registering a Wagtail
hook named `lesson_page_sections`: a function (request, lesson) returning HTML or "", and to a
course page, after its lessons (e.g. the course's final test), by `course_page_sections`:
(request, course). Courses then needs to know nothing of them.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from wagtail import hooks

from courses import playback
from courses.models import LessonPage

register = template.Library()

LESSON_SECTIONS_HOOK = "lesson_page_sections"
COURSE_SECTIONS_HOOK = "course_page_sections"


def sections(hook_name: str, request, page) -> SafeString:
    parts = [fn(request, page) for fn in hooks.get_hooks(hook_name)]
    return format_html_join("\n", "{}", ((part,) for part in parts if part))


@register.simple_tag(takes_context=True)
def lesson_sections(context, lesson) -> SafeString:
    return sections(LESSON_SECTIONS_HOOK, context.get("request"), lesson)


@register.simple_tag(takes_context=True)
def course_sections(context, course) -> SafeString:
    return sections(COURSE_SECTIONS_HOOK, context.get("request"), course)


@register.simple_tag(takes_context=True)
def lesson_view(context, lesson: LessonPage) -> playback.LessonView:
    return playback.lesson_view(lesson, context["request"])
