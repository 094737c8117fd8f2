import pytest
from django.urls import reverse

from skills.models import Quiz, SkillEvidence
from skills.self_assessment import submit
from tests.factories import hr_user, make_course, make_lesson, officer_user, staff_user
from tests.skills import quiz_forms
from tests.skills.factories import RoleTargetFactory, SkillFactory

pytestmark = pytest.mark.django_db

QUIZ_ADD = "/admin/snippets/skills/quiz/add/"


def quiz_form(lesson, skill) -> dict:
    return quiz_forms.quiz_form(
        lesson,
        [
            quiz_forms.question(
                skill,
                quiz_forms.choices("single", ("OS とミドルウェア", True), ("物理サーバー", False)),
            )
        ],
    )


def test_a_training_officer_authors_a_quiz_in_the_wagtail_admin(client, course_index):
    lesson = make_lesson(make_course(course_index))
    client.force_login(officer_user())
    assert client.get(QUIZ_ADD).status_code == 200
    response = client.post(QUIZ_ADD, quiz_form(lesson, SkillFactory()))
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get(title="ガバメントクラウドの基本")
    assert quiz.lesson_id == lesson.pk and quiz.questions.count() == 1


def test_a_question_whose_choices_mark_no_answer_is_refused(client, course_index):
    lesson = make_lesson(make_course(course_index))
    client.force_login(officer_user())
    form = quiz_form(lesson, SkillFactory())
    form["questions-0-answer-0-value-choices-0-value-correct"] = ""
    response = client.post(QUIZ_ADD, form)
    assert response.status_code == 200
    assert "正解をちょうど1つ選んでください" in quiz_forms.answer_errors(response)
    assert not Quiz.objects.exists()


def test_a_training_officer_tags_lessons_with_skills_in_the_wagtail_admin(client):
    client.force_login(officer_user())
    assert client.get("/admin/snippets/skills/lessonskill/add/").status_code == 200


@pytest.mark.parametrize("make_user", [staff_user, hr_user])
def test_staff_and_hr_cannot_author_quizzes(client, make_user):
    client.force_login(make_user())
    assert client.get(QUIZ_ADD).status_code in (302, 403)


def test_the_profile_page_shows_only_the_signed_in_persons_levels(client):
    target = RoleTargetFactory(target_level=3, skill=SkillFactory(name="監視とログ管理"))
    mine = staff_user(role_profile=target.role_profile)
    theirs = staff_user(role_profile=target.role_profile)
    submit(mine.staff_profile, {target.skill_id: 1})
    submit(theirs.staff_profile, {target.skill_id: 4})
    client.force_login(mine)
    html = client.get(reverse("skill_profile")).content.decode()
    assert mine.staff_profile.display_name in html
    assert theirs.staff_profile.display_name not in html
    row = html.split('data-skill="' + target.skill.code + '"')[1].split("</tr>")[0]
    assert '<td class="level">1</td>' in row
    assert SkillEvidence.objects.count() == 2


def test_an_account_without_a_staff_profile_gets_a_clear_page(client):
    client.force_login(officer_user())
    response = client.get(reverse("skill_profile"))
    assert response.status_code == 404
    assert "職員情報が登録されていない" in response.content.decode()
