"""Training's parts of pages that belong to courses, which may not import training:
{% load training_tags %} then {% todo_section %} on /my/ and {% course_progress_section page %}
on a course page."""

from django import template

from training.my_training import course_progress, todo

register = template.Library()


@register.inclusion_tag("training/includes/todo.html", takes_context=True)
def todo_section(context) -> dict:
    request = context.get("request")
    return {"request": request, "items": todo(request.user)}


@register.inclusion_tag("training/includes/course_progress.html", takes_context=True)
def course_progress_section(context, course) -> dict:
    request = context.get("request")
    return {"request": request, "progress": course_progress(course, request.user)}
