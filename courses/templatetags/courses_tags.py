"""Template tags for lesson pages.

Other packages add sections to a lesson page (e.g. skills adds its quiz) by registering a Wagtail
hook named `lesson_page_sections`: a function (request, lesson) returning HTML or "". Courses
then needs to know nothing of them.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from wagtail import hooks

register = template.Library()

LESSON_SECTIONS_HOOK = "lesson_page_sections"


@register.simple_tag(takes_context=True)
def lesson_sections(context, lesson) -> SafeString:
    request = context.get("request")
    sections = [fn(request, lesson) for fn in hooks.get_hooks(LESSON_SECTIONS_HOOK)]
    return format_html_join("\n", "{}", ((section,) for section in sections if section))
