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


class StaffRole(models.Model):
    """A member of staff's role profile, against whose targets their levels are read.

    It belongs to the skills, not to the organisation's staff record; staff without a role have
    no row."""

    staff = models.OneToOneField(
        "organisation.StaffProfile",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="role",
        verbose_name=_("職員"),
    )
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("役割")
    )

    class Meta:
        verbose_name = _("職員の役割")
        verbose_name_plural = _("職員の役割")

    def __str__(self) -> str:
        return f"{self.staff}: {self.role_profile}"


def role_profile_of(staff) -> RoleProfile | None:
    """The person's role profile, or None; reads what select_related("role__role_profile") got."""
    try:
        return staff.role.role_profile
    except StaffRole.DoesNotExist:
        return None


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
