"""Evidence of a person's skills and the level derived from it.

Evidence (an assessment, a manager's confirmation, a self-assessment, a completed lesson) is kept
forever; a person's current level per skill is derived from it by the rule in `skills/levels.py`
and stored in `StaffSkillLevel`, with its basis and date, so that portfolios can be read without
recomputing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .frameworks import Skill


class LessonSkill(models.Model):
    """A lesson teaches a skill up to a level; completing it becomes learned evidence at that
    level, which may claim no more than LEARNING_EVIDENCE_MAX_LEVEL (see levels.py)."""

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


class SkillEvidence(models.Model):
    """One reason to believe a person has a skill at a level. Never edited, only added."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", _("テスト")
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
        # Held by managers (the group 管理職): confirm the skills of their department's staff.
        permissions = [("confirm_skills", _("所属の職員のスキルを確認できる"))]
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


class Basis(models.TextChoices):
    """What a level rests on, as a person and HR are told it (one per kind of evidence)."""

    ASSESSED = "assessed", _("テストで評価")
    CONFIRMED = "confirmed", _("上司が確認")
    SELF_ASSESSED = "self_assessed", _("自己評価")
    LEARNED = "learned", _("学習（レッスン修了）")


# Verified bases: a level HR may count as shown, not only claimed or learned.
VERIFIED_BASES = (Basis.ASSESSED, Basis.CONFIRMED)
BASIS_OF_SOURCE = {
    SkillEvidence.Source.ASSESSMENT: Basis.ASSESSED,
    SkillEvidence.Source.MANAGER: Basis.CONFIRMED,
    SkillEvidence.Source.SELF: Basis.SELF_ASSESSED,
    SkillEvidence.Source.LESSON: Basis.LEARNED,
}


class StaffSkillLevel(models.Model):
    """A person's current level per skill, derived from their evidence by the rule in
    levels.py, with its basis and the date of the evidence that decided it."""

    Basis = Basis

    staff = models.ForeignKey(
        "organisation.StaffProfile", on_delete=models.CASCADE, related_name="skill_levels"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="staff_levels")
    level = models.PositiveSmallIntegerField(_("レベル"))
    basis = models.CharField(_("根拠"), max_length=20, choices=Basis.choices)
    # When the deciding evidence was observed: the date the level is shown with.
    basis_at = models.DateTimeField(_("根拠の日付"), null=True, blank=True)
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
        return f"{self.staff} {self.skill} Lv{self.level} ({self.get_basis_display()})"

    @property
    def verified(self) -> bool:
        return self.basis in VERIFIED_BASES


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
