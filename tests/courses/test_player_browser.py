"""Watching in a real browser: Debian's Chromium, headless, against the live server."""

import shutil
import time

import pytest

from courses.models import LessonProgress
from tests.courses.streams import DURATION, make_test_stream, publish_as_video
from tests.factories import make_course, make_lesson, staff_user
from tests.services import unavailable

# The live server reads what the test writes, so each test commits; serialized_rollback brings
# back the rows migrations made (Wagtail's root page, the municipalities) after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.media,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def test_stream(tmp_path_factory):
    if not shutil.which("ffmpeg"):
        unavailable("ffmpeg is not installed")
    return make_test_stream(tmp_path_factory.mktemp("stream") / "hls")


@pytest.fixture
def browser_page(browser):
    return browser.new_page(viewport={"width": 1000, "height": 800})


@pytest.fixture
def streamed_lesson(settings, test_stream):
    from demo.catalogue import site_root

    video = publish_as_video(test_stream, settings.MEDIA_ROOT)
    return make_lesson(make_course(site_root()), video=video, duration=DURATION)


def sign_in(page, live_server):
    user = staff_user()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pass-for-tests")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/my/")
    return user


def played_seconds(page) -> float:
    return page.evaluate(
        """() => { const p = document.querySelector('video').played; let s = 0;
        for (let i = 0; i < p.length; i++) s += p.end(i) - p.start(i); return s; }"""
    )


def wait_for_time(page, seconds: float) -> None:
    page.wait_for_function(
        f"() => document.querySelector('video').currentTime >= {seconds}", timeout=15000
    )


def progress_once_resumable_at(user, lesson, position: float) -> LessonProgress:
    """The server's record once the last beat (the pause at `position`) has reached it.

    The player sends its beats in order, so by then every earlier one has been answered too.
    """
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        progress = LessonProgress.objects.filter(user=user, lesson=lesson).first()
        if progress is not None and abs(progress.resume_at - position) < 0.5:
            return progress
        time.sleep(0.2)
    raise AssertionError(f"the server never recorded the pause at {position:.1f} s")


def test_played_seconds_at_double_speed_are_counted_and_the_page_resumes(
    live_server, browser_page, streamed_lesson
):
    page = browser_page
    user = sign_in(page, live_server)
    page.goto(f"{live_server.url}{streamed_lesson.url}")
    page.wait_for_function("() => document.querySelector('.player-quality').options.length === 3")

    page.select_option(".player-speed", "2")
    # The connection drops while the first part is watched: those beats must be sent later.
    page.route("**/api/v1/progress/", lambda route: route.abort("connectionfailed"))
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    wait_for_time(page, 8)
    page.evaluate("() => document.querySelector('video').pause()")
    page.unroute("**/api/v1/progress/")
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.currentTime = 15; v.play(); }"
    )
    wait_for_time(page, 19)
    page.evaluate("() => document.querySelector('video').pause()")
    played = played_seconds(page)
    paused_at = page.evaluate("() => document.querySelector('video').currentTime")

    progress = progress_once_resumable_at(user, streamed_lesson, paused_at)
    assert progress.watched_seconds == pytest.approx(played, abs=1.0)
    assert 10 <= progress.watched_seconds <= 14  # 0→~8 and 15→~19, not the skipped 8→15

    page.reload()
    assert float(page.get_attribute(".player", "data-resume-at")) == pytest.approx(
        paused_at, abs=0.5
    )
    page.wait_for_function("() => document.querySelector('video').currentTime > 0", timeout=15000)
    resumed_at = page.evaluate("() => document.querySelector('video').currentTime")
    assert resumed_at == pytest.approx(paused_at, abs=1.0)


def test_on_a_phone_the_page_fits_and_the_transcript_seeks_by_keyboard(
    live_server, browser_page, streamed_lesson
):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server)
    page.goto(f"{live_server.url}{streamed_lesson.url}")
    page.wait_for_function("() => document.querySelectorAll('.transcript-lines li').length === 6")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.focus(".transcript-lines li:nth-child(3) button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('video').currentTime >= 8")
    page.wait_for_selector(".transcript-lines li:nth-child(3).is-current")


def test_pointing_at_the_seek_bar_previews_that_moment_from_the_storyboard(
    live_server, browser_page, streamed_lesson
):
    page = browser_page
    sign_in(page, live_server)
    with page.expect_response("**/storyboard.vtt"):
        page.goto(f"{live_server.url}{streamed_lesson.url}")
    page.wait_for_function("() => document.querySelector('.player-seek').max === '24'")
    box = page.locator(".player-seek").bounding_box()
    # Half way along the bar is 0:12, the fourth thumbnail (x = 240) of the sprite.
    page.mouse.move(box["x"] + box["width"] * 0.52, box["y"] + box["height"] / 2)
    preview = page.locator(".storyboard-preview")
    assert preview.is_visible()
    style = page.locator(".storyboard-image").get_attribute("style")
    assert "storyboard.jpg" in style
    assert "-240px 0px" in style


def test_the_player_runs_under_the_content_security_policy(
    live_server, browser_page, streamed_lesson
):
    """Issue 12, finding 7: no inline script is needed, so the policy blocks nothing."""
    page = browser_page
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    console = []
    page.on("console", lambda message: console.append(message.text))
    sign_in(page, live_server)
    response = page.goto(f"{live_server.url}{streamed_lesson.url}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("() => document.querySelector('.player-quality').options.length === 3")
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    wait_for_time(page, 2)
    assert page.evaluate("window.cspViolations") == []
    assert not [line for line in console if "Content Security Policy" in line]
