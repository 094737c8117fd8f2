"""Course surveys: shown after completing the course, answered once, kept from everyone else."""

import pytest
from django.core.exceptions import ValidationError

from feedback.models import QuestionKind, SurveyAnswer, SurveyQuestion, SurveyResponse
from tests.factories import staff_user
from tests.feedback.conftest import complete_course, make_survey

pytestmark = pytest.mark.django_db


def answers(survey, scale="4", choice="1", text="") -> dict:
    scale_q, choice_q, text_q = survey.questions.all()
    return {f"q{scale_q.pk}": scale, f"q{choice_q.pk}": choice, f"q{text_q.pk}": text}


def survey_url(survey) -> str:
    return f"/feedback/surveys/{survey.pk}/"


def test_the_survey_is_not_shown_before_the_course_is_completed(client, course, survey):
    person = staff_user()
    client.force_login(person)

    assert "研修の振り返り" not in client.get(course.url).content.decode()
    assert client.get(survey_url(survey)).status_code == 404


def test_the_course_page_shows_the_survey_once_the_course_is_completed(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)

    page = client.get(course.url).content.decode()

    assert "研修アンケート: 研修の振り返り" in page
    assert f'action="/feedback/surveys/{survey.pk}/"' in page
    assert "5: そう思う" in page


def test_my_page_lists_the_surveys_waiting_for_an_answer(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)

    page = client.get("/my/").content.decode()

    assert "回答をお願いしている研修アンケート" in page
    assert f'href="/feedback/surveys/{survey.pk}/"' in page


def test_answering_keeps_each_answer_as_given(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)

    response = client.post(survey_url(survey), answers(survey, "5", "2", "動画が見やすい"))

    assert response.status_code == 302
    stored = {a.question.kind: a for a in SurveyAnswer.objects.select_related("question")}
    assert stored[QuestionKind.SCALE].scale == 5
    assert stored[QuestionKind.CHOICE].choice == "長い"
    assert stored[QuestionKind.TEXT].text == "動画が見やすい"
    assert SurveyResponse.objects.get().user == person


def test_a_blank_optional_question_stores_no_answer(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)

    client.post(survey_url(survey), answers(survey, text=""))

    assert SurveyAnswer.objects.count() == 2


def test_a_survey_is_answered_only_once(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)
    client.post(survey_url(survey), answers(survey, "5"))

    response = client.post(survey_url(survey), answers(survey, "1"), follow=True)

    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.get(question__kind=QuestionKind.SCALE).scale == 5
    assert "このアンケートには回答済みです" in response.content.decode()


def test_once_answered_the_survey_leaves_my_page_and_the_course_page_thanks(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)
    client.post(survey_url(survey), answers(survey))

    assert "回答をお願いしている研修アンケート" not in client.get("/my/").content.decode()
    course_page = client.get(course.url).content.decode()
    assert "ご協力ありがとうございました" in course_page
    assert f'action="/feedback/surveys/{survey.pk}/"' not in course_page


def test_a_missing_required_answer_is_refused_and_the_others_kept(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)

    response = client.post(survey_url(survey), answers(survey, scale="", text="残す文"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "「研修は業務に役立ちそうですか」に回答してください。" in page
    assert ">残す文</textarea>" in page
    assert 'value="1" required checked' in page
    assert not SurveyResponse.objects.exists()


def test_a_choice_that_was_not_offered_is_refused(client, course, survey):
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)

    response = client.post(survey_url(survey), answers(survey, choice="9"))

    assert response.status_code == 400
    assert "示された選択肢から選んでください" in response.content.decode()


def test_an_inactive_survey_is_neither_shown_nor_answered(client, course):
    survey = make_survey(course, active=False)
    person = staff_user()
    complete_course(person, course)
    client.force_login(person)

    assert "研修の振り返り" not in client.get(course.url).content.decode()
    assert client.post(survey_url(survey), answers(survey)).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_answers_are_never_shown_to_another_person(client, course, survey):
    author = staff_user()
    complete_course(author, course)
    client.force_login(author)
    client.post(survey_url(survey), answers(survey, text="だれにも見せない感想"))
    other = staff_user()
    complete_course(other, course)
    client.force_login(other)

    for url in (course.url, survey_url(survey), "/my/"):
        assert "だれにも見せない感想" not in client.get(url).content.decode()


def test_a_choice_question_needs_two_options():
    question = SurveyQuestion(text="どれ", kind=QuestionKind.CHOICE, choices="ひとつだけ")

    with pytest.raises(ValidationError, match="選択肢を2つ以上"):
        question.clean()
