import pytest
from django.utils import timezone

from courses.models import LessonProgress
from feedback.models import QuestionKind, Survey, SurveyQuestion
from tests.factories import make_course, make_lesson


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def course(course_index):
    course = make_course(course_index)
    make_lesson(course, title="はじめに")
    make_lesson(course, title="まとめ")
    return course


@pytest.fixture
def lesson(course):
    return course.lessons().first()


def complete_course(user, course) -> None:
    """The person completes every live lesson (the course has no final test)."""
    for lesson in course.lessons():
        LessonProgress.objects.update_or_create(
            user=user, lesson=lesson, defaults={"completed_at": timezone.now()}
        )


def make_survey(course, active: bool = True) -> Survey:
    survey = Survey(course=course, title="研修の振り返り", active=active)
    survey.questions.add(
        SurveyQuestion(text="研修は業務に役立ちそうですか", kind=QuestionKind.SCALE)
    )
    survey.questions.add(
        SurveyQuestion(
            text="研修の長さは", kind=QuestionKind.CHOICE, choices="短い\nちょうどよい\n長い"
        )
    )
    survey.questions.add(
        SurveyQuestion(text="ご意見があればお書きください", kind=QuestionKind.TEXT, required=False)
    )
    survey.save()
    return survey


@pytest.fixture
def survey(course):
    return make_survey(course)
