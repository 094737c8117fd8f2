"""The officer's edits of chapters and captions, checked before anything is stored."""

import json

import pytest

from media_pipeline.captions import BadCaptions, Cue, checked_cues, read_captions, write_vtt
from media_pipeline.chapters import BadChapters, checked_chapters
from media_pipeline.models import Chapter, Rendition, VideoAsset
from tests.courses.media_layout import RECORDING, lay_out
from tests.factories import officer_user, staff_user

EVERY_FOUR_SECONDS = [4.0 * n for n in range(11)]  # 0..40


def chapter(start, end, title="章", reason="manual"):
    return {"title": title, "start": start, "end": end, "reason": reason}


# --- chapters ---------------------------------------------------------------------------------


def test_chapters_may_be_given_in_seconds_or_as_hh_mm_ss():
    plans = checked_chapters(
        [chapter(0, "00:00:20", "はじめに", "start"), chapter("20", "0:40")],
        40,
        EVERY_FOUR_SECONDS,
    )
    assert [(p.start, p.end, p.title, p.reason) for p in plans] == [
        (0, 20, "はじめに", "start"),
        (20, 40, "章", "manual"),
    ]


def test_overlapping_chapters_are_refused_in_one_japanese_sentence():
    with pytest.raises(BadChapters, match="2番目のチャプター: 前のチャプターと重なっています。"):
        checked_chapters([chapter(0, 20), chapter(16, 40)], 40, EVERY_FOUR_SECONDS)


def test_a_chapter_ending_before_it_starts_is_refused():
    with pytest.raises(BadChapters, match="1番目のチャプター: 終了が開始より後"):
        checked_chapters([chapter(20, 10)], 40, EVERY_FOUR_SECONDS)


def test_a_chapter_that_would_be_cut_to_nothing_is_refused():
    # 9 s and 10 s both fall on the keyframe at 8 s: the clip would have no length.
    with pytest.raises(BadChapters, match="切れ目に合わせると長さが0秒"):
        checked_chapters([chapter(0, 9), chapter(9, 10)], 40, EVERY_FOUR_SECONDS)


def test_a_chapter_past_the_end_is_cut_at_the_end_and_one_starting_after_it_is_refused():
    assert checked_chapters([chapter(0, 55)], 40, EVERY_FOUR_SECONDS)[0].end == 40
    with pytest.raises(BadChapters, match="録画の長さを超えています"):
        checked_chapters([chapter(0, 40), chapter(41, 50)], 40, EVERY_FOUR_SECONDS)


@pytest.mark.parametrize("bad", ["abc", -1, None, True, "1:2:3:4", float("nan")])
def test_a_time_that_is_not_a_time_is_refused(bad):
    with pytest.raises(BadChapters, match="時刻は秒か HH:MM:SS"):
        checked_chapters([chapter(bad, 20)], 40, EVERY_FOUR_SECONDS)


@pytest.mark.parametrize("bad", [None, [], {}, "chapters", [1, 2]])
def test_a_body_that_is_not_a_list_of_chapters_is_refused(bad):
    with pytest.raises(BadChapters):
        checked_chapters(bad, 40, EVERY_FOUR_SECONDS)


def test_a_blank_title_becomes_the_chapter_number_and_an_unknown_reason_manual():
    plans = checked_chapters([chapter(0, 40, " ", "<script>")], 40, EVERY_FOUR_SECONDS)
    assert plans[0].title == "チャプター1" and plans[0].reason == "manual"


# --- captions ---------------------------------------------------------------------------------


def cue(start, end, text="字幕"):
    return {"start": start, "end": end, "text": text}


def test_cues_are_read_in_order_with_times_in_seconds_or_stamps():
    cues = checked_cues([cue(0, "00:00:02.500", "本日は"), cue("2.5", "0:04", "よろしく")])
    assert cues == [Cue(0, 2.5, "本日は"), Cue(2.5, 4, "よろしく")]


def test_overlapping_cues_are_refused_in_one_japanese_sentence():
    with pytest.raises(BadCaptions, match="2番目の字幕: 前の字幕と時間が重なっています。"):
        checked_cues([cue(0, 3), cue(2, 4)])


def test_a_cue_ending_before_it_starts_is_refused():
    with pytest.raises(BadCaptions, match="1番目の字幕: 終了が開始より後"):
        checked_cues([cue(3, 2)])


def test_an_empty_cue_is_refused():
    with pytest.raises(BadCaptions, match="1番目の字幕: 文字が空です。"):
        checked_cues([cue(0, 1, "  \n ")])


def test_a_cue_cannot_smuggle_a_cue_of_its_own():
    with pytest.raises(BadCaptions, match="使えません"):
        checked_cues([cue(0, 1, "a\n00:00:05.000 --> 00:00:09.000\nb")])


def test_a_blank_line_inside_a_cue_is_closed_up_so_the_cue_stays_whole():
    cues = checked_cues([cue(0, 1, "一行目\n\n二行目")])
    assert read_captions(write_vtt(cues)) == [Cue(0, 1, "一行目\n二行目")]


def test_edited_cues_survive_a_round_trip_through_webvtt():
    cues = checked_cues(
        [cue(0, 1.234, "本日は"), cue(1.5, 3, "二行の\n字幕"), cue(3600.5, 3602, "一時間後")]
    )
    assert read_captions(write_vtt(cues)) == cues


# --- the pages --------------------------------------------------------------------------------


@pytest.fixture
def recording(db, settings):
    video, _clip = lay_out(settings.MEDIA_ROOT)
    Rendition.objects.create(
        video=video,
        name="90p",
        width=160,
        height=90,
        bandwidth=200_000,
        codecs="avc1.64001f",
        playlist=f"{RECORDING}/90p/index.m3u8",
    )
    Chapter.objects.create(recording=video, index=1, title="前半", start=0, end=20)
    Chapter.objects.create(recording=video, index=2, title="後半", start=20, end=40)
    return video


@pytest.fixture
def officer(client, db):
    client.force_login(officer_user())
    return client


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_timeline_shows_the_cut_points_and_the_chapters(officer, recording):
    response = officer.get(f"/admin/videos/timeline/{recording.pk}/")
    assert response.status_code == 200
    editor = response.context["editor"]
    assert editor["points"] == EVERY_FOUR_SECONDS
    assert [c["title"] for c in editor["chapters"]] == ["前半", "後半"]
    assert "/media-pipeline/play/" in editor["storyboard"]
    assert "<title>チャプターの編集: 勉強会" in response.content.decode()


def test_saved_chapters_replace_the_old_ones(officer, recording):
    response = post(
        officer,
        f"/admin/videos/timeline/{recording.pk}/",
        {"chapters": [chapter(0, 10, "一"), chapter(10, 30, "二"), chapter(30, 40, "三")]},
    )
    assert response.status_code == 200, response.content
    saved = list(recording.chapters.values_list("index", "title", "start", "end"))
    assert saved == [(1, "一", 0, 10), (2, "二", 10, 30), (3, "三", 30, 40)]


def test_a_moved_boundary_keeps_each_chapter_its_own_row(officer, recording):
    """A re-cut from the timeline keeps the chapters (and so their lessons) by identity."""
    first, second = recording.chapters.order_by("index")
    moved = [
        {**chapter(0, 12, "前半"), "id": first.pk},
        {**chapter(12, 40, "後半"), "id": second.pk},
    ]
    assert (
        post(officer, f"/admin/videos/timeline/{recording.pk}/", {"chapters": moved}).status_code
        == 200
    )
    assert list(recording.chapters.order_by("index").values_list("pk", "start")) == [
        (first.pk, 0),
        (second.pk, 12),
    ]


def test_a_chapter_id_not_of_this_recording_makes_a_new_chapter(officer, recording):
    foreign = Chapter.objects.order_by("-pk").first().pk + 1000
    body = {"chapters": [{**chapter(0, 40, "全体"), "id": foreign}]}
    assert post(officer, f"/admin/videos/timeline/{recording.pk}/", body).status_code == 200
    assert recording.chapters.get().pk != foreign


def test_refused_chapters_change_nothing(officer, recording):
    response = post(
        officer,
        f"/admin/videos/timeline/{recording.pk}/",
        {"chapters": [chapter(0, 25), chapter(20, 40)]},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "2番目のチャプター: 前のチャプターと重なっています。"
    assert list(recording.chapters.values_list("title", "start", "end")) == [
        ("前半", 0, 20),
        ("後半", 20, 40),
    ]


@pytest.mark.parametrize("body", [b"not json", b"[1]", b'{"chapters": "x"}'])
def test_a_malformed_body_is_refused(officer, recording, body):
    response = officer.post(
        f"/admin/videos/timeline/{recording.pk}/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"].endswith("。")


def test_a_recording_being_processed_cannot_be_saved(officer, recording):
    VideoAsset.objects.filter(pk=recording.pk).update(status=VideoAsset.Status.PROCESSING)
    response = post(
        officer, f"/admin/videos/timeline/{recording.pk}/", {"chapters": [chapter(0, 40)]}
    )
    assert response.status_code == 409
    assert recording.chapters.count() == 2


def test_a_saved_edit_shows_the_recording_processed_until_a_worker_has_cut_it_again(
    officer, recording, memory_broker
):
    """Queued, not yet taken by a worker: the recording's page must not say it is ready."""
    VideoAsset.objects.filter(pk=recording.pk).update(stage="clipped")
    post(officer, f"/admin/videos/caption-editor/{recording.pk}/", {"cues": [cue(1, 3, "元")]})
    status = officer.get(f"/admin/videos/status/{recording.pk}/").json()
    assert (status["status_label"], status["running"]) == ("処理中", True)


def test_a_clip_has_no_editor_of_its_own(officer, recording):
    clip = VideoAsset.objects.get(kind=VideoAsset.Kind.CLIP)
    assert officer.get(f"/admin/videos/timeline/{clip.pk}/").status_code == 404
    assert officer.get(f"/admin/videos/caption-editor/{clip.pk}/").status_code == 404


def test_staff_cannot_edit_chapters_or_captions(client, recording):
    client.force_login(staff_user())
    for url in (
        f"/admin/videos/timeline/{recording.pk}/",
        f"/admin/videos/caption-editor/{recording.pk}/",
    ):
        assert post(client, url, {"chapters": [chapter(0, 40)]}).status_code in {302, 403}
    assert recording.chapters.count() == 2


def test_saved_captions_are_stored_as_webvtt(officer, recording):
    response = post(
        officer,
        f"/admin/videos/caption-editor/{recording.pk}/",
        {"cues": [cue(1, 3, "本日は"), cue(3, 5.5, "よろしく")]},
    )
    assert response.status_code == 200, response.content
    recording.refresh_from_db()
    assert recording.caption_cues() == [Cue(1, 3, "本日は"), Cue(3, 5.5, "よろしく")]
    assert recording.transcript == "本日は よろしく"


def test_refused_captions_leave_the_stored_ones(officer, recording):
    post(officer, f"/admin/videos/caption-editor/{recording.pk}/", {"cues": [cue(1, 3, "元")]})
    response = post(
        officer,
        f"/admin/videos/caption-editor/{recording.pk}/",
        {"cues": [cue(1, 3, "新"), cue(2, 4, "重なり")]},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "2番目の字幕: 前の字幕と時間が重なっています。"
    recording.refresh_from_db()
    assert recording.caption_cues() == [Cue(1, 3, "元")]


def test_the_caption_editor_lists_the_stored_cues(officer, recording):
    post(officer, f"/admin/videos/caption-editor/{recording.pk}/", {"cues": [cue(1, 3, "元")]})
    response = officer.get(f"/admin/videos/caption-editor/{recording.pk}/")
    assert response.status_code == 200
    assert response.context["editor"]["cues"] == [{"start": 1, "end": 3, "text": "元"}]


def test_a_body_too_large_is_refused_without_being_read(officer, recording, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(
        officer,
        f"/admin/videos/caption-editor/{recording.pk}/",
        {"cues": [cue(n, n + 1, "字" * 50) for n in range(100)]},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "送られた内容が大きすぎます。"
