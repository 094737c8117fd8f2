"""A question's choices as its author writes them: one a line, a leading * marks a correct one.

Kept apart from the scoring in assessments.py so that the Question model can check its own
choices without importing the logic that imports the models.
"""

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


def parse_choices(text: str) -> list[Choice]:
    """One choice a line; a leading * marks a correct one."""
    choices = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        correct = line.startswith("*")
        choices.append(Choice(line.lstrip("*").strip(), correct))
    return choices


def choice_errors(kind: str, text: str) -> list[str]:
    """What is wrong with a question's choices, in words for the author; empty if nothing."""
    choices = parse_choices(text)
    correct = sum(choice.correct for choice in choices)
    if kind == QuestionKind.TRUE_FALSE:
        return []
    if len(choices) < 2:
        return [_("選択肢を2つ以上書いてください。")]
    if kind == QuestionKind.SINGLE and correct != 1:
        return [_("単一選択の問題では、正解（先頭に * ）をちょうど1つにしてください。")]
    if kind == QuestionKind.MULTIPLE and correct < 1:
        return [_("複数選択の問題では、正解（先頭に * ）を1つ以上にしてください。")]
    if kind == QuestionKind.ORDERING and correct:
        return [_("並べ替えの問題では * を付けず、正しい順に書いてください。")]
    return []
