"""Quizzes: a question bank per lesson or course, and each person's attempts."""

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

from ..question_choices import QuestionKind, choice_errors
from .frameworks import Skill


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
        help_text=_("講座全体の修了テストは、講座のページのレッスン一覧の後に表示されます。"),
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
    Kind = QuestionKind

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
