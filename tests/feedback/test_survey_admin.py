"""Officers write surveys in the Wagtail admin; answers already given survive their edits."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from feedback.models import QuestionKind, Survey, SurveyAnswer, SurveyResponse
from tests.factories import hr_user, officer_user, staff_user

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/feedback/survey/add/"


def edit_url(survey) -> str:
    return f"/admin/snippets/feedback/survey/edit/{survey.pk}/"


def question(text, kind=QuestionKind.SCALE, choices="", required=True, **extra) -> dict:
    fields = {"text": text, "kind": kind, "choices": choices, **extra}
    if required:
        fields["required"] = "on"
    return fields


def form(course, questions, initial=0) -> dict:
    return nested_form_data(
        {
            "course": course.pk,
            "title": "研修の振り返り",
            "intro": "",
            "active": "on",
            "questions": inline_formset(questions, initial=initial),
        }
    )


def test_an_officer_writes_a_survey_with_structured_questions(client, course):
    client.force_login(officer_user())

    response = client.post(
        ADD,
        form(
            course,
            [
                question("役に立ちましたか"),
                question("長さは", QuestionKind.CHOICE, "短い\nちょうどよい\n長い"),
                question("ご意見", QuestionKind.TEXT, required=False),
            ],
        ),
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    survey = Survey.objects.get()
    assert (survey.course_id, survey.title) == (course.pk, "研修の振り返り")
    assert [(q.kind, q.required) for q in survey.questions.all()] == [
        ("scale", True),
        ("choice", True),
        ("text", False),
    ]


def test_hr_may_not_write_surveys(client):
    client.force_login(hr_user())

    assert client.get(ADD).status_code in (302, 403)


def test_a_question_with_answers_cannot_be_deleted(client, course, survey):
    answered = survey.questions.first()
    response = SurveyResponse.objects.create(survey=survey, user=staff_user())
    SurveyAnswer.objects.create(response=response, question=answered, scale=4)
    client.force_login(officer_user())
    rows = [
        question(q.text, q.kind, q.choices, q.required, id=q.pk, ORDER=str(number))
        for number, q in enumerate(survey.questions.all(), start=1)
    ]
    rows[0]["DELETE"] = "on"

    edit = client.post(edit_url(survey), form(course, rows, initial=len(rows)))

    assert edit.status_code == 200
    refusal = "回答がある質問「研修は業務に役立ちそうですか」は削除できません。"
    assert refusal in edit.content.decode()
    assert SurveyAnswer.objects.filter(question=answered).exists()
