"""Skills: role profiles now; frameworks, assessments and evidence come with the skills issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleProfile(models.Model):
    """A role such as 情報システム担当 with the skill levels it aims for."""

    code = models.SlugField(_("コード"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.TextField(_("説明"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("役割プロファイル")
        verbose_name_plural = _("役割プロファイル")

    def __str__(self) -> str:
        return self.name
