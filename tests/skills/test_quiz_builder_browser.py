"""An officer builds a quiz in Chromium: a question of each kind, a skill found with the picker's
filter, the preview as staff will see it, then saved; axe finds nothing on the quiz's edit page."""

from pathlib import Path

import pytest

from skills.models import Question, QuizAttempt
from tests.factories import make_course, make_lesson, officer_user
from tests.skills.factories import QuestionFactory, QuizFactory, SkillCategoryFactory, SkillFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def add_question(page, index: int, text: str, kind_label: str) -> str:
    """Adds question `index` with its text and an answer block of the kind; returns its prefix."""
    page.click("#id_questions-ADD")
    page.fill(f"#id_questions-{index}-text", text)
    page.locator(f"#questions-{index}-answer-root .c-sf-add-button").first.click()
    page.get_by_role("option", name=kind_label, exact=True).click()
    return f"questions-{index}-answer-0-value"


def pick_skill(page, index: int) -> None:
    page.fill(f"#id_questions-{index}-skill-filter", "GC1")
    page.select_option(f"#id_questions-{index}-skill", label="GC1-01 クラウドの基本")


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-for-tests")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_an_officer_builds_previews_and_saves_a_quiz_of_every_kind(
    browser, live_server, course_index, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cloud = SkillCategoryFactory(name="クラウド", framework__name="ガバメントクラウド")
    SkillFactory(category=cloud, code="GC1-01", name="クラウドの基本")
    SkillFactory(code="DX9-01", name="データ分析の基本")
    quiz = QuizFactory(lesson=make_lesson(make_course(course_index)), title="基本の確認")
    QuestionFactory(quiz=quiz, text="既存の問題", sort_order=0)
    user = officer_user(username="quiz_officer")

    page = browser.new_page(locale="ja-JP", viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/admin/snippets/skills/quiz/edit/{quiz.pk}/")
    page.wait_for_load_state("networkidle")

    single = add_question(page, 1, "IaaS で利用者が管理するものは", "単一選択")
    page.fill(f"[name='{single}-choices-0-value-text']", "物理サーバー")
    page.fill(f"[name='{single}-choices-1-value-text']", "OS とミドルウェア")
    page.check(f"[name='{single}-choices-1-value-correct']")
    pick_skill(page, 1)
    assert page.locator("#id_questions-1-skill option", has_text="DX9-01").is_hidden()

    multiple = add_question(page, 2, "監視の設計で決めることは", "複数選択")
    page.fill(f"[name='{multiple}-choices-0-value-text']", "しきい値")
    page.fill(f"[name='{multiple}-choices-1-value-text']", "通知先")
    page.check(f"[name='{multiple}-choices-0-value-correct']")
    page.check(f"[name='{multiple}-choices-1-value-correct']")
    pick_skill(page, 2)

    true_false = add_question(page, 3, "クラウド事業者がすべての責任を負う。", "○×")
    page.check(f"[name='{true_false}-answer'][value='false']")
    pick_skill(page, 3)

    ordering = add_question(page, 4, "障害対応を正しい順に", "並べ替え")
    page.fill(f"[name='{ordering}-items-0-value']", "検知")
    page.fill(f"[name='{ordering}-items-1-value']", "復旧")
    pick_skill(page, 4)

    page.get_by_role("button", name="プレビューを開閉").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.get_by_text("障害対応を正しい順に").wait_for()
    assert preview.get_by_role("button", name="解答を提出する").is_disabled()
    assert preview.get_by_label("OS とミドルウェア").count() == 1
    assert preview.get_by_text("プレビューでは提出できません。").count() == 1

    page.get_by_role("button", name="保存").first.click()
    page.wait_for_load_state()
    page.get_by_text("基本の確認").first.wait_for()
    kinds = [q.kind for q in Question.objects.filter(quiz=quiz).order_by("sort_order")]
    assert kinds == ["single", "single", "multiple", "true_false", "ordering"]
    assert not QuizAttempt.objects.exists()


def test_the_quiz_edit_page_has_no_accessibility_violation(
    browser, live_server, course_index, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm install (package.json pins axe-core)")
    quiz = QuizFactory(lesson=make_lesson(make_course(course_index)))
    QuestionFactory(quiz=quiz, skill=SkillFactory(code="GC1-01"))
    user = officer_user(username="axe_officer")
    page = browser.new_page(locale="ja-JP", bypass_csp=True)
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/admin/snippets/skills/quiz/edit/{quiz.pk}/")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    # Wagtail's own chrome is not ours to fix; the form (our panels, blocks and picker) is.
    result = page.evaluate(
        """([tags]) => axe.run({include: ["main form"]},
                                {runOnly: {type: "tag", values: tags}})""",
        [WCAG_21_AA],
    )
    assert result["passes"], "axe checked nothing"
    problems = [
        f"{item['id']}: {node['target']} {node['failureSummary']}"
        for item in result["violations"]
        for node in item["nodes"]
    ]
    assert problems == []
