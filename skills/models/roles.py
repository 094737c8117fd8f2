"""Role profiles such as 情報システム担当 and the level each aims for per skill."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .frameworks import Skill


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


class RoleTarget(models.Model):
    role_profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="targets")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="role_targets")
    target_level = models.PositiveSmallIntegerField(_("目標レベル"))

    class Meta:
        verbose_name = _("目標レベル")
        verbose_name_plural = _("目標レベル")
        constraints = [
            models.UniqueConstraint(fields=["role_profile", "skill"], name="role_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role_profile}: {self.skill} ≥ {self.target_level}"
