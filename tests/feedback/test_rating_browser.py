"""A lesson is rated with the keyboard alone, as screen-reader and keyboard users do."""

import pytest

from feedback.models import LessonRating
from tests.factories import make_course, make_lesson, staff_user
from tests.lms.site_pages import sign_in

pytestmark = pytest.mark.browser

FOCUSED = "() => document.activeElement"


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_a_lesson_is_rated_by_keyboard_only(browser, live_server, course_index, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lesson = make_lesson(make_course(course_index))
    person = staff_user(user__username="keyboard-user")
    page = browser.new_page(locale="ja-JP")
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "keyboard-user")
    page.goto(f"{live_server.url}{lesson.url}")

    tab_to(page, "input[name=score]")
    assert page.evaluate(f"{FOCUSED}.labels[0].textContent") == "1: まったく役に立たなかった"
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("例が具体的でよかった")
    tab_to(page, "form.rating-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{lesson.url}#lesson-rating")

    rating = LessonRating.objects.get(user=person)
    assert (rating.score, rating.comment) == (4, "例が具体的でよかった")
    assert (
        page.get_by_role("status").inner_text()
        == "レッスンの評価を保存しました。ありがとうございました。"
    )
    group = page.get_by_role("group", name="このレッスンは役に立ちましたか（5段階） 必須")
    assert group.get_by_role("radio", name="4: 役に立った").is_checked()
