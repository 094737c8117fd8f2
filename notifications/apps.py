from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notices to people, on the site and by mail, each person choosing what they receive."""

    name = "notifications"
    verbose_name = _("お知らせ")
    default_auto_field = "django.db.models.BigAutoField"
