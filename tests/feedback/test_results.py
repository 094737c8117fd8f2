"""The officers' results: aggregates per lesson and per question, comments without names,
withheld below the privacy threshold, within the officer's scope, exported and logged."""

import io

import pytest
from openpyxl import load_workbook

from feedback.models import LessonRating, SurveyAnswer, SurveyResponse
from organisation.models import AuditLog, HRScope
from tests.factories import (
    StaffProfileFactory,
    UserFactory,
    hr_user,
    municipality,
    officer_user,
    staff_user,
)

pytestmark = pytest.mark.django_db

SHINJUKU, MITAKA = "131041", "132047"


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.PRIVACY_THRESHOLD = 3


def tokyo_officer():
    user = officer_user()
    HRScope.objects.create(user=user, municipality=None)
    return user


def rate(lesson, scores, comments=(), code=SHINJUKU):
    comments = list(comments) + [""] * (len(scores) - len(comments))
    for score, comment in zip(scores, comments, strict=True):
        person = StaffProfileFactory(municipality=municipality(code)).user
        LessonRating.objects.create(lesson=lesson, user=person, score=score, comment=comment)


def results_url(course) -> str:
    return f"/feedback/results/{course.pk}/"


def test_an_officer_reads_count_mean_and_distribution_of_each_lesson(client, course, lesson):
    rate(lesson, [5, 4, 4])
    client.force_login(tokyo_officer())

    response = client.get(results_url(course))

    assert response.status_code == 200
    result = response.context["lessons"][0].figures
    assert (result.count, round(result.mean, 2), result.withheld) == (3, 4.33, False)
    assert [n for _, n in result.distribution] == [0, 0, 0, 2, 1]
    assert "平均 4.3" in response.content.decode()


def test_a_lesson_rated_by_fewer_than_the_threshold_shows_only_its_count(client, course, lesson):
    rate(lesson, [1, 5], comments=["説明が早すぎる"])
    client.force_login(tokyo_officer())

    response = client.get(results_url(course))

    page = response.content.decode()
    assert "評価 2 件" in page
    assert "回答が少ないため" in page
    assert "説明が早すぎる" not in page
    assert "平均" not in page.split("lesson-ratings-heading")[1].split("surveys-heading")[0]


def test_comments_are_listed_by_their_text_without_names(client, course, lesson):
    rate(lesson, [4, 5, 3], comments=["わかりやすい", "いい", "あいうえお"])
    names = list(LessonRating.objects.values_list("user__staff_profile__display_name", flat=True))
    client.force_login(tokyo_officer())

    page = client.get(results_url(course)).content.decode()

    assert page.index("あいうえお") < page.index("いい") < page.index("わかりやすい")
    assert not [name for name in names if name in page]


def test_an_officer_of_one_municipality_counts_only_its_people(client, course, lesson):
    rate(lesson, [5, 5, 5], code=SHINJUKU)
    rate(lesson, [1, 1, 1], code=MITAKA)
    officer = officer_user()
    HRScope.objects.create(user=officer, municipality=municipality(MITAKA))
    client.force_login(officer)

    result = client.get(results_url(course)).context["lessons"][0].figures

    assert (result.count, result.mean) == (3, 1.0)


def test_survey_questions_are_aggregated(client, course, survey):
    scale_q, choice_q, text_q = survey.questions.all()
    for scale, choice, text in [(5, "短い", "良い"), (4, "長い", ""), (4, "長い", "休憩がほしい")]:
        response = SurveyResponse.objects.create(survey=survey, user=staff_user())
        SurveyAnswer.objects.create(response=response, question=scale_q, scale=scale)
        SurveyAnswer.objects.create(response=response, question=choice_q, choice=choice)
        if text:
            SurveyAnswer.objects.create(response=response, question=text_q, text=text)
    client.force_login(tokyo_officer())

    result = client.get(results_url(course)).context["surveys"][0]

    scale, choice, text = (item.figures for item in result.questions)
    assert result.responses == 3
    assert (round(scale.mean, 2), [n for _, n in scale.distribution]) == (4.33, [0, 0, 0, 2, 1])
    assert choice.distribution == [("短い", 1), ("ちょうどよい", 0), ("長い", 2)]
    # two free-text answers: fewer than the threshold, so withheld
    assert (text.count, text.withheld, text.comments) == (2, True, [])


@pytest.mark.parametrize("who", ["staff", "hr", "unscoped officer"])
def test_the_results_are_refused_to_anyone_but_scoped_officers_and_administrators(
    client, course, lesson, who
):
    rate(lesson, [5, 4, 4], comments=["内部の感想"])
    account = {
        "staff": staff_user,
        "hr": lambda: hr_user(),
        "unscoped officer": officer_user,
    }[who]()
    client.force_login(account)

    for url in ("/feedback/results/", results_url(course), f"{results_url(course)}export.xlsx"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "内部の感想" not in response.content.decode(errors="replace")
    assert not AuditLog.objects.exists()


def test_an_administrator_reads_the_results(client, course, lesson):
    client.force_login(UserFactory(is_superuser=True, roles=["管理者"]))

    assert client.get("/feedback/results/").status_code == 200


def test_the_export_holds_the_figures_and_is_logged(client, course, lesson):
    rate(lesson, [5, 4, 4], comments=['=HYPERLINK("x")'])
    withheld = course.lessons().last()
    rate(withheld, [2])
    officer = tokyo_officer()
    client.force_login(officer)

    response = client.get(f"{results_url(course)}export.xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = [row for row in book["レッスンの評価"].iter_rows(values_only=True) if row[0]]
    assert (lesson.title, 3, pytest.approx(4.333, abs=0.001), 0, 0, 0, 2, 1) in rows
    assert (withheld.title, 1, "秘匿", "秘匿", "秘匿", "秘匿", "秘匿", "秘匿") in rows
    comments = [row[1] for row in book["コメント"].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("x")' in comments
    log = AuditLog.objects.get()
    assert (log.user, log.action, log.detail["course"]) == (officer, "feedback.export", course.pk)


def test_the_officers_hold_the_results_permission():
    officer = officer_user()

    assert officer.has_perm("feedback.view_results")
    assert officer.has_perm("feedback.add_survey")
    assert not hr_user().has_perm("feedback.view_results")
