"""Which lessons a person may watch: published ones whose view restrictions let them in."""

from django.http import HttpRequest

from .models import LessonPage


def lesson_for_viewer(lesson_id: int, request: HttpRequest) -> LessonPage | None:
    lesson = LessonPage.objects.live().filter(id=lesson_id).select_related("video").first()
    if lesson is None:
        return None
    for restriction in lesson.get_view_restrictions():
        if not restriction.accept_request(request):
            return None
    return lesson
