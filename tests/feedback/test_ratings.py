"""Rating a lesson: 役に立った on five points and an optional comment, one per person."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from feedback.models import COMMENT_MAX_LENGTH, LessonRating
from tests.factories import make_lesson, staff_user

pytestmark = pytest.mark.django_db


def rating_url(lesson) -> str:
    return f"/feedback/lessons/{lesson.pk}/rating/"


def test_the_lesson_page_offers_five_labelled_points_and_a_comment(client, lesson):
    client.force_login(staff_user())

    page = client.get(lesson.url).content.decode()

    assert "このレッスンは役に立ちましたか（5段階）" in page
    for point, label in [
        (1, "まったく役に立たなかった"),
        (3, "どちらともいえない"),
        (5, "とても役に立った"),
    ]:
        assert f'<label for="rating-{lesson.pk}-{point}">{point}: {label}</label>' in page
    assert f'maxlength="{COMMENT_MAX_LENGTH}"' in page
    assert "csrfmiddlewaretoken" in page


def test_a_person_rates_a_lesson(client, lesson):
    person = staff_user()
    client.force_login(person)

    response = client.post(rating_url(lesson), {"score": "4", "comment": "具体例が良かった"})

    assert response.status_code == 302
    assert response["Location"] == f"{lesson.url}#lesson-rating"
    rating = LessonRating.objects.get()
    assert (rating.user, rating.lesson_id, rating.score, rating.comment) == (
        person,
        lesson.pk,
        4,
        "具体例が良かった",
    )


def test_rating_again_changes_the_one_rating(client, lesson):
    client.force_login(staff_user())
    client.post(rating_url(lesson), {"score": "2", "comment": "難しい"})

    client.post(rating_url(lesson), {"score": "5", "comment": ""})

    assert list(LessonRating.objects.values_list("score", "comment")) == [(5, "")]


def test_the_lesson_page_shows_the_persons_own_rating_checked(client, lesson):
    person = staff_user()
    LessonRating.objects.create(lesson=lesson, user=person, score=3, comment="ふつう")
    client.force_login(person)

    page = client.get(lesson.url).content.decode()

    assert f'id="rating-{lesson.pk}-3" name="score" value="3" required checked' in page
    assert ">ふつう</textarea>" in page
    assert "評価を変更する" in page


@pytest.mark.parametrize("score", ["0", "6", "", "よい"])
def test_a_score_outside_one_to_five_is_refused_and_the_comment_kept(client, lesson, score):
    client.force_login(staff_user())

    response = client.post(rating_url(lesson), {"score": score, "comment": "残してほしい"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "役に立った度合いを1から5の中から選んでください。" in page
    assert ">残してほしい</textarea>" in page
    assert not LessonRating.objects.exists()


def test_a_comment_over_the_limit_is_refused(client, lesson):
    client.force_login(staff_user())

    response = client.post(
        rating_url(lesson), {"score": "4", "comment": "あ" * (COMMENT_MAX_LENGTH + 1)}
    )

    assert response.status_code == 400
    assert "コメントは1000文字までにしてください" in response.content.decode()
    assert not LessonRating.objects.exists()


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it(client, lesson):
    client.force_login(staff_user())
    comment = "あ" * (COMMENT_MAX_LENGTH - 2) + "\r\nい"

    response = client.post(rating_url(lesson), {"score": "4", "comment": comment})

    assert response.status_code == 302
    assert LessonRating.objects.get().comment == "あ" * (COMMENT_MAX_LENGTH - 2) + "\nい"


def test_a_rating_without_the_csrf_token_is_refused(lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user())

    response = client.post(rating_url(lesson), {"score": "4"})

    assert response.status_code == 403
    assert not LessonRating.objects.exists()


def test_a_person_who_may_not_view_the_lesson_cannot_rate_it(client, course):
    secret = make_lesson(course, title="人事だけのレッスン")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name="人事"))
    client.force_login(staff_user())

    assert client.get(rating_url(secret)).status_code == 404
    assert client.post(rating_url(secret), {"score": "1"}).status_code == 404
    assert not LessonRating.objects.exists()


def test_a_draft_lesson_cannot_be_rated(client, course):
    draft = make_lesson(course, title="下書き")
    draft.unpublish()
    client.force_login(staff_user())

    assert client.post(rating_url(draft), {"score": "5"}).status_code == 404
    assert not LessonRating.objects.exists()


def test_naming_another_persons_rating_changes_only_ones_own(client, lesson):
    victim = staff_user()
    theirs = LessonRating.objects.create(lesson=lesson, user=victim, score=5, comment="最高")
    attacker = staff_user()
    client.force_login(attacker)

    client.post(
        f"{rating_url(lesson)}?id={theirs.pk}",
        {"score": "1", "comment": "改ざん", "id": theirs.pk, "user": victim.pk, "pk": theirs.pk},
    )

    theirs.refresh_from_db()
    assert (theirs.score, theirs.comment) == (5, "最高")
    assert LessonRating.objects.get(user=attacker).score == 1


def test_the_lesson_page_never_shows_anyone_elses_rating(client, lesson):
    LessonRating.objects.create(lesson=lesson, user=staff_user(), score=1, comment="ひみつの感想")
    client.force_login(staff_user())

    page = client.get(lesson.url).content.decode()

    assert "ひみつの感想" not in page
    assert "checked" not in page.split('id="lesson-rating"')[1]
