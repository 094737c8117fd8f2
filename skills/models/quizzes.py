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
from wagtail.fields import StreamField
from wagtail.models import Orderable, PreviewableMixin

from ..question_answers import Choice, QuestionKind, options_of, shown_question
from ..question_blocks import AnswerStreamBlock
from .frameworks import Skill


class Quiz(PreviewableMixin, ClusterableModel):
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

    def get_preview_template(self, request, mode_name) -> str:
        return "skills/quiz_preview.html"

    def get_preview_context(self, request, mode_name) -> dict:
        """The quiz as staff see it, from the form being edited: the whole bank in the author's
        order, with no attempt behind it, so nothing can be submitted or recorded."""
        questions = [
            shown_question(
                number,
                f"preview-{number}",
                question.kind,
                question.text,
                question.options,
                range(len(question.options)),
            )
            for number, question in enumerate(self.questions.all(), start=1)
        ]
        return {
            **super().get_preview_context(request, mode_name),
            "quiz": self,
            "questions": questions,
            "left": self.attempt_limit or None,
            "preview": True,
        }

    def clean(self) -> None:
        if (self.lesson_id is None) == (self.course_id is None):
            raise ValidationError(_("レッスンか講座のどちらか一方を選んでください。"))


class Question(Orderable):
    """One question of a quiz's bank; its kind is the kind of its one answer block."""

    Kind = QuestionKind

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("問題文"))
    answer = StreamField(
        AnswerStreamBlock(),
        verbose_name=_("答え"),
        help_text=_("問題の形式を1つ選び、その答えを入れます。"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="questions", verbose_name=_("スキル")
    )
    level = models.PositiveSmallIntegerField(_("レベル"), default=1)
    points = models.PositiveSmallIntegerField(_("配点"), default=1)
    explanation = models.TextField(_("解説"), blank=True, help_text=_("提出後に表示します。"))

    panels = [
        FieldPanel("text"),
        FieldPanel("answer"),
        FieldRowPanel([FieldPanel("skill"), FieldPanel("level"), FieldPanel("points")]),
        FieldPanel("explanation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("問題")
        verbose_name_plural = _("問題")

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def kind(self) -> str:
        return self.answer[0].block_type if self.answer else ""

    @property
    def options(self) -> list[Choice]:
        """The options in the order the author wrote them (○ then × for ○× questions)."""
        return options_of(self.kind, self.answer[0].value) if self.answer else []


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
