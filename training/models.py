"""Required training (必修研修): who must take which course, or learning path, by when.

An `Assignment` names what is to be learnt and by when; its `AudienceRule`s say who must learn it
(municipalities, departments, role profiles, job categories, named people, or everyone below their
role's target on a skill). The audience is resolved into `Assignee` rows, one per person, which are
re-evaluated when the roster changes: a newcomer gets a row, a leaver's row is marked removed and
kept, so nobody's history is lost. `started_at` and `completed_at` on the row are kept up to date
from viewing and tests, so a report over 100,000 people is one grouped query.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


class LearningPath(ClusterableModel):
    """An ordered list of courses taken one after another (学習パス)."""

    title = models.CharField(_("名称"), max_length=200)
    # What `manage.py assign path:SLUG` and the assignment form name it by.
    slug = models.SlugField(
        _("スラッグ"),
        max_length=100,
        unique=True,
        help_text=_("半角英数字とハイフン。割り当てのコマンドで path:スラッグ と指定します。"),
    )
    description = models.TextField(_("説明"), blank=True)

    class Meta:
        verbose_name = _("学習パス")
        verbose_name_plural = _("学習パス")

    def __str__(self) -> str:
        return self.title


class LearningPathCourse(Orderable):
    path = ParentalKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="+", verbose_name=_("講座")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("学習パスの講座")
        verbose_name_plural = _("学習パスの講座")
        constraints = [
            models.UniqueConstraint(fields=["path", "course"], name="training_path_course_once")
        ]


class Assignment(models.Model):
    """One required training: a course or a learning path, an audience, a start and a due date."""

    title = models.CharField(_("研修名"), max_length=200)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("講座"),
    )
    path = models.ForeignKey(
        LearningPath,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("学習パス"),
    )
    starts_on = models.DateField(_("開始日"))
    due_on = models.DateField(_("期限"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("期限前の通知（日前）"), default=7, help_text=_("0 は期限前に通知しません。")
    )
    # The scope it was made in: HR of one municipality assign within it; None is all of Tokyo.
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("割り当てた自治体"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("割り当てた人"),
    )
    created_at = models.DateTimeField(_("割り当て日時"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("取り下げ日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("研修の割り当て")
        verbose_name_plural = _("研修の割り当て")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, path__isnull=True)
                | Q(course__isnull=True, path__isnull=False),
                name="training_assignment_course_or_path",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")),
                name="training_assignment_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class AudienceRule(models.Model):
    """One part of an assignment's audience; a person in any rule is in the audience."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("自治体")
        DEPARTMENT = "department", _("所属")
        ROLE = "role", _("役割")
        JOB = "job", _("職種")
        USER = "user", _("職員")
        GAP = "gap", _("スキルの不足")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="audience", verbose_name=_("割り当て")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    # The normalised key the rule matches (training/audience.py): a municipality's code, a
    # department's, a role profile's or a skill's id, a job category, a username.
    value = models.CharField(_("値"), max_length=200)
    label = models.CharField(_("表示名"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("対象者の条件")
        verbose_name_plural = _("対象者の条件")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "value"], name="training_audience_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label or self.value}"


class Assignee(models.Model):
    """One person's place in an assignment's audience, and how far they have come."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未着手")
        IN_PROGRESS = "in_progress", _("受講中")
        COMPLETED = "completed", _("修了")
        OVERDUE = "overdue", _("期限切れ")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="assignees", verbose_name=_("割り当て")
    )
    staff = models.ForeignKey(
        "organisation.StaffProfile",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("職員"),
    )
    added_at = models.DateTimeField(_("対象になった日時"))
    # Left the audience (moved, retired, no longer below target): kept, never deleted.
    removed_at = models.DateTimeField(_("対象から外れた日時"), null=True, blank=True)
    started_at = models.DateTimeField(_("受講開始日時"), null=True, blank=True)
    completed_at = models.DateTimeField(_("修了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("研修の対象者")
        verbose_name_plural = _("研修の対象者")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "staff"], name="training_assignee_once")
        ]
        indexes = [
            models.Index(
                fields=["assignment", "removed_at", "completed_at"], name="training_assignee_state"
            ),
            models.Index(fields=["staff", "removed_at"], name="training_assignee_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.staff}"

    def status_on(self, day: datetime.date) -> str:
        """未着手, 受講中, 修了 or 期限切れ on a given day (Asia/Tokyo)."""
        if self.completed_at is not None:
            return self.Status.COMPLETED
        if day > self.assignment.due_on:
            return self.Status.OVERDUE
        if self.started_at is not None:
            return self.Status.IN_PROGRESS
        return self.Status.NOT_STARTED
