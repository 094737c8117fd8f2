"""The training officer's day, walked in Chromium as the people would (issue 16).

An officer uploads a generated talk into a course from the admin home and watches it processed
by a real Celery worker; reviews the draft lessons; moves a chapter boundary on the timeline
by keyboard and by mouse; adds a caption; builds a quiz for the first lesson; submits the drafts
for approval (決裁). An approver approves them, and a member of staff finds them live, plays one
and sees its quiz.
"""

import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from courses.models import LessonPage
from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from organisation.models import HRScope
from organisation.roles import APPROVER
from tests.factories import UserFactory, make_course, municipality, officer_user, staff_user
from tests.media_pipeline.conftest import MEDIA_OVERRIDES, needs_ffmpeg
from tests.skills.factories import SkillCategoryFactory, SkillFactory

pytestmark = [pytest.mark.browser, pytest.mark.media]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "pass-for-tests"
RECORDING = "運用勉強会 第1回"
# 30 s in 4 s segments: keyframes every 4 s. Slides change at 10 and 20 s, with a pause in speech
# around each, so the suggested chapters are 0-10, 10-20 and 20-30 s and cut at 8 (or 12) and 20.
TALK = Talk(
    30.0,
    160,
    90,
    fps=12,
    slide_changes=[10.0, 20.0],
    pauses=[(9.2, 10.8), (19.2, 20.8)],
)
# Words spoken in the first chapter only: it gets its title from them, the others get
# "<recording> 第N章" and no captions.
DRAFTS = [
    "本日はガバメントクラウドの運用についてお話しします",
    f"{RECORDING} 第2章",
    f"{RECORDING} 第3章",
]
CAPTIONS = """1
00:00:01,000 --> 00:00:04,000
えー、本日はガバメントクラウドの運用についてお話しします。
"""


@pytest.fixture
def media_settings(settings, tmp_path):
    """Small, fast outputs (as the media tests make them), chapters of 8 to 14 s."""
    needs_ffmpeg()
    for name, value in MEDIA_OVERRIDES.items():
        setattr(settings, name, value)
    settings.MEDIA_WORK_DIR = str(tmp_path / "work")
    settings.MEDIA_CHAPTER_MIN_SECONDS = 8
    settings.MEDIA_CHAPTER_MAX_SECONDS = 14
    settings.MEDIA_UPLOAD_CHUNK_BYTES = 64 * 1024
    return settings


@pytest.fixture
def people(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    officer = officer_user(username="officer")
    HRScope.objects.create(user=officer, municipality=municipality("131041"))
    approver = UserFactory(username="approver", roles=[APPROVER])
    learner = staff_user(user__username="learner", municipality=municipality("131041"))
    return officer, approver, learner


@pytest.fixture
def skills():
    cloud = SkillCategoryFactory(name="クラウド", framework__name="ガバメントクラウド")
    SkillFactory(category=cloud, code="GC1-01", name="クラウドの基本")
    SkillFactory(category=cloud, code="GC1-02", name="クラウドの運用")
    SkillFactory(code="DX9-01", name="データ分析の基本")


@contextmanager
def step(page, name: str):
    """Say which step of the day failed, and what the page showed then."""
    try:
        yield
    except Exception as error:
        shown = page.locator("main") if page.locator("main").count() == 1 else page.locator("body")
        text = shown.inner_text()[:2000]
        raise AssertionError(f"{name}: {error}\n--- {page.url} showed:\n{text}") from error


def sign_in(browser, base: str, username: str):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def violations(page, where: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """([where, tags]) =>
            axe.run({include: [where]}, {runOnly: {type: "tag", values: tags}})""",
        [where, WCAG_21_AA],
    )
    assert result["passes"], "axe checked nothing"
    return [
        f"{item['id']}: {node['target']} {node['failureSummary']}"
        for item in result["violations"]
        for node in item["nodes"]
    ]


def upload_and_watch(page, base: str, talk: Path, captions: Path) -> VideoAsset:
    page.goto(f"{base}/admin/")
    assert page.get_by_role("heading", name="録画から講座をつくる").is_visible()
    assert "処理中の録画はありません。" in page.locator("#officer-jobs-heading + p").inner_text()
    assert violations(page, "main") == []
    page.get_by_role("link", name="録画をアップロード").click()
    assert page.title().startswith("録画をアップロード")
    page.get_by_label("録画ファイル").set_input_files(str(talk))
    page.get_by_role("textbox", name="タイトル").fill(RECORDING)
    page.get_by_label("公開先の講座").select_option(label="講座: クラウド運用入門")
    page.get_by_label("字幕（WebVTT または SRT）").set_input_files(str(captions))
    page.get_by_role("button", name="アップロード").click()
    page.wait_for_url("**/admin/videos/edit/**")
    assert "アップロードしました。" in page.locator(".messages").inner_text()
    # Processed in the background: the page shows its progress, then reloads when it is done.
    label = page.locator("#video-status-label")
    assert label.inner_text() in {"アップロード済み", "処理中"}, label.inner_text()
    wait_until_ready(page)
    assert page.locator("#video-progress-text").inner_text() == "100%"
    return VideoAsset.objects.get(title=RECORDING, kind=VideoAsset.Kind.RECORDING)


def wait_until_ready(page) -> None:
    """On the recording's page, until its processing is over (the page reloads then)."""
    page.get_by_role("link", name="タイムラインでチャプターを編集").wait_for(timeout=120_000)
    assert page.locator("#video-status-label").inner_text() == "公開可能"


def home_text(page, base: str, heading: str) -> str:
    """The text of one panel of the officer's admin home."""
    page.goto(f"{base}/admin/")
    return page.locator(
        "section", has=page.get_by_role("heading", name=heading, exact=True)
    ).inner_text()


def review_drafts(page, base: str) -> None:
    approval = home_text(page, base, "決裁")
    assert "決裁待ちのレッスン 0件" in approval
    assert "決裁に回していない下書き 3件" in approval
    # Titles suggested from what is said at the chapter's start, else from the recording's.
    for title in DRAFTS:
        assert f"{title} — クラウド運用入門" in approval
    captions = home_text(page, base, "字幕")
    assert "字幕のないレッスンが 2件 あります。" in captions
    page.get_by_role("link", name="一覧を見る").click()
    page.wait_for_url("**/admin/courses/captions/")
    rows = page.locator("table.listing tbody tr")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == DRAFTS[1:]
    assert page.locator("table.listing tbody").inner_text().count("下書き") == 2
    page.get_by_role("link", name=RECORDING, exact=True).first.click()
    page.wait_for_url("**/admin/videos/edit/**")
    wait_until_ready(page)


def edit_chapters(page, base: str, recording: VideoAsset) -> None:
    page.get_by_role("link", name="タイムラインでチャプターを編集").click()
    page.wait_for_selector("#timeline-editor[data-ready=true]")
    assert page.title().startswith(f"チャプターの編集: {RECORDING}")
    assert page.locator("#chapter-rows tr").count() == 3
    assert page.locator(".timeline__thumb").count() > 3, "no storyboard thumbnails"
    assert page.locator(".timeline__mark--slide").count() == 2
    first, second = page.locator("#boundary-1"), page.locator("#boundary-2")
    # Asked for 10 s, the cut falls on the keyframe at 8 s: said before anything is saved.
    assert "実際の切れ目 00:00:08.000" in first.get_attribute("aria-valuetext")
    assert "00:00:00 〜 00:00:08" in page.locator("#chapter-0-real").inner_text()

    # By keyboard: to the next keyframe.
    first.focus()
    page.keyboard.press("PageUp")
    assert first.get_attribute("aria-valuenow") == "12"
    assert "実際の切れ目は 00:00:12.000 です" in page.locator("#timeline-status").inner_text()
    assert "00:00:00 〜 00:00:12" in page.locator("#chapter-0-real").inner_text()

    # By mouse: the second boundary dragged from 20 s to about 23 s; the cut falls on 24 s.
    strip = page.locator("#timeline").bounding_box()
    handle = second.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 23 / 30, handle["y"] + 10, steps=8)
    page.mouse.up()
    assert float(second.get_attribute("aria-valuenow")) == pytest.approx(23, abs=0.6)
    assert "00:00:12 〜 00:00:24" in page.locator("#chapter-1-real").inner_text()

    # The last chapter previewed: it plays from its cut (24 s) and stops at the end.
    page.evaluate("document.getElementById('editor-video').playbackRate = 4")
    page.get_by_role("button", name="チャプター3をプレビュー").click()
    page.wait_for_function(
        "() => { const v = document.getElementById('editor-video');"
        " return v.currentTime >= 24 && v.currentTime < 27; }"
    )
    page.wait_for_function(
        "() => { const v = document.getElementById('editor-video');"
        " return v.paused && v.currentTime >= 29; }",
        timeout=30_000,
    )

    page.get_by_role("button", name="チャプターを保存").click()
    page.wait_for_function(
        "() => document.getElementById('timeline-status').textContent.includes('保存しました')"
    )
    assert "レッスンの動画を切り直しています" in page.locator("#timeline-status").inner_text()
    page.get_by_role("link", name="録画の画面に戻る").click()
    wait_until_ready(page)
    cuts = [(c.clip.clip_start, c.clip.clip_end) for c in recording.chapters.order_by("index")]
    assert cuts == [(0, 12), (12, 24), (24, 30)], cuts


def edit_captions(page, base: str, recording: VideoAsset) -> None:
    page.get_by_role("link", name="字幕を編集").click()
    page.wait_for_selector("#caption-editor[data-ready=true]")
    assert page.locator(".cue").count() == 1
    page.get_by_label("字幕1の文字").fill("本日はガバメントクラウドの運用について話します。")
    # A cue for the second chapter, added where the video stands.
    page.evaluate(
        "() => { const v = document.getElementById('editor-video');"
        " v.pause(); v.currentTime = 14; }"
    )
    page.get_by_role("button", name="字幕を追加").click()
    page.keyboard.type("アカウントと権限の管理を説明します。")
    assert page.get_by_label("字幕2の開始").input_value() == "00:00:14.000"
    page.get_by_role("button", name="字幕を保存").click()
    page.wait_for_function(
        "() => document.getElementById('caption-status').textContent.includes('保存しました')"
    )
    page.get_by_role("link", name="録画の画面に戻る").click()
    wait_until_ready(page)


def build_quiz(page, base: str) -> None:
    page.goto(f"{base}/admin/")
    page.get_by_role("link", name="テスト", exact=True).click()
    page.get_by_role("link", name=re.compile(r"^テスト ?を追加")).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("textbox", name="題名").fill("運用の基本の確認")
    page.get_by_role("button", name="ページを選択 (レッスン)").click()
    # Wagtail's page chooser opens on the course the officer works in.
    modal = page.locator(".modal-dialog")
    lesson = modal.get_by_role("link", name=DRAFTS[0])
    lesson.wait_for()
    assert "この欄で選べるのは「レッスン」のページだけです。" in modal.inner_text()
    lesson.click()
    assert page.locator("#id_lesson-title").inner_text() == DRAFTS[0]

    page.fill("#id_questions-0-text", "ガバメントクラウドで利用者が管理するものは")
    page.locator("#questions-0-answer-root .c-sf-add-button").first.click()
    page.get_by_role("option", name="単一選択", exact=True).click()
    answer = "questions-0-answer-0-value"
    page.fill(f"[name='{answer}-choices-0-value-text']", "データセンターの建物")
    page.fill(f"[name='{answer}-choices-1-value-text']", "アカウントと権限")
    page.check(f"[name='{answer}-choices-1-value-correct']")
    # The skill picker, grouped by framework, filtered by what is typed.
    page.fill("#id_questions-0-skill-filter", "GC1")
    assert page.locator("#id_questions-0-skill option", has_text="DX9-01").is_hidden()
    page.select_option("#id_questions-0-skill", label="GC1-02 クラウドの運用")

    page.get_by_role("button", name="プレビューを開閉").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.get_by_text("ガバメントクラウドで利用者が管理するものは").wait_for()
    assert preview.get_by_label("アカウントと権限").count() == 1
    assert preview.get_by_role("button", name="解答を提出する").is_disabled()

    page.get_by_role("button", name="保存").first.click()
    page.wait_for_url("**/admin/snippets/skills/quiz/")
    assert "運用の基本の確認" in page.locator(".messages").inner_text()
    row = page.locator("tr", has_text="運用の基本の確認")
    assert "公開" in row.inner_text()


def submit_for_approval(page, base: str, titles: list[str]) -> None:
    for number, title in enumerate(titles):
        page.goto(f"{base}/admin/")
        drafts = page.locator("section", has=page.get_by_role("heading", name="決裁", exact=True))
        assert f"決裁に回していない下書き {len(titles) - number}件" in drafts.inner_text()
        drafts.get_by_role("link", name=title, exact=True).click()
        page.wait_for_url("**/admin/pages/*/edit/")
        assert page.title().startswith(f"レッスンを編集中: {title}")
        # Officers may submit, never publish round the approval.
        assert page.locator("button[name=action-publish]").count() == 0
        page.get_by_role("button", name="他のアクション").click()
        submit = page.get_by_role("button", name="決裁に提出する")
        submit.wait_for()
        if number == 0:
            # At rest: Wagtail's hover colour for this button (#edf6f6 on #138788) is its own.
            page.mouse.move(0, 0)
            assert violations(page, "main form") == []
        submit.click()
        page.wait_for_load_state()
        assert title in page.locator(".messages").inner_text()
    approval = home_text(page, base, "決裁")
    assert f"決裁待ちのレッスン {len(titles)}件" in approval
    assert "決裁に回していない下書き 0件" in approval


def approve(page, base: str, titles: list[str]) -> None:
    for title in titles:
        page.goto(f"{base}/admin/")
        waiting = page.locator(
            "section", has=page.get_by_role("heading", name="あなたのレビューの待機中")
        )
        # The admin marks a lesson without captions in its title.
        link = waiting.get_by_role("link", name=re.compile(f"^{re.escape(title)}(（字幕なし）)?$"))
        assert link.count() >= 1, f"{title} is not among the approver's reviews"
        if title == DRAFTS[2]:
            assert link.first.inner_text().endswith("（字幕なし）")
        link.first.click()
        page.wait_for_url("**/admin/pages/*/edit/")
        page.get_by_role("button", name="他のアクション").click()
        page.get_by_role("button", name="承認と公開", exact=True).click()
        page.wait_for_load_state()
        assert title in page.locator(".messages").inner_text()


def watch_as_staff(page, base: str, titles: list[str]) -> None:
    page.goto(f"{base}/cloud-ops/")
    course = page.locator("main").inner_text()
    assert "0 / 3 レッスン修了" in course
    assert f"次のレッスン: {titles[0]}" in course
    # In chapter order, each as long as its clip: cut at 12 and 24 s of the 30 s talk.
    listed = "\n".join(
        f"{title}\n{length}" for title, length in zip(titles, ["12秒", "12秒", "6秒"], strict=True)
    )
    assert listed in course
    page.get_by_role("link", name=titles[0], exact=True).last.click()
    assert page.get_by_role("heading", level=1).inner_text() == titles[0]
    assert "レッスン 1 / 3" in page.locator("p.meta").first.inner_text()
    # The player loads the lesson's own clip (12 s of the recording) with its captions.
    page.wait_for_function(
        "() => { const v = document.querySelector('video.player-video');"
        " return v && v.readyState >= 1 && Math.abs(v.duration - 12) < 0.5; }"
    )
    assert page.locator("video.player-video track[kind=captions]").count() == 1
    quiz = page.get_by_role("heading", name="確認テスト: 運用の基本の確認")
    assert quiz.is_visible()
    assert page.get_by_label("アカウントと権限").count() == 1


def test_an_officers_day_from_a_recording_to_lessons_staff_watch(
    browser, live_server, transactional_db, media_settings, worker, people, skills, tmp_path
):
    from demo.catalogue import site_root

    make_course(site_root(), title="クラウド運用入門", slug="cloud-ops")
    talk = make_talk(TALK, tmp_path / "officers-day.mp4")
    captions = tmp_path / "talk.srt"
    captions.write_text(CAPTIONS, encoding="utf-8")
    base = live_server.url

    officer = sign_in(browser, base, "officer")
    with step(officer, "1. upload and watch the processing"):
        recording = upload_and_watch(officer, base, talk, captions)

    with step(officer, "2. the drafts on the officer's home"):
        review_drafts(officer, base)

    with step(officer, "3. chapters on the timeline"):
        edit_chapters(officer, base, recording)

    with step(officer, "4. captions"):
        edit_captions(officer, base, recording)
        # The second chapter is captioned now; the third is still not.
        assert "字幕のないレッスンが 1件 あります。" in home_text(officer, base, "字幕")
        # The second lesson's suggested title now comes from what is said in it.
        assert "アカウントと権限の管理を説明します — クラウド運用入門" in home_text(
            officer, base, "決裁"
        )

    with step(officer, "5. a quiz for the first lesson"):
        build_quiz(officer, base)

    lessons = [DRAFTS[0], "アカウントと権限の管理を説明します", DRAFTS[2]]
    with step(officer, "6. the drafts submitted for approval"):
        submit_for_approval(officer, base, lessons)
    assert not LessonPage.objects.filter(live=True).exists(), "submitted lessons went live"

    approver = sign_in(browser, base, "approver")
    with step(approver, "6. the approver approves"):
        approve(approver, base, lessons)
    assert LessonPage.objects.filter(live=True).count() == 3

    learner = sign_in(browser, base, "learner")
    with step(learner, "7. staff watch the lessons"):
        watch_as_staff(learner, base, lessons)
