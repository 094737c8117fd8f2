from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def apply_role_permissions(sender: AppConfig, **kwargs) -> None:
    # post_migrate fires once per app with models; every app's permissions exist after the last.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return
    from .roles import sync_role_permissions

    sync_role_permissions()


class OrganisationConfig(AppConfig):
    name = "organisation"
    label = "organisation"
    verbose_name = _("組織")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(apply_role_permissions, dispatch_uid="organisation.roles")
