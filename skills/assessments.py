"""Quizzes: drawing questions for an attempt, scoring answers on the server, feedback.

Correct answers never leave the server before submission: the form shows only the choices' text,
in an order fixed when the attempt starts, and names them by their index in that order.

Scoring, per question, as a credit from 0 to 1 times the question's points:
- single choice and ○×: 1 for the correct choice, else 0;
- multiple choice: (correct choices ticked − wrong choices ticked) / number of correct choices,
  never below 0, so ticking everything earns nothing;
- ordering: the share of items put in their correct position.
An attempt passes when its score is at least the quiz's pass mark, in percent of the maximum.
A submission is scored once: a second one with the same attempt token changes nothing.
"""

import random
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .events import attempt_submitted
from .evidence import record_attempt
from .models import Question, Quiz, QuizAttempt
from .question_answers import Choice, shown_question


class AttemptLimitReached(Exception):
    """The person has used all the attempts the quiz allows."""


def authored_options(question: Question) -> list[Choice]:
    """The choices in the order the author wrote them (○ then × for true/false questions)."""
    return question.options


def credit(kind: str, options: list[Choice], given: list[int]) -> float:
    """The share of a question's points earned; `given` lists authored choice indexes.

    For ordering questions `given` is the order the person put the items in.
    """
    correct = {index for index, option in enumerate(options) if option.correct}
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
        return 1.0 if len(given) == 1 and given[0] in correct else 0.0
    if kind == Question.Kind.MULTIPLE:
        ticked = set(given)
        earned = len(ticked & correct) - len(ticked - correct)
        return max(0.0, earned / len(correct)) if correct else 0.0
    if kind == Question.Kind.ORDERING:
        if not options:
            return 0.0
        in_place = sum(1 for position, index in enumerate(given) if index == position)
        return in_place / len(options)
    return 0.0


def draw(quiz: Quiz, rng: random.Random | None = None) -> list[dict]:
    """The questions of one attempt and the order their choices are shown in."""
    rng = rng or random.Random()
    questions = list(quiz.questions.all())
    count = quiz.questions_per_attempt
    if count and count < len(questions):
        questions = sorted(rng.sample(questions, count), key=lambda q: q.sort_order or 0)
    drawn = []
    for question in questions:
        order = list(range(len(authored_options(question))))
        if question.kind != Question.Kind.TRUE_FALSE:
            rng.shuffle(order)
        drawn.append({"question": question.pk, "kind": question.kind, "order": order})
    return drawn


def submitted_attempts(quiz: Quiz, user) -> int:
    return QuizAttempt.objects.filter(quiz=quiz, user=user, submitted_at__isnull=False).count()


def attempts_left(quiz: Quiz, user) -> int | None:
    """How many more attempts the person may start; None when the quiz has no limit."""
    if not quiz.attempt_limit:
        return None
    return max(0, quiz.attempt_limit - submitted_attempts(quiz, user))


def open_attempt(quiz: Quiz, user) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(quiz=quiz, user=user, submitted_at__isnull=True).first()


def start_attempt(quiz: Quiz, user, rng: random.Random | None = None) -> QuizAttempt:
    """The person's unsubmitted attempt, or a new one drawn now; reloading keeps the same draw."""
    attempt = open_attempt(quiz, user)
    if attempt is not None:
        return attempt
    if attempts_left(quiz, user) == 0:
        raise AttemptLimitReached
    return QuizAttempt.objects.create(quiz=quiz, user=user, drawn=draw(quiz, rng))


def read_answers(attempt: QuizAttempt, data) -> dict[int, list[int]]:
    """The answers in a submitted form, as authored choice indexes per question id.

    The form names choices by their position as shown; anything not offered is ignored. An
    ordering question's items carry a rank each; equal or missing ranks keep the shown order.
    """
    answers: dict[int, list[int]] = {}
    for item in attempt.drawn:
        question_id, order = item["question"], item["order"]
        name = f"q{question_id}"
        if item.get("kind") == Question.Kind.ORDERING:
            ranks = []
            for shown, authored in enumerate(order):
                raw = data.get(f"{name}-rank-{shown}", "")
                rank = int(raw) if str(raw).isdigit() else len(order) + 1
                ranks.append((rank, shown, authored))
            answers[question_id] = [authored for _rank, _shown, authored in sorted(ranks)]
            continue
        shown_positions = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        chosen = []
        for raw in shown_positions:
            if str(raw).isdigit() and int(raw) < len(order) and order[int(raw)] not in chosen:
                chosen.append(order[int(raw)])
        answers[question_id] = chosen
    return answers


def score(attempt: QuizAttempt, answers: dict[int, list[int]]) -> tuple[float, float, dict]:
    """(score, maximum, per-question record) for the attempt's drawn questions."""
    questions = Question.objects.in_bulk([item["question"] for item in attempt.drawn])
    total = maximum = 0.0
    record = {}
    for item in attempt.drawn:
        question = questions.get(item["question"])
        if question is None:
            continue
        given = answers.get(question.pk, [])
        earned = credit(question.kind, authored_options(question), given)
        total += earned * question.points
        maximum += question.points
        record[str(question.pk)] = {"given": given, "credit": earned}
    return total, maximum, record


def submit_attempt(attempt: QuizAttempt, data, now: datetime | None = None) -> bool:
    """Score and close the attempt; True if this call did it, False if it was already done."""
    if attempt.submitted_at is not None:
        return False
    now = now or timezone.now()
    total, maximum, record = score(attempt, read_answers(attempt, data))
    passed = maximum > 0 and 100 * total / maximum >= attempt.quiz.pass_mark
    with transaction.atomic():
        # The condition on submitted_at makes a double submission count once, even when racing.
        closed = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
            submitted_at=now, answers=record, score=total, max_score=maximum, passed=passed
        )
        attempt.refresh_from_db()
        if closed:
            # Passed or not, the attempt is assessment evidence (see evidence.py).
            record_attempt(attempt)
            attempt_submitted.send(QuizAttempt, attempt=attempt)
    return bool(closed)


def feedback(attempt: QuizAttempt) -> list[dict]:
    """Per question, after submission: the choices with what was chosen and what was right."""
    questions = Question.objects.select_related("skill").in_bulk(
        [item["question"] for item in attempt.drawn]
    )
    rows = []
    for item in attempt.drawn:
        question = questions.get(item["question"])
        if question is None:
            continue
        options = authored_options(question)
        answer = attempt.answers.get(str(question.pk), {"given": [], "credit": 0})
        given = answer["given"]
        row = {
            "question": question,
            "credit": answer["credit"],
            "correct": answer["credit"] >= 1,
            "explanation": question.explanation,
        }
        if question.kind == Question.Kind.ORDERING:
            row["given_order"] = [options[index].text for index in given if index < len(options)]
            row["correct_order"] = [option.text for option in options]
        else:
            row["options"] = [
                {"text": option.text, "chosen": index in given, "correct": option.correct}
                for index, option in enumerate(options)
            ]
        rows.append(row)
    return rows


def shown_questions(attempt: QuizAttempt) -> list[dict]:
    """What the form shows: question text and choice texts in the drawn order, nothing more."""
    questions = Question.objects.in_bulk([item["question"] for item in attempt.drawn])
    shown = []
    for number, item in enumerate(attempt.drawn, start=1):
        question = questions.get(item["question"])
        if question is not None:
            shown.append(
                shown_question(
                    number,
                    question.pk,
                    question.kind,
                    question.text,
                    question.options,
                    item["order"],
                )
            )
    return shown
