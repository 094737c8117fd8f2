"""The upload page in Chromium: the file goes in chunks, then the video's page shows it ready."""

import pytest

from media_pipeline.grants import granted_urls
from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from tests.factories import officer_user

pytestmark = [pytest.mark.browser, pytest.mark.media]


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


def test_a_clip_plays_in_hls_js_from_its_own_start_with_its_captions(
    browser, live_server, transactional_db, client, videos, media_settings, tmp_path
):
    from media_pipeline import pipeline
    from media_pipeline.chapters import ChapterPlan
    from media_pipeline.ingest import create_video

    from .conftest import CAPTIONS_SRT

    path = make_talk(Talk(16, 160, 90, slide_changes=[8.0]), videos / "browser-play.mp4")
    captions = tmp_path / "captions.srt"
    captions.write_text(
        CAPTIONS_SRT.replace("00:00:20", "00:00:09").replace("00:00:23", "00:00:11")
    )
    video = create_video(
        path,
        "再生の確認",
        chapter_mode=VideoAsset.ChapterMode.MANUAL,
        chapters=[ChapterPlan(0, 8, "manual", "前半"), ChapterPlan(8, 16, "manual", "後半")],
        captions=captions,
    )
    pipeline.process(video)
    clip = video.chapters.get(index=2).clip
    officer = officer_user()
    urls = granted_urls(clip, officer.pk)
    client.force_login(officer)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.add_script_tag(url=f"{live_server.url}/static/npm/hls.js/hls.min.js")
    page.evaluate(
        """([master, captions]) => {
            document.body.innerHTML =
                `<video id="v" muted><track kind="captions" src="${captions}" default></video>`;
            const video = document.getElementById("v");
            const hls = new Hls();
            hls.loadSource(master);
            hls.attachMedia(video);
            video.play();
        }""",
        [urls.master_playlist, urls.captions],
    )
    page.wait_for_function("() => document.getElementById('v').currentTime > 1", timeout=30_000)
    duration = page.evaluate("document.getElementById('v').duration")
    cues = page.evaluate(
        "Array.from(document.getElementById('v').textTracks[0].cues).map(c => c.startTime)"
    )
    assert duration == pytest.approx(8, abs=0.3)
    assert cues == [1.0]
