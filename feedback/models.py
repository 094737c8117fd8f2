"""What staff think of lessons and courses.

- `LessonRating`: one per person and lesson, "役に立った" on five points and an optional comment;
  the person may change it.
- `Survey` (研修アンケート): written by a training officer in the admin for a course, a list of
  `SurveyQuestion`s (five-point scale, single choice, free text; required or not). A person who
  completed the course answers it once: one `SurveyResponse` with its `SurveyAnswer`s.

Answers and ratings are tied to their author only so that each person answers once and may change
a rating; nobody else is ever shown who answered what (feedback/results.py shows aggregates).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

SCALE_MIN, SCALE_MAX = 1, 5
COMMENT_MAX_LENGTH = 1000
ANSWER_MAX_LENGTH = 2000
CHOICE_MAX_LENGTH = 200


class LessonRating(models.Model):
    """How useful one person found one lesson (役に立った, 1 to 5), with an optional comment."""

    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("レッスン")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("役に立った"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    comment = models.TextField(_("コメント"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("レッスンの評価")
        verbose_name_plural = _("レッスンの評価")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "user"], name="feedback_rating_once"),
            models.CheckConstraint(
                condition=Q(score__gte=SCALE_MIN, score__lte=SCALE_MAX),
                name="feedback_rating_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id}: {self.score}"


class Survey(ClusterableModel):
    """A course's survey (研修アンケート), shown to those who completed the course."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("講座"),
        help_text=_("この講座を修了した人に、講座のページとマイ学習で表示します。"),
    )
    title = models.CharField(_("題名"), max_length=200)
    intro = models.TextField(_("回答する人への説明"), blank=True)
    active = models.BooleanField(
        _("回答を受け付ける"),
        default=True,
        help_text=_("外すと表示されなくなります。集まった回答は残ります。"),
    )

    class Meta:
        verbose_name = _("研修アンケート")
        verbose_name_plural = _("研修アンケート")
        permissions = [("view_results", _("評価とアンケートの集計を閲覧・出力できる"))]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("5段階評価")
    CHOICE = "choice", _("選択式（1つ選ぶ）")
    TEXT = "text", _("自由記述")


class SurveyQuestion(Orderable):
    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("質問文"), max_length=300)
    kind = models.CharField(
        _("回答の形式"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE
    )
    choices = models.TextField(
        _("選択肢"), blank=True, help_text=_("選択式のとき、1行に1つずつ書いてください。")
    )
    required = models.BooleanField(_("回答必須"), default=True)

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("choices"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("質問")
        verbose_name_plural = _("質問")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        options = self.choice_list
        if self.kind == QuestionKind.CHOICE:
            if len(options) < 2:
                raise ValidationError(
                    {"choices": _("選択肢を2つ以上、1行に1つずつ書いてください。")}
                )
            if len(set(options)) != len(options):
                raise ValidationError({"choices": _("同じ選択肢が2回書かれています。")})
            if any(len(option) > CHOICE_MAX_LENGTH for option in options):
                raise ValidationError({"choices": _("選択肢は1つ200文字までにしてください。")})
        elif options:
            raise ValidationError({"choices": _("選択肢は選択式の質問にだけ書けます。")})


class SurveyResponse(models.Model):
    """That one person answered one survey (once); the answers hang from it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="feedback_survey_answered_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.pk}"


class SurveyAnswer(models.Model):
    """One answer: a point on the scale, the chosen option's text as shown, or free text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    scale = models.PositiveSmallIntegerField(
        null=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    choice = models.CharField(max_length=CHOICE_MAX_LENGTH, blank=True)
    text = models.TextField(max_length=ANSWER_MAX_LENGTH, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="feedback_answer_once_a_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.pk}"
