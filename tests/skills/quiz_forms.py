"""The quiz editor's form data as the Wagtail admin posts it, built with Wagtail's own helpers."""

import json

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def list_block(values: list) -> dict:
    data = {
        str(i): {"value": v, "deleted": "", "order": str(i), "id": ""} for i, v in enumerate(values)
    }
    return {"count": str(len(values)), **data}


def choices(kind: str, *rows: tuple[str, bool]) -> tuple[str, dict]:
    """A single or multiple choice answer: (text, correct) rows."""
    return kind, {
        "choices": list_block([{"text": t, "correct": "on" if c else ""} for t, c in rows])
    }


def true_false(is_true: bool) -> tuple[str, dict]:
    return "true_false", {"answer": "true" if is_true else "false"}


def ordering(*items: str) -> tuple[str, dict]:
    return "ordering", {"items": list_block(list(items))}


def question(skill, answer: tuple[str, dict], text: str = "IaaS で利用者が管理するものは") -> dict:
    return {
        "id": "",
        "text": text,
        "answer": streamfield([answer]),
        "skill": skill.pk,
        "level": 1,
        "points": 1,
        "explanation": "",
    }


def quiz_form(lesson, questions: list[dict], title: str = "ガバメントクラウドの基本") -> dict:
    return nested_form_data(
        {
            "title": title,
            "lesson": lesson.pk,
            "course": "",
            "pass_mark": 70,
            "attempt_limit": 3,
            "valid_days": 0,
            "questions_per_attempt": 0,
            "active": "on",
            "questions": inline_formset(questions, min=1),
        }
    )


def answer_errors(response) -> str:
    """The answer blocks' errors of a refused quiz form, as the editor shows them (JSON)."""
    forms = response.context["form"].formsets["questions"].forms
    errors = [
        error.as_json_data() for form in forms for error in form.errors.as_data().get("answer", [])
    ]
    return json.dumps(errors, ensure_ascii=False)
