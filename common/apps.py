from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Shared helpers without models; an app only so that its template tags load."""

    name = "common"
    verbose_name = "common"
