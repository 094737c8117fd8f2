"""Questions' answers become blocks: the textarea of choices ("*" marking a right one, one a line)
and the ○× checkbox are turned into one answer block per question, in the same order, so that
attempts already drawn (which name choices by their index) are still scored the same."""

import uuid

import wagtail.fields
from django.db import migrations


TWO_EMPTY_CHOICES = [{"correct": False, "text": ""}, {"correct": False, "text": ""}]


def _rows(values: list) -> list[dict]:
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def answer_from_textarea(kind: str, choices: str, statement_is_true: bool) -> list[dict]:
    """The answer block for a question written the old way (kept here: the format is gone)."""
    if kind == "true_false":
        value = {"answer": "true" if statement_is_true else "false"}
    else:
        lines = [line.strip() for line in choices.splitlines() if line.strip()]
        if kind == "ordering":
            value = {"items": _rows([line.lstrip("*").strip() for line in lines])}
        else:
            rows = [
                {"text": line.lstrip("*").strip(), "correct": line.startswith("*")}
                for line in lines
            ]
            value = {"choices": _rows(rows)}
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())}]


def textarea_from_answer(answer: list) -> tuple[str, str, bool]:
    """(kind, choices, statement_is_true) of an answer block, for going back to the textarea."""
    if not answer:
        return "single", "", True
    kind, value = answer[0]["type"], answer[0]["value"]
    if kind == "true_false":
        return kind, "", value["answer"] == "true"
    if kind == "ordering":
        return kind, "\n".join(item["value"] for item in value["items"]), True
    lines = [
        ("*" if row["value"]["correct"] else "") + row["value"]["text"] for row in value["choices"]
    ]
    return kind, "\n".join(lines), True


def to_blocks(apps, schema_editor):
    Question = apps.get_model("skills", "Question")
    for question in Question.objects.all().iterator():
        question.answer = answer_from_textarea(
            question.kind, question.choices, question.statement_is_true
        )
        question.save(update_fields=["answer"])


def to_textarea(apps, schema_editor):
    Question = apps.get_model("skills", "Question")
    for question in Question.objects.all().iterator():
        question.kind, question.choices, question.statement_is_true = textarea_from_answer(
            list(question.answer.raw_data)
        )
        question.save(update_fields=["kind", "choices", "statement_is_true"])


class Migration(migrations.Migration):
    dependencies = [("skills", "0012_final_test_on_course_page")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="answer",
            field=wagtail.fields.StreamField(
                [("single", 4), ("multiple", 6), ("true_false", 8), ("ordering", 11)],
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "選択肢", "max_length": 500}),
                    1: ("wagtail.blocks.BooleanBlock", (), {"label": "正解", "required": False}),
                    2: ("wagtail.blocks.StructBlock", [[("text", 0), ("correct", 1)]], {}),
                    3: (
                        "wagtail.blocks.ListBlock",
                        (2,),
                        {"default": TWO_EMPTY_CHOICES, "label": "選択肢（正解を1つ選びます）"},
                    ),
                    4: ("wagtail.blocks.StructBlock", [[("choices", 3)]], {}),
                    5: (
                        "wagtail.blocks.ListBlock",
                        (2,),
                        {"default": TWO_EMPTY_CHOICES, "label": "選択肢（正解を1つ以上選びます）"},
                    ),
                    6: ("wagtail.blocks.StructBlock", [[("choices", 5)]], {}),
                    7: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {"choices": [("true", "○ 正しい"), ("false", "× 誤り")], "label": "正解"},
                    ),
                    8: ("wagtail.blocks.StructBlock", [[("answer", 7)]], {}),
                    9: ("wagtail.blocks.CharBlock", (), {"label": "項目", "max_length": 500}),
                    10: (
                        "wagtail.blocks.ListBlock",
                        (9,),
                        {"default": ["", ""], "label": "項目（正しい順に並べます）"},
                    ),
                    11: ("wagtail.blocks.StructBlock", [[("items", 10)]], {}),
                },
                default=list,
                help_text="問題の形式を1つ選び、その答えを入れます。",
                verbose_name="答え",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(to_blocks, to_textarea),
        migrations.RemoveField(model_name="question", name="choices"),
        migrations.RemoveField(model_name="question", name="kind"),
        migrations.RemoveField(model_name="question", name="statement_is_true"),
    ]
