"""Take a quiz in Chromium and see the skill profile change."""

import pytest

from skills.models import Question
from skills.question_answers import Choice, choice_answer, true_false_answer
from tests.factories import make_course, make_lesson, staff_user
from tests.skills.factories import QuestionFactory, QuizFactory, RoleTargetFactory, SkillFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_passing_a_quiz_raises_the_level_on_the_skill_profile(
    browser, live_server, course_index, transactional_db
):
    skill = SkillFactory(name="クラウドサービスの基本", code="GC1-01")
    target = RoleTargetFactory(skill=skill, target_level=3)
    user = staff_user(role_profile=target.role_profile)
    lesson = make_lesson(make_course(course_index))
    quiz = QuizFactory(lesson=lesson, title="基本の確認", pass_mark=100)
    QuestionFactory(
        quiz=quiz,
        skill=skill,
        level=2,
        text="IaaS で利用者が管理するものは",
        answer=choice_answer(
            Question.Kind.SINGLE,
            [
                Choice("物理サーバー", False),
                Choice("OS とミドルウェア", True),
                Choice("建物と電源", False),
            ],
        ),
    )
    QuestionFactory(
        quiz=quiz,
        skill=skill,
        level=2,
        text="責任共有モデルでは、クラウド事業者がすべての責任を負う。",
        answer=true_false_answer(False),
    )

    page = browser.new_page(locale="ja-JP")
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill("pass-for-tests")
    page.get_by_role("button", name="ログイン").click()

    page.goto(f"{live_server.url}/skills/me/")
    level_cell = page.locator('tr[data-skill="GC1-01"] td.level')
    assert level_cell.inner_text() == "0"
    assert page.locator("#skill-radar svg").count() == 1

    page.goto(f"{live_server.url}{lesson.url}")
    page.get_by_label("OS とミドルウェア").check()
    page.get_by_label("× 誤り").check()
    page.get_by_role("button", name="解答を提出する").click()
    page.locator(".quiz-score .passed").wait_for()

    page.get_by_role("link", name="スキルプロファイルを見る").click()
    assert level_cell.inner_text() == "2"
    assert "テストで評価（" in page.locator('tr[data-skill="GC1-01"]').inner_text()
