"""Rating a lesson, answering a survey, and the officers' results: thin views over
ratings.py, surveys.py, results.py and export.py."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.spreadsheets import CONTENT_TYPES
from courses.models import CoursePage, LessonPage
from organisation import audit

from . import access, export, ratings, results, surveys
from .models import Survey


def _lesson_to_rate(request: HttpRequest, lesson_id: int) -> LessonPage:
    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    if lesson is None or not ratings.may_rate(request, lesson):
        raise Http404
    return lesson


@require_http_methods(["GET", "POST"])
def rate_lesson(request: HttpRequest, lesson_id: int) -> HttpResponse:
    """The rating form on its own (without the lesson page); it takes the lesson page's form."""
    lesson = _lesson_to_rate(request, lesson_id)
    if request.method == "GET":
        rating = ratings.rating_of(lesson, request.user)
        context = {"lesson": lesson, "rating": rating, "form": ratings.form_for(rating)}
        return render(request, "feedback/rate_lesson.html", context)
    form = ratings.RatingForm(request.POST)
    if not form.is_valid():
        context = {"lesson": lesson, "form": form}
        return render(request, "feedback/rate_lesson.html", context, status=400)
    ratings.rate(lesson, request.user, form.cleaned_data["score"], form.cleaned_data["comment"])
    messages.success(request, _("レッスンの評価を保存しました。ありがとうございました。"))
    return redirect(f"{lesson.url}#lesson-rating")


def _survey_to_answer(request: HttpRequest, survey_id: int) -> Survey:
    survey = Survey.objects.filter(pk=survey_id).select_related("course").first()
    if survey is None or not surveys.may_answer(request, survey):
        raise Http404
    return survey


@require_http_methods(["GET", "POST"])
def answer_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey_to_answer(request, survey_id)
    course = survey.course
    if surveys.answered(survey, request.user):
        return render(request, "feedback/survey.html", {"survey": survey, "course": course})
    if request.method == "GET":
        form = surveys.SurveyForm(survey)
        context = {"survey": survey, "course": course, "form": form}
        return render(request, "feedback/survey.html", context)
    form = surveys.SurveyForm(survey, request.POST)
    if not form.is_valid():
        context = {"survey": survey, "course": course, "form": form}
        return render(request, "feedback/survey.html", context, status=400)
    try:
        surveys.submit(survey, request.user, form)
    except surveys.AlreadyAnswered:
        messages.info(request, _("このアンケートには回答済みです。最初の回答を保存しています。"))
    else:
        messages.success(request, _("アンケートに回答しました。ありがとうございました。"))
    return redirect(course.url)


def results_home(request: HttpRequest) -> HttpResponse:
    scope = access.results_scope(request.user)
    context = {"scope": scope, "courses": results.course_summaries(scope)}
    return render(request, "feedback/results_home.html", context)


def _course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=course_id)


def course_results(request: HttpRequest, course_id: int) -> HttpResponse:
    scope = access.results_scope(request.user)
    course = _course(course_id)
    context = {
        "scope": scope,
        "course": course,
        "lessons": results.lesson_results(course, scope),
        "surveys": results.survey_results(course, scope),
        "privacy_note": export.privacy_line(),
    }
    return render(request, "feedback/course_results.html", context)


def course_results_download(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course's results as XLSX; written to the audit log."""
    scope = access.results_scope(request.user)
    course = _course(course_id)
    content = export.workbook(course, scope)
    audit.record(
        request.user,
        "feedback.export",
        course.title,
        course=course.pk,
        scope=scope.label,
        bytes=len(content),
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="feedback-course-{course.pk}.xlsx"'
    return response
