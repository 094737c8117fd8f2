"""Skill frameworks as data: a framework has categories, each with skills, each skill with level
descriptors; a framework may also define roles (e.g. DSS-P's ビジネスアーキテクト)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SkillFramework(models.Model):
    code = models.SlugField(_("コード"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    version = models.CharField(_("版"), max_length=50, blank=True)
    description = models.TextField(_("説明"), blank=True)
    source = models.CharField(_("出典"), max_length=500, blank=True)
    licence = models.CharField(_("利用条件"), max_length=500, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("最低レベル"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("最高レベル"), default=5)

    class Meta:
        ordering = ["name"]
        verbose_name = _("スキル体系")
        verbose_name_plural = _("スキル体系")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="framework_scale_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SkillCategory(models.Model):
    framework = models.ForeignKey(
        SkillFramework, on_delete=models.CASCADE, related_name="categories"
    )
    code = models.CharField(_("コード"), max_length=50)
    name = models.CharField(_("名称"), max_length=200)
    # The level above a category where a framework has one (DSS-P: カテゴリー above サブカテゴリー).
    group = models.CharField(_("上位区分"), max_length=200, blank=True, default="")
    order = models.PositiveIntegerField(_("並び順"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("スキルカテゴリ")
        verbose_name_plural = _("スキルカテゴリ")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="category_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    category = models.ForeignKey(SkillCategory, on_delete=models.CASCADE, related_name="skills")
    code = models.CharField(_("コード"), max_length=50)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    order = models.PositiveIntegerField(_("並び順"), default=0)

    class Meta:
        ordering = ["category__framework", "category__order", "order", "code"]
        verbose_name = _("スキル")
        verbose_name_plural = _("スキル")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="skill_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def framework(self) -> SkillFramework:
        return self.category.framework


class LevelDescriptor(models.Model):
    """What a level of a skill looks like, in words a person can rate themselves against."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("レベル"))
    description = models.TextField(_("説明"))

    class Meta:
        ordering = ["skill", "level"]
        verbose_name = _("レベルの説明")
        verbose_name_plural = _("レベルの説明")
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="level_descriptor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill} Lv{self.level}"


class FrameworkRole(models.Model):
    """A role a framework defines, e.g. DSS-P's ビジネスアーキテクト and its types."""

    framework = models.ForeignKey(SkillFramework, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(_("コード"), max_length=50)
    role = models.CharField(_("人材類型"), max_length=100)
    name = models.CharField(_("ロール"), max_length=200)
    order = models.PositiveIntegerField(_("並び順"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("スキル体系のロール")
        verbose_name_plural = _("スキル体系のロール")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="framework_role_unique")
        ]

    def __str__(self) -> str:
        return self.name
