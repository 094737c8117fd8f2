"""A question's answer as its author builds it: one block of the question's kind.

Single and multiple choice: choices in rows, each with a 正解 checkbox. ○×: whether the statement
is true. Ordering: the items in their correct order. The answer is stored as StreamField data
(see question_blocks.py); this module reads it as the list of options that scoring and the staff
form use, in the order the author wrote them, and says what is wrong with one in the author's
words. Kept apart from the models and from scoring so both can use it without importing each other.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class QuestionKind(models.TextChoices):
    SINGLE = "single", gettext_lazy("単一選択")
    MULTIPLE = "multiple", gettext_lazy("複数選択")
    TRUE_FALSE = "true_false", gettext_lazy("○×")
    ORDERING = "ordering", gettext_lazy("並べ替え")


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool


def true_false_options(statement_is_true: bool) -> list[Choice]:
    """○ then ×, always in this order: attempts name them by these indexes."""
    return [Choice(_("○ 正しい"), statement_is_true), Choice(_("× 誤り"), not statement_is_true)]


def options_of(kind: str, value) -> list[Choice]:
    """The options of one answer block's value, in the author's order.

    `value` is the block's value: a StructValue from the model or a plain dict of the same shape.
    """
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [Choice(row["text"], bool(row["correct"])) for row in value["choices"]]
    if kind == QuestionKind.TRUE_FALSE:
        return true_false_options(value["answer"] == "true")
    if kind == QuestionKind.ORDERING:
        return [Choice(text, False) for text in value["items"]]
    return []


def answer_errors(kind: str, options: Sequence[Choice]) -> list[str]:
    """What is wrong with an answer of this kind, one sentence each; empty if nothing."""
    correct = sum(option.correct for option in options)
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(options) < 2:
        return [_("選択肢を2つ以上入れてください。")]
    if kind == QuestionKind.SINGLE and correct != 1:
        return [_("単一選択の問題では、正解をちょうど1つ選んでください。")]
    if kind == QuestionKind.MULTIPLE and correct < 1:
        return [_("複数選択の問題では、正解を1つ以上選んでください。")]
    if kind == QuestionKind.ORDERING and len(options) < 2:
        return [_("並べ替えの問題には、項目を2つ以上入れてください。")]
    return []


def shown_question(
    number: int, ident: int | str, kind: str, text: str, options: Sequence[Choice], order
) -> dict:
    """A question as the staff form shows it: its text and its choices' texts in `order`
    (authored indexes), named by their position as shown; never which is right."""
    return {
        "number": number,
        "id": ident,
        "kind": kind,
        "text": text,
        "choices": [
            (position, options[index].text)
            for position, index in enumerate(order)
            if index < len(options)
        ],
    }


# The stored (JSON) form of an answer, for code that makes questions: the demo and tests.


def _rows(values: Sequence) -> list[dict]:
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def _stream(kind: str, value: dict) -> list[dict]:
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())}]


def choice_answer(kind: str, options: Sequence[Choice]) -> list[dict]:
    """A single or multiple choice answer."""
    rows = [{"text": option.text, "correct": option.correct} for option in options]
    return _stream(kind, {"choices": _rows(rows)})


def true_false_answer(statement_is_true: bool) -> list[dict]:
    return _stream(QuestionKind.TRUE_FALSE, {"answer": "true" if statement_is_true else "false"})


def ordering_answer(items: Sequence[str]) -> list[dict]:
    """The items in their correct order."""
    return _stream(QuestionKind.ORDERING, {"items": _rows(items)})
