from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


def begin_signed_in_session(sender, request, user, **kwargs) -> None:
    from organisation.signin import start_session

    if request is not None:
        start_session(request, user)


class LmsConfig(AppConfig):
    """The project package: settings, URLs, sign-in and the home page; it holds no models.

    Its migrations are the history of the organisation's tables, which it created before they
    moved to the `organisation` app."""

    name = "lms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        user_logged_in.connect(begin_signed_in_session, dispatch_uid="lms.signin")
