from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Push-type training (プッシュ型): required courses assigned to an audience, with due dates."""

    name = "training"
    verbose_name = _("研修の割り当て")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects training's receivers)
        from .reminders import register_kinds

        register_kinds()
