import random

import pytest
from django.http import QueryDict
from django.urls import reverse

from skills import assessments
from skills.assessments import Choice, credit
from skills.models import Question, QuizAttempt, SkillEvidence, StaffSkillLevel
from skills.question_answers import answer_errors, ordering_answer
from tests.factories import make_course, make_lesson, staff_user
from tests.skills.factories import QuestionFactory, QuizFactory, SkillFactory

Kind = Question.Kind
ABC = [Choice("A", True), Choice("B", False), Choice("C", True), Choice("D", False)]


def test_single_choice_scores_one_only_for_the_correct_choice():
    options = [Choice("A", False), Choice("B", True)]
    assert credit(Kind.SINGLE, options, [1]) == 1
    assert credit(Kind.SINGLE, options, [0]) == 0
    assert credit(Kind.SINGLE, options, []) == 0


def test_true_false_scores_like_a_single_choice():
    options = [Choice("○", False), Choice("×", True)]
    assert credit(Kind.TRUE_FALSE, options, [1]) == 1
    assert credit(Kind.TRUE_FALSE, options, [0]) == 0


def test_multiple_choice_gives_partial_credit_and_wrong_ticks_take_it_back():
    assert credit(Kind.MULTIPLE, ABC, [0, 2]) == 1
    assert credit(Kind.MULTIPLE, ABC, [0]) == 0.5
    assert credit(Kind.MULTIPLE, ABC, [0, 1]) == 0
    assert credit(Kind.MULTIPLE, ABC, [0, 1, 2, 3]) == 0


def test_ordering_credits_the_share_of_items_in_their_place():
    options = [Choice(text, False) for text in "ABCD"]
    assert credit(Kind.ORDERING, options, [0, 1, 2, 3]) == 1
    assert credit(Kind.ORDERING, options, [0, 1, 3, 2]) == 0.5
    assert credit(Kind.ORDERING, options, [3, 2, 1, 0]) == 0


def test_answer_errors_tell_the_author_what_is_wrong():
    assert answer_errors(Kind.SINGLE, [Choice("A", True), Choice("B", True)])
    assert answer_errors(Kind.MULTIPLE, [Choice("A", False), Choice("B", False)])
    assert answer_errors(Kind.ORDERING, [Choice("A", False)])
    assert not answer_errors(Kind.ORDERING, [Choice(text, False) for text in "ABC"])


@pytest.fixture
def lesson(course_index):
    return make_lesson(make_course(course_index))


@pytest.fixture
def quiz(lesson):
    quiz = QuizFactory(lesson=lesson, pass_mark=60, attempt_limit=2)
    skill = SkillFactory(name="クラウドの基本")
    QuestionFactory(quiz=quiz, skill=skill, level=2, text="責任共有モデルとは", sort_order=0)
    QuestionFactory(
        quiz=quiz,
        skill=skill,
        level=3,
        text="障害対応の順番",
        answer=ordering_answer(["検知", "切り分け", "復旧", "報告"]),
        sort_order=1,
    )
    return quiz


def form_for(attempt: QuizAttempt, right: bool = True) -> QueryDict:
    """Answers as the browser would send them, all right or all wrong."""
    data = QueryDict(mutable=True)
    for item in attempt.drawn:
        question = Question.objects.get(pk=item["question"])
        options = assessments.authored_options(question)
        if question.kind == Kind.ORDERING:
            for shown, authored in enumerate(item["order"]):
                rank = authored + 1 if right else len(options) - authored
                data[f"q{question.pk}-rank-{shown}"] = str(rank)
        else:
            wanted = [i for i, option in enumerate(options) if option.correct == right][:1]
            data.setlist(f"q{question.pk}", [str(item["order"].index(i)) for i in wanted])
    return data


@pytest.mark.django_db
def test_a_right_submission_passes_and_becomes_evidence_at_the_highest_level_answered(quiz):
    user = staff_user()
    attempt = assessments.start_attempt(quiz, user)
    assert assessments.submit_attempt(attempt, form_for(attempt)) is True
    assert attempt.passed and attempt.percent == 100
    level = StaffSkillLevel.objects.get(staff=user.staff_profile)
    assert (level.level, level.basis) == (3, StaffSkillLevel.Basis.ASSESSED)


@pytest.mark.django_db
def test_below_the_pass_mark_fails_and_is_still_assessment_evidence(quiz):
    user = staff_user()
    attempt = assessments.start_attempt(quiz, user)
    assessments.submit_attempt(attempt, form_for(attempt, right=False))
    assert not attempt.passed
    evidence = SkillEvidence.objects.get(staff=user.staff_profile)
    assert evidence.source == SkillEvidence.Source.ASSESSMENT
    assert evidence.reference == f"quiz-attempt:{attempt.pk}"


@pytest.mark.django_db
def test_a_second_submission_of_the_same_attempt_counts_once(quiz):
    user = staff_user()
    attempt = assessments.start_attempt(quiz, user)
    assert assessments.submit_attempt(attempt, form_for(attempt, right=False)) is True
    stale = QuizAttempt.objects.get(pk=attempt.pk)
    stale.submitted_at = None  # as a second request racing the first would still see it
    assert assessments.submit_attempt(stale, form_for(attempt)) is False
    attempt.refresh_from_db()
    assert not attempt.passed
    assert assessments.submitted_attempts(quiz, user) == 1


@pytest.mark.django_db
def test_the_attempt_limit_stops_new_attempts(quiz):
    user = staff_user()
    for _ in range(2):
        attempt = assessments.start_attempt(quiz, user)
        assessments.submit_attempt(attempt, form_for(attempt, right=False))
    with pytest.raises(assessments.AttemptLimitReached):
        assessments.start_attempt(quiz, user)


@pytest.mark.django_db
def test_reloading_keeps_the_same_open_attempt(quiz):
    user = staff_user()
    assert assessments.start_attempt(quiz, user) == assessments.start_attempt(quiz, user)


@pytest.mark.django_db
def test_a_draw_takes_the_set_number_of_questions_from_the_bank(quiz):
    quiz.questions_per_attempt = 1
    quiz.save()
    drawn = assessments.draw(quiz, random.Random(1))
    assert len(drawn) == 1


@pytest.mark.django_db
def test_the_lesson_page_shows_the_quiz_without_its_answers(client, quiz, lesson):
    client.force_login(staff_user())
    html = client.get(lesson.url).content.decode()
    assert '<form method="post" action="/skills/attempts/' in html
    assert "責任共有モデルとは" in html
    assert "正しい答え" in html
    assert "*" not in html.split("責任共有モデルとは")[1].split("</fieldset>")[0]
    assert "correct" not in html


@pytest.mark.django_db
def test_submitting_twice_over_http_shows_the_first_result(client, quiz):
    user = staff_user()
    client.force_login(user)
    attempt = assessments.start_attempt(quiz, user)
    url = reverse("quiz_submit", kwargs={"token": attempt.token})
    first = client.post(url, form_for(attempt))
    second = client.post(url, form_for(attempt, right=False))
    assert first.status_code == second.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed
    assert QuizAttempt.objects.filter(user=user, submitted_at__isnull=False).count() == 1
    page = client.get(first["Location"]).content.decode()
    assert 'class="passed"' in page


@pytest.mark.django_db
def test_someone_elses_attempt_is_not_found(client, quiz):
    attempt = assessments.start_attempt(quiz, staff_user())
    client.force_login(staff_user())
    assert client.get(reverse("quiz_attempt", kwargs={"token": attempt.token})).status_code == 404
    url = reverse("quiz_submit", kwargs={"token": attempt.token})
    assert client.post(url, form_for(attempt)).status_code == 404


@pytest.mark.django_db
def test_a_course_final_test_shows_on_the_course_page_after_its_lessons_only(client, course_index):
    course = make_course(course_index)
    first = make_lesson(course, title="はじめに")
    last = make_lesson(course, title="まとめ")
    quiz = QuizFactory(course=course, title="修了テスト")
    QuestionFactory(quiz=quiz)
    client.force_login(staff_user())
    assert "修了テスト" not in client.get(first.url).content.decode()
    assert "修了テスト" not in client.get(last.url).content.decode()
    page = client.get(course.url).content.decode()
    # The course's progress section above the lessons links the test; the test itself follows.
    assert page.index("まとめ") < page.index(f'id="quiz-{quiz.pk}"')


@pytest.mark.django_db
def test_a_course_final_test_is_taken_from_its_course_page(client, course_index):
    course = make_course(course_index)
    make_lesson(course, title="まとめ")
    quiz = QuizFactory(course=course, title="修了テスト")
    QuestionFactory(quiz=quiz)
    client.force_login(staff_user())
    page = client.get(reverse("take_quiz", kwargs={"quiz_id": quiz.pk}))
    assert page.status_code == 200 and course.title in page.content.decode()
