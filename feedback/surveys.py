"""Course surveys (研修アンケート): who is asked, the form they answer, and keeping the answer.

A person is asked a course's active surveys once they completed the course
(`skills.course_completion`, the one rule) and may view it; each survey is answered once.
"""

from dataclasses import dataclass

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.access import may_view
from courses.models import CoursePage
from skills.course_completion import completed_at, completed_courses

from .models import ANSWER_MAX_LENGTH, QuestionKind, Survey, SurveyAnswer, SurveyResponse
from .ratings import TextAreaField

# A five-point scale question reads as agreement with its statement.
SCALE_LABELS = {
    1: gettext_lazy("そう思わない"),
    2: gettext_lazy("あまりそう思わない"),
    3: gettext_lazy("どちらともいえない"),
    4: gettext_lazy("ややそう思う"),
    5: gettext_lazy("そう思う"),
}


class AlreadyAnswered(Exception):
    """The person has answered this survey already; nothing was changed."""


def answered(survey: Survey, user) -> bool:
    return SurveyResponse.objects.filter(survey=survey, user=user).exists()


def may_answer(request: HttpRequest, survey: Survey) -> bool:
    """Whether the survey is open to this person: active, on a course they may view and
    completed. (Whether they answered it already is asked apart.)"""
    course = survey.course
    return (
        survey.active
        and request.user.is_authenticated
        and may_view(request, course)
        and completed_at(course, request.user) is not None
    )


@dataclass
class SurveyFor:
    """One survey as a person meets it: answered already, or with its form."""

    survey: Survey
    answered: bool
    form: "SurveyForm | None" = None


def course_surveys(request: HttpRequest, course: CoursePage) -> list[SurveyFor]:
    """The course's active surveys this person is asked (none unless they completed it)."""
    surveys = list(Survey.objects.filter(course=course, active=True).order_by("pk"))
    if not surveys or not request.user.is_authenticated:
        return []
    if completed_at(course, request.user) is None:
        return []
    done = set(
        SurveyResponse.objects.filter(survey__in=surveys, user=request.user).values_list(
            "survey_id", flat=True
        )
    )
    return [
        SurveyFor(survey, survey.pk in done, None if survey.pk in done else SurveyForm(survey))
        for survey in surveys
    ]


def pending_surveys(request: HttpRequest) -> list[Survey]:
    """The active surveys this person has yet to answer, of courses they completed."""
    if not request.user.is_authenticated:
        return []
    surveys = (
        Survey.objects.filter(active=True, course__live=True)
        .exclude(responses__user=request.user)
        .select_related("course")
        .order_by("pk")
    )
    surveys = list(surveys)
    courses = {survey.course_id: survey.course for survey in surveys}
    done = completed_courses(request.user, courses.values())
    viewable = {pk for pk in done if may_view(request, courses[pk])}
    return [survey for survey in surveys if survey.course_id in viewable]


def field_name(question) -> str:
    return f"q{question.pk}"


class SurveyForm(forms.Form):
    """The questions of one survey as form fields named q<question id>."""

    def __init__(self, survey: Survey, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        for question in self.questions:
            self.fields[field_name(question)] = question_field(question)

    def items(self) -> list[tuple]:
        """(question, bound field, options as (value, label)) in order, for the template."""
        return [
            (question, self[field_name(question)], options_of(question))
            for question in self.questions
        ]


def options_of(question) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.SCALE:
        return [(str(point), f"{point}: {label}") for point, label in SCALE_LABELS.items()]
    if question.kind == QuestionKind.CHOICE:
        return [(str(number), text) for number, text in enumerate(question.choice_list)]
    return []


def question_field(question) -> forms.Field:
    messages = {
        "required": _("「%(question)s」に回答してください。") % {"question": question.text},
        "invalid_choice": _("「%(question)s」は示された選択肢から選んでください。")
        % {"question": question.text},
    }
    if question.kind == QuestionKind.TEXT:
        return TextAreaField(
            required=question.required,
            max_length=ANSWER_MAX_LENGTH,
            error_messages={
                **messages,
                "max_length": _("「%(question)s」の回答は%(limit)d文字までにしてください。")
                % {"question": question.text, "limit": ANSWER_MAX_LENGTH},
            },
        )
    return forms.ChoiceField(
        required=question.required,
        choices=options_of(question),
        error_messages=messages,
    )


def submit(survey: Survey, user, form: SurveyForm) -> SurveyResponse:
    """Keep a valid form's answers as `user`'s one response; AlreadyAnswered if they had."""
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, user=user)
            SurveyAnswer.objects.bulk_create(
                answer
                for question in form.questions
                if (
                    answer := answer_to(
                        response, question, form.cleaned_data.get(field_name(question))
                    )
                )
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error
    return response


def answer_to(response: SurveyResponse, question, value) -> SurveyAnswer | None:
    """The answer row for one question's cleaned value; None when left blank."""
    if value in (None, ""):
        return None
    answer = SurveyAnswer(response=response, question=question)
    if question.kind == QuestionKind.SCALE:
        answer.scale = int(value)
    elif question.kind == QuestionKind.CHOICE:
        answer.choice = question.choice_list[int(value)]
    else:
        answer.text = value
    return answer
