"""The quiz builder: questions as answer blocks of four kinds, checked per kind, scored by one rule;
questions written in the old textarea are migrated so that attempts drawn before still score the
same; the skill picker groups by framework; the quiz list says 公開/非公開; a preview as staff see
it records nothing."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from skills import assessments
from skills.models import Question, Quiz, QuizAttempt
from skills.question_answers import Choice
from skills.question_blocks import AnswerStreamBlock
from tests.factories import make_course, make_lesson, officer_user, staff_user
from tests.skills import quiz_forms
from tests.skills.factories import QuestionFactory, QuizFactory, SkillCategoryFactory, SkillFactory

QUIZ_ADD = "/admin/snippets/skills/quiz/add/"
Kind = Question.Kind
block_migration = importlib.import_module("skills.migrations.0013_question_blocks")


def answer_block_errors(kind: str, value: dict) -> str:
    """The message the editor shows for one answer block, or "" when it is accepted."""
    stream = AnswerStreamBlock()
    try:
        stream.clean(stream.to_python([{"type": kind, "value": value}]))
    except ValidationError as error:
        return str(error.as_json_data())
    return ""


def rows(*pairs: tuple[str, bool]) -> dict:
    return {"choices": [{"text": text, "correct": correct} for text, correct in pairs]}


def test_a_single_choice_needs_exactly_one_correct_choice():
    assert "ちょうど1つ" in answer_block_errors("single", rows(("A", True), ("B", True)))
    assert "ちょうど1つ" in answer_block_errors("single", rows(("A", False), ("B", False)))
    assert answer_block_errors("single", rows(("A", True), ("B", False))) == ""


def test_a_multiple_choice_needs_at_least_one_correct_choice():
    assert "1つ以上" in answer_block_errors("multiple", rows(("A", False), ("B", False)))
    assert answer_block_errors("multiple", rows(("A", True), ("B", True))) == ""


def test_a_choice_question_needs_two_choices():
    assert "2つ以上" in answer_block_errors("single", rows(("A", True)))


def test_an_ordering_needs_at_least_two_items():
    assert "2つ以上" in answer_block_errors("ordering", {"items": ["検知"]})
    assert answer_block_errors("ordering", {"items": ["検知", "復旧"]}) == ""


def test_a_true_false_question_needs_its_answer():
    assert answer_block_errors("true_false", {"answer": ""}) != ""
    assert answer_block_errors("true_false", {"answer": "false"}) == ""


def test_a_question_needs_an_answer_block():
    stream = AnswerStreamBlock()
    with pytest.raises(ValidationError) as refused:
        stream.clean(stream.to_python([]))
    assert "問題の形式を1つ選んで" in str(refused.value.as_json_data())


def four_kinds(skill) -> list[dict]:
    return [
        quiz_forms.question(
            skill,
            quiz_forms.choices("single", ("物理サーバー", False), ("OS", True)),
            text="単一",
        ),
        quiz_forms.question(
            skill,
            quiz_forms.choices("multiple", ("監視", True), ("通知先", True), ("勤務表", False)),
            text="複数",
        ),
        quiz_forms.question(skill, quiz_forms.true_false(False), text="○×"),
        quiz_forms.question(skill, quiz_forms.ordering("検知", "切り分け", "復旧"), text="順番"),
    ]


@pytest.mark.django_db
def test_an_officer_builds_a_quiz_with_a_question_of_each_kind(client, course_index):
    lesson = make_lesson(make_course(course_index))
    client.force_login(officer_user())
    response = client.post(QUIZ_ADD, quiz_forms.quiz_form(lesson, four_kinds(SkillFactory())))
    assert response.status_code == 302, quiz_forms.answer_errors(response)
    questions = Quiz.objects.get().questions.order_by("sort_order")
    assert [q.kind for q in questions] == ["single", "multiple", "true_false", "ordering"]
    assert [option.correct for option in questions[0].options] == [False, True]
    assert questions[2].options == [Choice("○ 正しい", False), Choice("× 誤り", True)]
    assert [option.text for option in questions[3].options] == ["検知", "切り分け", "復旧"]


@pytest.mark.django_db
def test_a_refused_question_keeps_what_the_officer_typed(client, course_index):
    lesson = make_lesson(make_course(course_index))
    client.force_login(officer_user())
    form = quiz_forms.quiz_form(lesson, four_kinds(SkillFactory()))
    form["questions-1-answer-0-value-choices-0-value-correct"] = ""
    form["questions-1-answer-0-value-choices-1-value-correct"] = ""
    response = client.post(QUIZ_ADD, form)
    assert response.status_code == 200
    assert "複数選択の問題では、正解を1つ以上選んでください。" in quiz_forms.answer_errors(response)
    assert "\\u52e4\\u52d9\\u8868" in response.content.decode()  # 勤務表, in the stream's JSON
    assert not Quiz.objects.exists()


@pytest.mark.django_db
def test_built_questions_are_scored_by_the_one_rule(course_index):
    quiz = QuizFactory(lesson=make_lesson(make_course(course_index)), pass_mark=100)
    skill = SkillFactory()
    for order, data in enumerate(four_kinds(skill)):
        kind, value = data["answer"]["0"]["type"], data["answer"]["0"]["value"]
        QuestionFactory(quiz=quiz, skill=skill, sort_order=order, answer=stored(kind, value))
    user = staff_user()
    attempt = assessments.start_attempt(quiz, user)
    answers = {}
    for item in attempt.drawn:
        question = Question.objects.get(pk=item["question"])
        correct = [i for i, option in enumerate(question.options) if option.correct]
        answers[question.pk] = correct if question.kind != Kind.ORDERING else [0, 1, 2]
    total, maximum, _record = assessments.score(attempt, answers)
    assert total == maximum == 4


def stored(kind: str, form_value: dict) -> list[dict]:
    """The stored answer of a form value made by quiz_forms (list blocks flattened)."""
    if kind == "true_false":
        return [{"type": kind, "value": form_value}]
    name = "items" if kind == "ordering" else "choices"
    items = [form_value[name][str(i)]["value"] for i in range(int(form_value[name]["count"]))]
    if kind != "ordering":
        items = [{"text": item["text"], "correct": item["correct"] == "on"} for item in items]
    return [{"type": kind, "value": {name: items}}]


def test_the_textarea_format_becomes_blocks_in_the_same_order():
    single = block_migration.answer_from_textarea("single", "物理サーバー\n*OS\n\n建物", True)
    assert single[0]["type"] == "single"
    assert [row["value"] for row in single[0]["value"]["choices"]] == [
        {"text": "物理サーバー", "correct": False},
        {"text": "OS", "correct": True},
        {"text": "建物", "correct": False},
    ]
    ordering = block_migration.answer_from_textarea("ordering", "検知\n復旧", True)
    assert [item["value"] for item in ordering[0]["value"]["items"]] == ["検知", "復旧"]
    assert block_migration.answer_from_textarea("true_false", "", False)[0]["value"] == {
        "answer": "false"
    }


def test_blocks_go_back_to_the_textarea_when_the_migration_is_reversed():
    answer = block_migration.answer_from_textarea("multiple", "*A\nB\n*C", True)
    assert block_migration.textarea_from_answer(answer) == ("multiple", "*A\nB\n*C", True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_attempt_drawn_before_the_migration_scores_the_same_after_it():
    executor = MigrationExecutor(connection)
    before = [("skills", "0012_final_test_on_course_page")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    framework = apps.get_model("skills", "SkillFramework").objects.create(code="gc", name="GC")
    category = apps.get_model("skills", "SkillCategory").objects.create(
        framework=framework, code="c", name="C"
    )
    skill = apps.get_model("skills", "Skill").objects.create(category=category, code="s", name="S")
    old_quiz = apps.get_model("skills", "Quiz").objects.create(title="移行前のテスト")
    OldQuestion = apps.get_model("skills", "Question")
    choice = OldQuestion.objects.create(
        quiz=old_quiz, kind="single", text="Q1", choices="A\n*B\nC", skill=skill, sort_order=0
    )
    true_false = OldQuestion.objects.create(
        quiz=old_quiz,
        kind="true_false",
        text="Q2",
        choices="",
        statement_is_true=False,
        skill=skill,
        sort_order=1,
    )
    user = apps.get_model("auth", "User").objects.create(username="before")
    # Shown as C, B, A and ○, ×; the person picked B (shown 2nd) and × (shown 2nd).
    drawn = [
        {"question": choice.pk, "kind": "single", "order": [2, 1, 0]},
        {"question": true_false.pk, "kind": "true_false", "order": [0, 1]},
    ]
    attempt_pk = (
        apps.get_model("skills", "QuizAttempt")
        .objects.create(quiz=old_quiz, user=user, drawn=drawn)
        .pk
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    attempt = QuizAttempt.objects.get(pk=attempt_pk)
    answers = {f"q{choice.pk}": ["1"], f"q{true_false.pk}": ["1"]}
    assert assessments.submit_attempt(attempt, answers)
    assert (attempt.score, attempt.max_score) == (2, 2)
    assert Question.objects.get(pk=choice.pk).options[1] == Choice("B", True)


@pytest.mark.django_db
def test_the_skill_picker_groups_skills_by_framework_and_category(client):
    category = SkillCategoryFactory(name="クラウド", framework__name="ガバメントクラウド")
    SkillFactory(category=category, code="GC1-01", name="クラウドの基本")
    client.force_login(officer_user())
    html = client.get(QUIZ_ADD).content.decode()
    assert 'optgroup label="ガバメントクラウド — クラウド"' in html
    assert "GC1-01 クラウドの基本" in html
    assert 'class="skill-picker-filter"' in html


@pytest.mark.django_db
def test_the_quiz_list_says_published_or_not_in_words(client):
    QuizFactory(title="公開中のテスト", active=True)
    QuizFactory(title="準備中のテスト", active=False)
    client.force_login(officer_user())
    html = client.get("/admin/snippets/skills/quiz/").content.decode()
    assert "非公開" in html
    assert ">True<" not in html and ">False<" not in html
    assert "True" not in html.split("<tbody")[1].split("</tbody>")[0]


@pytest.mark.django_db
def test_the_preview_shows_the_quiz_as_staff_see_it_and_records_nothing(client, course_index):
    lesson = make_lesson(make_course(course_index))
    quiz = QuizFactory(lesson=lesson, title="プレビューするテスト")
    QuestionFactory(quiz=quiz, text="責任共有モデルとは")
    client.force_login(officer_user())
    form = quiz_forms.quiz_form(lesson, four_kinds(SkillFactory()), title="直したテスト")
    url = f"/admin/snippets/skills/quiz/preview/{quiz.pk}/"
    assert client.post(url, form).json()["is_valid"] is True
    html = client.get(url).content.decode()
    section = html.split('<section class="quiz"')[1].split("</section>")[0]
    assert "直したテスト" in section and "順番" in section and "勤務表" in section
    assert '<button type="button" disabled>' in section
    assert "correct" not in section and "<form method" not in section
    assert not QuizAttempt.objects.exists()
    assert Quiz.objects.get(pk=quiz.pk).title == "プレビューするテスト"
