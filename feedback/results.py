"""The results officers read: ratings per lesson and answers per survey question, aggregated.

Nothing here names a person or says when they answered. Comments and free-text answers are listed
in the order of their text, without their author, date or score. A figure about fewer people than
the privacy threshold (`settings.PRIVACY_THRESHOLD`, the portfolio's, through `skills.privacy`)
is withheld with everything that would tell those few apart: the mean, the distribution and the
comments. Its count is still shown: that some people rated says nothing about what they said.
Only those in the reader's scope are counted (`feedback.access`).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from courses.models import CoursePage, LessonPage
from organisation.access import Scope
from skills.privacy import shown

from . import access
from .models import (
    SCALE_MAX,
    SCALE_MIN,
    LessonRating,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from .ratings import SCORE_LABELS
from .surveys import SCALE_LABELS

POINTS = range(SCALE_MIN, SCALE_MAX + 1)


@dataclass
class Figures:
    """What a group of answers says, or only how many they are when too few to show."""

    count: int
    withheld: bool
    mean: float | None = None
    # (label, count) in the order of the scale or of the options
    distribution: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def scale_figures(points: Counter, labels: dict, comments: list[str]) -> Figures:
    count = sum(points.values())
    if not shown(count):
        return Figures(count=count, withheld=True)
    mean = sum(point * n for point, n in points.items()) / count if count else None
    return Figures(
        count=count,
        withheld=False,
        mean=mean,
        distribution=[(f"{point}: {labels[point]}", points.get(point, 0)) for point in POINTS],
        comments=sorted(comments),
    )


@dataclass
class LessonResult:
    lesson: LessonPage
    figures: Figures


def lesson_results(course: CoursePage, scope: Scope) -> list[LessonResult]:
    """Each live lesson of the course with its ratings by people in `scope`."""
    lessons = list(course.lessons())
    ratings = access.within(scope, LessonRating.objects.filter(lesson__in=lessons))
    points: dict[int, Counter] = {lesson.pk: Counter() for lesson in lessons}
    for row in ratings.values("lesson_id", "score").annotate(n=Count("pk")):
        points[row["lesson_id"]][row["score"]] = row["n"]
    comments: dict[int, list[str]] = {lesson.pk: [] for lesson in lessons}
    for lesson_id, comment in ratings.exclude(comment="").values_list("lesson_id", "comment"):
        comments[lesson_id].append(comment)
    return [
        LessonResult(lesson, scale_figures(points[lesson.pk], SCORE_LABELS, comments[lesson.pk]))
        for lesson in lessons
    ]


@dataclass
class QuestionResult:
    question: SurveyQuestion
    figures: Figures


@dataclass
class SurveyResult:
    survey: Survey
    responses: int
    questions: list[QuestionResult]


def survey_result(survey: Survey, scope: Scope) -> SurveyResult:
    answers = access.within(
        scope, SurveyAnswer.objects.filter(question__survey=survey), author="response__user"
    )
    responses = access.within(scope, survey.responses.all()).count()
    return SurveyResult(
        survey,
        responses,
        [
            QuestionResult(question, question_figures(question, answers.filter(question=question)))
            for question in survey.questions.all()
        ],
    )


def question_figures(question: SurveyQuestion, answers) -> Figures:
    if question.kind == QuestionKind.SCALE:
        points = Counter(dict(answers.values_list("scale").annotate(n=Count("pk"))))
        return scale_figures(points, SCALE_LABELS, [])
    if question.kind == QuestionKind.TEXT:
        texts = list(answers.values_list("text", flat=True))
        if not shown(len(texts)):
            return Figures(count=len(texts), withheld=True)
        return Figures(count=len(texts), withheld=False, comments=sorted(texts))
    chosen = Counter(dict(answers.values_list("choice").annotate(n=Count("pk"))))
    count = sum(chosen.values())
    if not shown(count):
        return Figures(count=count, withheld=True)
    options = question.choice_list
    # Options since renamed or removed still count, after the current ones.
    former = sorted(set(chosen) - set(options))
    return Figures(
        count=count,
        withheld=False,
        distribution=[(option, chosen.get(option, 0)) for option in options + former],
    )


def survey_results(course: CoursePage, scope: Scope) -> list[SurveyResult]:
    return [
        survey_result(survey, scope)
        for survey in Survey.objects.filter(course=course).prefetch_related("questions")
    ]


@dataclass
class CourseSummary:
    course: CoursePage
    ratings: int
    responses: int


def course_summaries(scope: Scope) -> list[CourseSummary]:
    """Every live course with how many ratings and survey answers it has from `scope`."""
    courses = list(CoursePage.objects.live().order_by("path"))
    ratings = Counter(
        dict(
            access.within(scope, LessonRating.objects.all())
            .values_list("lesson__path")
            .annotate(n=Count("pk"))
        )
    )
    responses = Counter(
        dict(
            access.within(scope, SurveyResponse.objects.all())
            .values_list("survey__course_id")
            .annotate(n=Count("pk"))
        )
    )
    return [
        CourseSummary(
            course,
            sum(n for path, n in ratings.items() if path.startswith(course.path)),
            responses.get(course.pk, 0),
        )
        for course in courses
    ]
