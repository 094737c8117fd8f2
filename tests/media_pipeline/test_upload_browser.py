"""The upload page in Chromium: the file goes in chunks, then the video's page shows it ready."""

import os

import pytest

from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from tests.factories import officer_user

pytestmark = [pytest.mark.browser, pytest.mark.media]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; the test's own queries are sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is needed for the browser tests")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_an_officer_uploads_a_recording_in_chunks(
    browser, live_server, transactional_db, client, videos, media_settings
):
    from lms.celery import app

    media_settings.MEDIA_UPLOAD_CHUNK_BYTES = 16 * 1024
    path = make_talk(Talk(6, 160, 90), videos / "browser-upload.mp4")
    assert path.stat().st_size > 3 * 16 * 1024, "the upload should take several chunks"
    client.force_login(officer_user())
    context = browser.new_context(locale="ja-JP")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    chunks = []
    page.on(
        "request",
        lambda r: chunks.append(r) if "upload-chunk" in r.url and r.method == "POST" else None,
    )
    app.conf.task_always_eager = True
    try:
        page.goto(f"{live_server.url}/admin/videos/new/")
        page.get_by_label("録画ファイル").set_input_files(str(path))
        page.locator("#id_title").fill("ブラウザからの録画")
        page.locator("#id_chapter_mode").select_option("none")
        page.get_by_role("button", name="アップロード").click()
        page.wait_for_url("**/admin/videos/edit/**", timeout=60_000)
    finally:
        app.conf.task_always_eager = False
    video = VideoAsset.objects.get(title="ブラウザからの録画", kind="recording")
    assert video.status == VideoAsset.Status.READY
    assert len(chunks) >= 3
    assert page.locator("#video-status-label").inner_text() == "公開可能"
