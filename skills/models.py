"""Skills: frameworks as data, role targets, and the evidence that sets each person's level.

A framework (e.g. Japan's Digital Skill Standard) has categories, each with skills, each skill
with level descriptors. A role profile sets a target level per skill. Evidence (an assessment, a
completed lesson, a self-assessment, a manager's confirmation) is kept forever; a person's
current level per skill is derived from it by the rule in `levels.py` and stored in
`StaffSkillLevel` so that portfolios can be read without recomputing.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


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


class SkillEvidence(models.Model):
    """One reason to believe a person has a skill at a level. Never edited, only added."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", _("テスト合格")
        LESSON = "lesson", _("レッスン修了")
        SELF = "self", _("自己評価")
        MANAGER = "manager", _("上司の確認")

    staff = models.ForeignKey(
        "organisation.StaffProfile", on_delete=models.CASCADE, related_name="skill_evidence"
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
        "organisation.StaffProfile", on_delete=models.CASCADE, related_name="skill_levels"
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


class LessonSkill(models.Model):
    """A lesson teaches a skill up to a level; completing it becomes evidence at that level."""

    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="taught_skills",
        verbose_name=_("レッスン"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("スキル")
    )
    level = models.PositiveSmallIntegerField(_("レベル"), default=1)

    panels = [FieldPanel("lesson"), FieldPanel("skill"), FieldPanel("level")]

    class Meta:
        verbose_name = _("レッスンのスキル")
        verbose_name_plural = _("レッスンのスキル")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "skill"], name="lesson_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lesson} → {self.skill} Lv{self.level}"


class Quiz(ClusterableModel):
    """A short test on a lesson or a course; its questions are the bank an attempt draws from."""

    title = models.CharField(_("題名"), max_length=200)
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("レッスン"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("講座"),
        help_text=_("講座全体の修了テストは、講座の最後のレッスンに表示されます。"),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("合格点（%）"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    attempt_limit = models.PositiveSmallIntegerField(
        _("受験回数の上限"), default=3, help_text=_("0 は無制限です。")
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("1回に出題する問題数"),
        default=0,
        help_text=_("0 はすべての問題を出題します。問題数より少なければ無作為に選びます。"),
    )
    valid_days = models.PositiveIntegerField(
        _("合格の有効日数"), default=0, help_text=_("0 は期限なしです。")
    )
    active = models.BooleanField(_("公開"), default=True)

    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("lesson"), FieldPanel("course")], heading=_("テストを表示する場所")
        ),
        FieldRowPanel(
            [FieldPanel("pass_mark"), FieldPanel("attempt_limit"), FieldPanel("valid_days")]
        ),
        FieldPanel("questions_per_attempt"),
        FieldPanel("active"),
        InlinePanel("questions", heading=_("問題バンク"), label=_("問題"), min_num=1),
    ]

    class Meta:
        verbose_name = _("テスト")
        verbose_name_plural = _("テスト")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (self.lesson_id is None) == (self.course_id is None):
            raise ValidationError(_("レッスンか講座のどちらか一方を選んでください。"))


class Question(Orderable):
    class Kind(models.TextChoices):
        SINGLE = "single", _("単一選択")
        MULTIPLE = "multiple", _("複数選択")
        TRUE_FALSE = "true_false", _("○×")
        ORDERING = "ordering", _("並べ替え")

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("形式"), max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("問題文"))
    choices = models.TextField(
        _("選択肢"),
        blank=True,
        help_text=_(
            "1行に1つ。正解の行の先頭に * を付けます。並べ替えは正しい順に書きます。"
            "○×問題では空欄にします。"
        ),
    )
    statement_is_true = models.BooleanField(
        _("○×問題の正解は○"), default=True, help_text=_("○×問題でのみ使います。")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="questions", verbose_name=_("スキル")
    )
    level = models.PositiveSmallIntegerField(_("レベル"), default=1)
    points = models.PositiveSmallIntegerField(_("配点"), default=1)
    explanation = models.TextField(_("解説"), blank=True, help_text=_("提出後に表示します。"))

    panels = [
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("choices"),
        FieldPanel("statement_is_true"),
        FieldRowPanel([FieldPanel("skill"), FieldPanel("level"), FieldPanel("points")]),
        FieldPanel("explanation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("問題")
        verbose_name_plural = _("問題")

    def __str__(self) -> str:
        return self.text[:40]

    def clean(self) -> None:
        from .assessments import choice_errors

        errors = choice_errors(self.kind, self.choices)
        if errors:
            raise ValidationError({"choices": errors})


class QuizAttempt(models.Model):
    """One sitting of a quiz: the questions drawn, then the answers and the server's score."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    # Sent with the answers; a second submission with the same token changes nothing.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # [{"question": id, "order": [choice indexes as shown]}], fixed when the attempt starts.
    drawn = models.JSONField(default=list)
    started_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    score = models.FloatField(_("得点"), default=0)
    max_score = models.FloatField(_("満点"), default=0)
    passed = models.BooleanField(_("合格"), default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("受験記録")
        verbose_name_plural = _("受験記録")
        indexes = [models.Index(fields=["quiz", "user", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.quiz} {self.percent:.0f}%"

    @property
    def percent(self) -> float:
        return 100 * self.score / self.max_score if self.max_score else 0.0


class SelfAssessment(models.Model):
    """One round of rating oneself; each rating becomes SkillEvidence with source 'self'."""

    staff = models.ForeignKey(
        "organisation.StaffProfile", on_delete=models.CASCADE, related_name="self_assessments"
    )
    submitted_at = models.DateTimeField(_("提出日時"))

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("自己評価")
        verbose_name_plural = _("自己評価")

    def __str__(self) -> str:
        return f"{self.staff} {self.submitted_at:%Y-%m-%d}"


class StaffGroup(models.Model):
    """Some of a municipality's staff: a department (or all, or none) × a role (or all, or none)."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    all_departments = models.BooleanField(default=True)
    # Null with all_departments off: the staff who have no department.
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    all_roles = models.BooleanField(default=True)
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class SkillFigures(models.Model):
    """What the portfolio counts for one skill in one group."""

    # People with a current level for the skill, and the sum of those levels (mean = sum / n).
    n = models.PositiveIntegerField(default=0)
    level_sum = models.PositiveIntegerField(default=0)
    # People whose role sets a target for the skill, and how many of them reach it.
    targeted = models.PositiveIntegerField(default=0)
    at_target = models.PositiveIntegerField(default=0)
    suppressed = models.BooleanField(default=False)

    class Meta:
        abstract = True


class PortfolioCell(StaffGroup, SkillFigures):
    """The portfolio's precomputed figures for one skill in one group of a municipality's staff.

    A group is a department (or all departments, or staff with no department) crossed with a role
    profile (or all roles, or no role). Kept up to date by `portfolio.py` so that dashboards read
    a few thousand rows instead of aggregating every person's level on each request. The
    portfolio's own permissions are declared here.
    """

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ポートフォリオ集計")
        verbose_name_plural = _("ポートフォリオ集計")
        permissions = [
            ("view_portfolio", _("人材ポートフォリオを閲覧できる")),
            ("export_portfolio", _("人材ポートフォリオを出力できる")),
        ]
        indexes = [
            models.Index(
                fields=["skill", "all_departments", "all_roles", "role_profile"],
                name="portfolio_cell_heatmap",
            ),
            models.Index(fields=["municipality", "skill"], name="portfolio_cell_refresh"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.department_id} {self.role_profile_id} {self.skill_id}"


class PortfolioGroup(StaffGroup):
    """How many active staff a group of a municipality has."""

    headcount = models.PositiveIntegerField(default=0)
    suppressed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ポートフォリオ人数")
        verbose_name_plural = _("ポートフォリオ人数")
        indexes = [models.Index(fields=["municipality"], name="portfolio_group_municipality")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.department_id} {self.role_profile_id}"


class PortfolioSnapshot(SkillFigures):
    """A month's copy of the municipality-wide cells, for trends."""

    month = models.DateField(_("月"))
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    all_roles = models.BooleanField(default=True)
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("ポートフォリオの月次記録")
        verbose_name_plural = _("ポートフォリオの月次記録")
        indexes = [models.Index(fields=["month", "skill"], name="portfolio_snapshot_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.municipality_id} {self.skill_id}"


class PortfolioActivity(models.Model):
    """A municipality's learning activity, rebuilt with its portfolio rows."""

    municipality = models.OneToOneField(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
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
