"""Skills: frameworks as data, role targets, and the evidence that sets each person's level.

A framework (e.g. Japan's Digital Skill Standard) has categories, each with skills, each skill
with level descriptors. A role profile sets a target level per skill. Evidence (an assessment, a
completed lesson, a self-assessment, a manager's confirmation) is kept forever; a person's
current level per skill is derived from it by the rule in `levels.py` and stored in
`StaffSkillLevel` so that portfolios can be read without recomputing.
"""

from django.conf import settings
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


class SkillEvidence(models.Model):
    """One reason to believe a person has a skill at a level. Never edited, only added."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", _("テスト合格")
        LESSON = "lesson", _("レッスン修了")
        SELF = "self", _("自己評価")
        MANAGER = "manager", _("上司の確認")

    staff = models.ForeignKey(
        "lms.StaffProfile", on_delete=models.CASCADE, related_name="skill_evidence"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="evidence")
    level = models.PositiveSmallIntegerField(_("レベル"))
    source = models.CharField(_("根拠"), max_length=20, choices=Source.choices)
    observed_at = models.DateTimeField(_("日時"))
    expires_at = models.DateTimeField(_("有効期限"), null=True, blank=True)
    # What produced it, e.g. "quiz-attempt:42" or "lesson:17", so every level can be explained.
    reference = models.CharField(_("参照"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-observed_at"]
        verbose_name = _("スキルの根拠")
        verbose_name_plural = _("スキルの根拠")
        indexes = [models.Index(fields=["staff", "skill", "observed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "skill", "source", "reference"],
                condition=~models.Q(reference=""),
                name="evidence_once_per_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.skill} Lv{self.level} ({self.get_source_display()})"


class StaffSkillLevel(models.Model):
    """A person's current level per skill, derived from their evidence (see levels.py)."""

    staff = models.ForeignKey(
        "lms.StaffProfile", on_delete=models.CASCADE, related_name="skill_levels"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="staff_levels")
    level = models.PositiveSmallIntegerField(_("レベル"))
    source = models.CharField(_("根拠"), max_length=20, choices=SkillEvidence.Source.choices)
    evidence = models.ForeignKey(
        SkillEvidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("現在のスキルレベル")
        verbose_name_plural = _("現在のスキルレベル")
        constraints = [
            models.UniqueConstraint(fields=["staff", "skill"], name="staff_skill_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.skill} Lv{self.level}"


class PortfolioCell(models.Model):
    """The portfolio's precomputed figures for one skill in one group of a municipality's staff.

    A group is a department (or all departments, or staff with no department) crossed with a role
    profile (or all roles, or no role). Kept up to date by `portfolio.py` so that dashboards read
    a few thousand rows instead of aggregating every person's level on each request.
    """

    municipality = models.ForeignKey("lms.Municipality", on_delete=models.CASCADE, related_name="+")
    all_departments = models.BooleanField(default=True)
    # Null with all_departments off: the staff who have no department.
    department = models.ForeignKey(
        "lms.Department", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    all_roles = models.BooleanField(default=True)
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    # People with a current level for the skill, and the sum of those levels (mean = sum / n).
    n = models.PositiveIntegerField(default=0)
    level_sum = models.PositiveIntegerField(default=0)
    # People whose role sets a target for the skill, and how many of them reach it.
    targeted = models.PositiveIntegerField(default=0)
    at_target = models.PositiveIntegerField(default=0)
    suppressed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ポートフォリオ集計")
        verbose_name_plural = _("ポートフォリオ集計")
        indexes = [
            models.Index(
                fields=["skill", "all_departments", "all_roles", "role_profile"],
                name="portfolio_cell_heatmap",
            ),
            models.Index(fields=["municipality", "skill"], name="portfolio_cell_refresh"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.department_id} {self.role_profile_id} {self.skill_id}"


class PortfolioGroup(models.Model):
    """How many active staff a group of a municipality has (see PortfolioCell for groups)."""

    municipality = models.ForeignKey("lms.Municipality", on_delete=models.CASCADE, related_name="+")
    all_departments = models.BooleanField(default=True)
    department = models.ForeignKey(
        "lms.Department", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    all_roles = models.BooleanField(default=True)
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    headcount = models.PositiveIntegerField(default=0)
    suppressed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ポートフォリオ人数")
        verbose_name_plural = _("ポートフォリオ人数")
        indexes = [models.Index(fields=["municipality"], name="portfolio_group_municipality")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.department_id} {self.role_profile_id}"


class PortfolioSnapshot(models.Model):
    """A month's copy of the municipality-wide cells, for trends."""

    month = models.DateField(_("月"))
    municipality = models.ForeignKey("lms.Municipality", on_delete=models.CASCADE, related_name="+")
    all_roles = models.BooleanField(default=True)
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField(default=0)
    level_sum = models.PositiveIntegerField(default=0)
    targeted = models.PositiveIntegerField(default=0)
    at_target = models.PositiveIntegerField(default=0)
    suppressed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ポートフォリオの月次記録")
        verbose_name_plural = _("ポートフォリオの月次記録")
        indexes = [models.Index(fields=["month", "skill"], name="portfolio_snapshot_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.municipality_id} {self.skill_id}"


class PortfolioActivity(models.Model):
    """A municipality's learning activity, rebuilt with its portfolio rows."""

    municipality = models.OneToOneField(
        "lms.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    viewers = models.PositiveIntegerField(default=0)
    seconds_watched = models.FloatField(default=0)
    completers = models.PositiveIntegerField(default=0)
    lessons_completed = models.PositiveIntegerField(default=0)
    passers = models.PositiveIntegerField(default=0)
    assessments_passed = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("学習状況の集計")
        verbose_name_plural = _("学習状況の集計")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.updated_at:%Y-%m-%d %H:%M}"
