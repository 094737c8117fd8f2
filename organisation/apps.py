from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    label = "organisation"
    verbose_name = _("組織")
    default_auto_field = "django.db.models.BigAutoField"
