"""Dates on staff pages in the calendar each person chose: 西暦 by default, 和暦 on request."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from common import date_display
from courses.models import LessonProgress
from tests.factories import make_course, make_lesson, staff_user

UTC = datetime.UTC
# 2019-04-30 15:30 UTC is 1 May 2019, 0:30 in Tokyo: the first day of Reiwa.
FIRST_REIWA_MOMENT = datetime.datetime(2019, 4, 30, 15, 30, tzinfo=UTC)


def rendered(text: str, cookie: str | None = None, **values) -> str:
    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES[date_display.COOKIE] = cookie
    template = Template("{% load date_display %}" + text)
    return template.render(Context({"request": request, **values}))


def test_dates_are_western_by_default_and_read_in_tokyo_time():
    html = rendered("{% show_date moment %}", moment=FIRST_REIWA_MOMENT)
    assert html == '<time datetime="2019-05-01T00:30+09:00">2019/5/1</time>'


def test_wareki_when_the_person_chose_it():
    html = rendered("{% show_date moment %}", cookie="wareki", moment=FIRST_REIWA_MOMENT)
    assert html == '<time datetime="2019-05-01T00:30+09:00">令和元年5月1日</time>'


def test_a_moment_keeps_its_tokyo_time_in_wareki():
    html = rendered("{% show_datetime moment %}", cookie="wareki", moment=FIRST_REIWA_MOMENT)
    assert "令和元年5月1日 0:30" in html


def test_an_unknown_cookie_value_means_the_default():
    html = rendered("{% show_date day %}", cookie="<script>", day=datetime.date(2026, 12, 4))
    assert "2026/12/4" in html


def test_months_and_fiscal_years_follow_the_choice():
    text = "{% show_month '2019-05' %} {% show_fiscal_year 2026 %}"
    assert rendered(text) == "2019-05 2026年度"
    assert rendered(text, cookie="wareki") == "令和元年5月 令和8年度"


def test_an_empty_date_shows_nothing():
    assert rendered("{% show_date missing %}|{% show_month missing %}", cookie="wareki") == "|"


@pytest.mark.django_db
def test_the_choice_is_kept_in_a_cookie_and_brings_the_person_back(client):
    response = client.post("/date-style/", {"style": "wareki", "next": "/my/history/"})
    assert response.status_code == 302
    assert response["Location"] == "/my/history/"
    assert response.cookies[date_display.COOKIE].value == "wareki"


@pytest.mark.django_db
def test_the_switch_never_sends_anyone_to_another_site(client):
    response = client.post("/date-style/", {"style": "wareki", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_unknown_style_is_refused_in_one_japanese_sentence(client):
    response = client.post("/date-style/", {"style": "julian"})
    assert response.status_code == 400
    assert "西暦か和暦" in response.content.decode()
    assert date_display.COOKIE not in response.cookies


@pytest.mark.django_db
def test_the_switch_is_a_post(client):
    assert client.get("/date-style/?style=wareki").status_code == 405


@pytest.mark.django_db
def test_my_history_shows_wareki_dates_after_the_switch(client, course_index):
    user = staff_user()
    lesson = make_lesson(make_course(course_index))
    LessonProgress.objects.create(
        user=user, lesson=lesson, watched_seconds=300, completed_at=FIRST_REIWA_MOMENT
    )
    client.force_login(user)
    assert "2019/5/1</time> 修了" in client.get("/my/history/").content.decode()
    client.post("/date-style/", {"style": "wareki", "next": "/my/history/"})
    html = client.get("/my/history/").content.decode()
    assert "令和元年5月1日</time> 修了" in html
    assert 'name="style"' in html  # the switch is on the page
