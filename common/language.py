"""The language a request is answered in: the one picked with the switch, else Japanese."""

from django.conf import settings


def chosen_language(request) -> str:
    """The language picked with the switch (its cookie), else Japanese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    available = {code for code, _ in settings.LANGUAGES}
    return chosen if chosen in available else settings.LANGUAGE_CODE
