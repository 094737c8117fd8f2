"""Taking a quiz: the section on a lesson page, submitting, and the feedback page."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.access import may_view

from . import assessments
from .models import Quiz, QuizAttempt


def quizzes_for_lesson(lesson) -> list[Quiz]:
    """The lesson's own quizzes."""
    return list(Quiz.objects.filter(lesson=lesson, active=True))


def final_tests(course) -> list[Quiz]:
    """The course's final tests (修了テスト): shown on the course page, after its lessons, where
    no re-cut of a recording can move them (a lesson can be added, moved or retired)."""
    return list(Quiz.objects.filter(course_id=course.pk, active=True))


def quiz_where(quiz: Quiz):
    """The page the quiz is shown on: its lesson, or (a final test) its course."""
    if quiz.lesson_id:
        return quiz.lesson
    return quiz.course if quiz.course_id else None


def quiz_lesson_or_404(request: HttpRequest, quiz: Quiz):
    """The page the quiz belongs to, if this person may view it; a quiz is no way round it."""
    lesson = quiz_where(quiz)
    if lesson is None or not may_view(request, lesson):
        raise Http404
    return lesson


def quiz_section_context(request: HttpRequest, quiz: Quiz) -> dict:
    context = {"quiz": quiz, "left": assessments.attempts_left(quiz, request.user)}
    try:
        attempt = assessments.start_attempt(quiz, request.user)
    except assessments.AttemptLimitReached:
        attempt = None
    context["attempt"] = attempt
    context["questions"] = assessments.shown_questions(attempt) if attempt else []
    context["last"] = (
        QuizAttempt.objects.filter(quiz=quiz, user=request.user, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )
    return context


def _own_attempt(request: HttpRequest, token) -> QuizAttempt:
    attempt = get_object_or_404(QuizAttempt.objects.select_related("quiz"), token=token)
    if attempt.user_id != request.user.pk:
        raise Http404
    quiz_lesson_or_404(request, attempt.quiz)
    return attempt


def take_quiz(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz, pk=quiz_id, active=True)
    lesson = quiz_lesson_or_404(request, quiz)
    context = quiz_section_context(request, quiz)
    context["lesson"] = lesson
    return render(request, "skills/quiz.html", context)


@require_POST
def submit_attempt(request: HttpRequest, token) -> HttpResponse:
    attempt = _own_attempt(request, token)
    if not assessments.submit_attempt(attempt, request.POST):
        messages.info(request, _("この解答はすでに提出済みです。最初の提出の結果を表示します。"))
    return redirect("quiz_attempt", token=attempt.token)


def attempt_result(request: HttpRequest, token) -> HttpResponse:
    attempt = _own_attempt(request, token)
    if attempt.submitted_at is None:
        return redirect("take_quiz", quiz_id=attempt.quiz_id)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "rows": assessments.feedback(attempt),
        "left": assessments.attempts_left(attempt.quiz, request.user),
        "lesson": quiz_where(attempt.quiz),
    }
    return render(request, "skills/attempt_result.html", context)
