"""The answer blocks of a question, one per kind, each with its own fields and its own check."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .question_answers import QuestionKind, answer_errors, options_of


class ChoiceRowBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("選択肢"), max_length=500)
    correct = blocks.BooleanBlock(label=_("正解"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("選択肢")
        form_classname = "quiz-choice-row"


# A new answer starts with two empty rows; the count is checked by answer_errors with our message.
TWO_EMPTY_CHOICES = [{"text": "", "correct": False}, {"text": "", "correct": False}]


class AnswerBlock(blocks.StructBlock):
    """Checks the whole answer (how many correct, how many items) with answer_errors."""

    kind = ""

    def clean(self, value):
        value = super().clean(value)
        errors = answer_errors(self.kind, options_of(self.kind, value))
        if errors:
            raise StructBlockValidationError(non_block_errors=[ValidationError(errors[0])])
        return value


class SingleChoiceBlock(AnswerBlock):
    kind = QuestionKind.SINGLE
    choices = blocks.ListBlock(
        ChoiceRowBlock(), label=_("選択肢（正解を1つ選びます）"), default=TWO_EMPTY_CHOICES
    )

    class Meta:
        icon = "radio-full"
        label = QuestionKind.SINGLE.label


class MultipleChoiceBlock(AnswerBlock):
    kind = QuestionKind.MULTIPLE
    choices = blocks.ListBlock(
        ChoiceRowBlock(), label=_("選択肢（正解を1つ以上選びます）"), default=TWO_EMPTY_CHOICES
    )

    class Meta:
        icon = "tasks"
        label = QuestionKind.MULTIPLE.label


class TrueFalseBlock(AnswerBlock):
    kind = QuestionKind.TRUE_FALSE
    answer = blocks.ChoiceBlock(
        label=_("正解"),
        choices=[("true", _("○ 正しい")), ("false", _("× 誤り"))],
        widget=forms.RadioSelect,
        default="true",
    )

    class Meta:
        icon = "tick-inverse"
        label = QuestionKind.TRUE_FALSE.label


class OrderingBlock(AnswerBlock):
    kind = QuestionKind.ORDERING
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("項目"), max_length=500),
        label=_("項目（正しい順に並べます）"),
        default=["", ""],
    )

    class Meta:
        icon = "order"
        label = QuestionKind.ORDERING.label


class AnswerStreamBlock(blocks.StreamBlock):
    """Exactly one answer block per question: its type is the question's kind."""

    single = SingleChoiceBlock()
    multiple = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    ordering = OrderingBlock()

    class Meta:
        # No min_num: the editor would show its error before anything is typed; clean() says it.
        max_num = 1

    def clean(self, value):
        if not value:
            raise StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(_("問題の形式を1つ選んで、答えを入れてください。"))
                ]
            )
        return super().clean(value)
