from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "skills"
    verbose_name = _("スキル")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .confirmation import ensure_manager_group

        # Without a sender: it acts once the permission exists, after auth made it for skills.
        post_migrate.connect(ensure_manager_group, dispatch_uid="skills.managers")
        from . import (
            portfolio_signals,  # noqa: F401  (connects the portfolio's receivers)
            roster_columns,
            signals,  # noqa: F401
        )

        roster_columns.register()
