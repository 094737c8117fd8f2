from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """What staff think of lessons and courses: ratings, comments, course surveys."""

    name = "feedback"
    verbose_name = _("研修アンケート・評価")
    default_auto_field = "django.db.models.BigAutoField"
