from django.apps import AppConfig


class LmsConfig(AppConfig):
    """The project package: settings, URLs, sign-in and the home page; it holds no models.

    Its migrations are the history of the organisation's tables, which it created before they
    moved to the `organisation` app."""

    name = "lms"
    default_auto_field = "django.db.models.BigAutoField"
