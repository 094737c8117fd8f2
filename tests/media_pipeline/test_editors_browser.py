"""The timeline chapter editor and the caption editor in Chromium, on a really processed talk.

A 24-second talk in 4-second segments, with chapters asked for at 0-10 and 10-24 s: the cut
between them falls on the keyframe at 8 s, and the editor says so before anything is saved.
"""

from pathlib import Path

import pytest

from media_pipeline import pipeline
from media_pipeline.captions import Cue
from media_pipeline.chapters import ChapterPlan
from media_pipeline.ingest import create_video
from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from tests.factories import officer_user

pytestmark = [pytest.mark.browser, pytest.mark.media]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:03.000
本日はよろしくお願いします

00:00:05.000 --> 00:00:07.000
まず概要です
"""


@pytest.fixture
def recording(videos, media_settings, tmp_path) -> VideoAsset:
    path = make_talk(Talk(24, 160, 90, fps=12, slide_changes=[8.0, 16.0]), videos / "editors.mp4")
    captions = tmp_path / "captions.vtt"
    captions.write_text(CAPTIONS, encoding="utf-8")
    video = create_video(
        path,
        "編集の確認",
        chapter_mode=VideoAsset.ChapterMode.MANUAL,
        chapters=[ChapterPlan(0, 10, "manual", "前半"), ChapterPlan(10, 24, "manual", "後半")],
        captions=captions,
    )
    pipeline.process(video)
    assert video.status == VideoAsset.Status.READY, video.error
    return video


@pytest.fixture
def page(browser, live_server, client):
    from lms.celery import app

    client.force_login(officer_user())
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    app.conf.task_always_eager = True
    yield page
    app.conf.task_always_eager = False
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """(tags) => axe.run({include: ["main"]}, {runOnly: {type: "tag", values: tags}})""",
        WCAG_21_AA,
    )
    assert result["passes"], "axe checked nothing"
    return [
        f"{item['id']}: {node['target']} {node['failureSummary']}"
        for item in result["violations"]
        for node in item["nodes"]
    ]


def boundary(page, number: int):
    return page.locator(f"#boundary-{number}")


def test_an_officer_edits_chapters_on_the_timeline(page, live_server, recording, transactional_db):
    page.goto(f"{live_server.url}/admin/videos/timeline/{recording.pk}/")
    page.wait_for_function("() => document.querySelectorAll('.timeline__thumb').length > 3")
    assert page.locator(".timeline__mark--slide").count() >= 1
    assert page.title().startswith("チャプターの編集: 編集の確認")

    # Asked for 10 s, cut at 8 s: shown before saving.
    middle = boundary(page, 1)
    assert middle.get_attribute("aria-label") == "チャプター1とチャプター2の区切り"
    assert "実際の切れ目 00:00:08.000" in middle.get_attribute("aria-valuetext")
    assert "00:00:00 〜 00:00:08" in page.locator("#chapter-0-real").inner_text()
    assert "指定より2秒短くなります" in page.locator("#chapter-0-real").inner_text()

    # Dragged with the mouse to about 15 s: the cut falls on 16 s.
    strip = page.locator("#timeline").bounding_box()
    handle = middle.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 15 / 24, handle["y"] + 10, steps=8)
    page.mouse.up()
    assert float(middle.get_attribute("aria-valuenow")) == pytest.approx(15, abs=0.5)
    assert "00:00:00 〜 00:00:16" in page.locator("#chapter-0-real").inner_text()

    # By keyboard: PageDown to the keyframe before, then one second on.
    middle.focus()
    page.keyboard.press("PageDown")
    assert middle.get_attribute("aria-valuenow") == "12"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")
    assert boundary(page, 1).get_attribute("aria-valuenow") == "1"  # kept a second from 0
    page.keyboard.press("Shift+ArrowRight")
    assert boundary(page, 1).get_attribute("aria-valuenow") == "11"
    assert "実際の切れ目は 00:00:12.000 です" in page.locator("#timeline-status").inner_text()
    assert page.evaluate("document.activeElement.id") == "boundary-1"

    # Typed: HH:MM:SS into the start of chapter 2.
    field = page.get_by_label("チャプター2の開始（時:分:秒 または 秒）")
    field.fill("00:00:07")
    field.press("Tab")
    assert boundary(page, 1).get_attribute("aria-valuenow") == "7"
    assert "00:00:00 〜 00:00:08" in page.locator("#chapter-0-real").inner_text()

    # Preview chapter 2: from the snapped start (8 s) on.
    page.evaluate("document.getElementById('editor-video').playbackRate = 4")
    page.get_by_role("button", name="チャプター2をプレビュー").click()
    page.wait_for_function(
        "() => { const v = document.getElementById('editor-video');"
        " return !v.paused && v.currentTime >= 8 && v.currentTime < 12; }"
    )
    # Preview chapter 1: plays 0-8 s and stops at the cut.
    page.get_by_role("button", name="チャプター1をプレビュー").click()
    page.wait_for_function(
        "() => { const v = document.getElementById('editor-video');"
        " return v.paused && v.currentTime >= 7.5; }",
        timeout=30_000,
    )
    assert page.evaluate("document.getElementById('editor-video').currentTime") < 8.6

    # A boundary added by typing, then removed by keyboard.
    page.get_by_label("区切りを追加する時刻（時:分:秒 または 秒）").fill("20")
    page.get_by_role("button", name="区切りを追加").click()
    assert page.locator("#chapter-rows tr").count() == 3
    boundary(page, 2).focus()
    page.keyboard.press("Delete")
    assert page.locator("#chapter-rows tr").count() == 2

    assert violations(page) == []

    page.get_by_label("チャプター2のタイトル").fill("後半の話")
    page.get_by_role("button", name="チャプターを保存").click()
    page.wait_for_function(
        "() => document.getElementById('timeline-status').textContent.includes('保存しました')"
    )
    chapters = list(recording.chapters.order_by("index"))
    assert [(c.title, c.start, c.end) for c in chapters] == [
        ("前半", 0, 7),
        ("後半の話", 7, 24),
    ]
    # The clips were cut again, exactly where the editor said.
    assert chapters[0].clip.clip_end == pytest.approx(8.0)
    assert chapters[1].clip.clip_start == pytest.approx(8.0)


def test_a_refused_save_keeps_the_edits_and_says_why(
    page, live_server, recording, transactional_db
):
    page.goto(f"{live_server.url}/admin/videos/timeline/{recording.pk}/")
    page.wait_for_selector("#timeline-editor[data-ready=true]")
    # Two boundaries 1 s apart around 9 s both fall on the keyframe at 8 s.
    page.get_by_label("チャプター2の開始（時:分:秒 または 秒）").fill("9")
    page.get_by_label("チャプター2の開始（時:分:秒 または 秒）").press("Tab")
    page.get_by_label("区切りを追加する時刻（時:分:秒 または 秒）").fill("10")
    page.get_by_role("button", name="区切りを追加").click()
    page.get_by_role("button", name="チャプターを保存").click()
    error = page.get_by_role("alert")
    error.wait_for()
    page.wait_for_function("() => document.getElementById('timeline-error').textContent")
    assert "2番目のチャプター: 短すぎて" in page.locator("#timeline-error").inner_text()
    assert page.locator("#chapter-rows tr").count() == 3
    assert [(c.start, c.end) for c in recording.chapters.order_by("index")] == [(0, 10), (10, 24)]


def test_an_officer_edits_captions_beside_the_video(page, live_server, recording, transactional_db):
    page.goto(f"{live_server.url}/admin/videos/caption-editor/{recording.pk}/")
    page.wait_for_selector("#caption-editor[data-ready=true]")
    assert page.locator(".cue").count() == 2

    page.get_by_label("字幕1の文字").fill("本日はよろしく")
    shown = page.evaluate(
        "Array.from(document.getElementById('editor-video').textTracks)"
        ".find(t => t.mode === 'showing').cues[0].text"
    )
    assert shown == "本日はよろしく"

    end = page.get_by_label("字幕1の終了")
    end.focus()
    page.keyboard.press("ArrowUp")
    assert end.input_value() == "00:00:03.100"
    page.keyboard.press("Shift+ArrowUp")
    assert end.input_value() == "00:00:04.100"

    page.get_by_role("button", name="字幕2を再生").click()
    page.wait_for_function(
        "() => document.getElementById('editor-video').currentTime >= 5"
        " && document.querySelector('#cue-1.is-current')"
    )

    page.evaluate("document.getElementById('editor-video').pause()")
    page.evaluate("document.getElementById('editor-video').currentTime = 10")
    page.get_by_role("button", name="字幕を追加").click()
    assert page.evaluate("document.activeElement.id") == "cue-2-text"
    page.keyboard.type("最後のまとめ")

    # Overlapping times are refused in one sentence, and nothing typed is lost.
    start = page.get_by_label("字幕2の開始")
    start.fill("00:00:04")
    start.press("Tab")
    page.get_by_role("button", name="字幕を保存").click()
    page.wait_for_function("() => document.getElementById('caption-error').textContent")
    assert (
        page.locator("#caption-error").inner_text()
        == "2番目の字幕: 前の字幕と時間が重なっています。"
    )
    assert page.get_by_label("字幕3の文字").input_value() == "最後のまとめ"

    start.fill("00:00:05")
    start.press("Tab")
    assert violations(page) == []
    page.get_by_role("button", name="字幕を保存").click()
    page.wait_for_function(
        "() => document.getElementById('caption-status').textContent.includes('保存しました')"
    )
    recording.refresh_from_db()
    assert recording.caption_cues() == [
        Cue(1, 4.1, "本日はよろしく"),
        Cue(5, 7, "まず概要です"),
        Cue(10, 12, "最後のまとめ"),
    ]


def test_a_cue_can_be_deleted(page, live_server, recording, transactional_db):
    page.goto(f"{live_server.url}/admin/videos/caption-editor/{recording.pk}/")
    page.wait_for_selector("#caption-editor[data-ready=true]")
    page.get_by_role("button", name="字幕1を削除").click()
    assert page.locator(".cue").count() == 1
    assert page.evaluate("document.activeElement.id") == "cue-0-text"
    page.get_by_role("button", name="字幕を保存").click()
    page.wait_for_function(
        "() => document.getElementById('caption-status').textContent.includes('保存しました')"
    )
    recording.refresh_from_db()
    assert recording.caption_cues() == [Cue(5, 7, "まず概要です")]
