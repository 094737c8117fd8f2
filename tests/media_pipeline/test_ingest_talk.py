"""A one-minute talk with four slides, imported by ingest_video, checked by probing its outputs."""

from pathlib import Path

import pytest

from courses.models import LessonPage
from media_pipeline import hls
from media_pipeline.grants import granted_urls
from media_pipeline.models import VideoAsset

from .conftest import TALK_CHANGES
from .probing import first_video_pts, integrated_loudness, picture_size

pytestmark = [pytest.mark.media, pytest.mark.django_db]


def stored(settings, key: str) -> Path:
    return Path(settings.MEDIA_ROOT) / key


def test_the_json_report_says_ready_with_renditions_and_chapters(ingested_talk):
    report = ingested_talk["report"]
    assert report["status"] == "ready" and report["error"] is None
    assert (report["width"], report["height"]) == (320, 180)
    assert abs(report["duration"] - 64) < 0.5
    assert [r["height"] for r in report["renditions"]] == [90, 144]
    assert report["master_playlist"].endswith("/master.m3u8")
    assert all(c["lesson_id"] and c["lesson_url"] for c in report["chapters"])


def test_renditions_have_the_planned_sizes_and_none_above_the_source(talk, settings):
    sizes = {}
    for rendition in talk.renditions.all():
        folder = stored(settings, rendition.playlist).parent
        sizes[rendition.name] = picture_size(folder / "seg_00000.ts")
    assert sizes == {"90p": (160, 90), "144p": (256, 144)}


def test_master_playlist_names_bandwidth_resolution_and_codecs(talk, settings):
    text = stored(settings, talk.master_playlist_key).read_text()
    assert text.count("#EXT-X-STREAM-INF:") == 2
    assert "RESOLUTION=256x144" in text and 'CODECS="avc1.' in text and "mp4a.40.2" in text
    assert all(r.bandwidth > 0 for r in talk.renditions.all())


def test_segments_last_four_seconds(talk, settings):
    rendition = talk.renditions.first()
    segments = hls.read_media_playlist(stored(settings, rendition.playlist).read_text())
    assert all(abs(s.duration - 4) < 0.2 for s in segments[:-1])
    assert abs(sum(s.duration for s in segments) - 64) < 0.5


def test_keyframes_are_aligned_across_renditions(talk, settings):
    starts = []
    for rendition in talk.renditions.all():
        folder = stored(settings, rendition.playlist).parent
        starts.append([first_video_pts(folder / f"seg_{n:05d}.ts") for n in (0, 3, 7, 12)])
    assert starts[0] == pytest.approx(starts[1], abs=0.001)


def test_chapter_cuts_fall_near_the_true_slide_changes(talk):
    chapters = list(talk.chapters.order_by("index"))
    cuts = [c.start for c in chapters[1:]]
    assert cuts == pytest.approx(TALK_CHANGES, abs=1.0)
    assert all("slide" in c.reason for c in chapters[1:])


def test_each_chapter_is_a_published_lesson_with_its_own_clip(talk):
    chapters = list(talk.chapters.order_by("index"))
    lessons = [LessonPage.objects.get(video=c.clip) for c in chapters]
    assert [lesson.title for lesson in lessons] == [c.title for c in chapters]
    assert all(lesson.live for lesson in lessons)
    assert [lesson.duration for lesson in lessons] == [16, 16, 16, 16]
    assert lessons[0].get_parent().slug == "test-ingest"


def test_chapter_titles_are_suggested_from_captions_else_from_the_recording(talk):
    titles = list(talk.chapters.order_by("index").values_list("title", flat=True))
    assert titles == [
        "本日はガバメントクラウドの運用について",
        "アカウントと権限の管理を説明します",
        f"{talk.title} 第3章",
        f"{talk.title} 第4章",
    ]


def test_clips_reuse_the_recordings_segments_without_re_encoding(talk, settings):
    chapter = talk.chapters.get(index=2)
    clip = chapter.clip
    assert clip.kind == VideoAsset.Kind.CLIP and clip.parent == talk and clip.is_ready
    rendition = clip.renditions.get(name="144p")
    playlist = stored(settings, rendition.playlist)
    segments = hls.read_media_playlist(playlist.read_text())
    files = [(playlist.parent / s.uri).resolve() for s in segments]
    recording_folder = stored(settings, talk.renditions.get(name="144p").playlist).parent
    assert [f.name for f in files] == [
        "seg_00004.ts",
        "seg_00005.ts",
        "seg_00006.ts",
        "seg_00007.ts",
    ]
    assert all(f.parent == recording_folder.resolve() for f in files)
    assert (clip.clip_start, clip.clip_end) == (16.0, 32.0)


def test_clip_captions_are_shifted_to_the_clips_timeline(talk):
    clip = talk.chapters.get(index=2).clip
    assert clip.transcript_cues() == [
        {"start": 4.0, "end": 7.5, "text": "アカウントと権限の管理を説明します"}
    ]


def test_a_clip_in_which_nothing_is_captioned_has_no_captions(talk):
    """Else its lesson passes for captioned in the captions report (issue 16)."""
    captioned = [bool(c.clip.captions) for c in talk.chapters.order_by("index")]
    assert captioned == [True, True, False, False]


def test_the_transcript_is_indexed_with_the_lesson(talk):
    clip = talk.chapters.get(index=2).clip
    lesson = LessonPage.objects.get(video=clip)
    assert "権限" in lesson.extra_search_text()


def test_poster_and_storyboard_are_published(talk, settings):
    assert picture_size(stored(settings, talk.poster)) == (320, 180)
    index = stored(settings, talk.storyboard).read_text()
    first_sheet = stored(settings, talk.output_key("storyboard/sheet_001.jpg"))
    assert picture_size(first_sheet) == (5 * 160, 5 * 90)
    assert "storyboard/sheet_001.jpg#xywh=160,0,160,90" in index


def test_the_player_gets_urls_through_the_signed_in_route(talk, client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer")
    client.force_login(viewer)
    response = client.get(granted_urls(talk, viewer.pk).master_playlist)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.apple.mpegurl"
    variant = [line for line in response.content.decode().splitlines() if line.endswith(".m3u8")]
    segment_list = client.get(variant[0]).content.decode()
    segment = [line for line in segment_list.splitlines() if line.endswith(".ts")][0]
    assert client.get(segment)["Content-Type"] == "video/mp2t"


def test_media_is_not_served_to_anonymous_visitors(talk, client):
    response = client.get(talk.master_playlist_url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_lessons_are_found_by_words_of_their_transcript(talk):
    from courses.search import search_pages

    clip = talk.chapters.get(index=2).clip
    found = [page.specific for page in search_pages("権限の管理")]
    assert [page.video_id for page in found if isinstance(page, LessonPage)] == [clip.pk]


def test_speech_loudness_is_normalised_to_ebu_r128(talk, settings, talk_file):
    assert integrated_loudness(talk_file) < -25, "the generated speaker is quiet"
    playlist = stored(settings, talk.renditions.get(name="144p").playlist)
    assert integrated_loudness(playlist) == pytest.approx(-16, abs=1.5)


def test_the_officer_sees_the_chapters_with_their_reasons(talk, client):
    from tests.factories import officer_user

    client.force_login(officer_user())
    page = client.get(f"/admin/videos/edit/{talk.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert talk.chapters.get(index=2).title in html and "スライドの切り替わりと無音" in html
    assert "video-preview" in html


def test_each_clip_has_a_poster_of_its_own_first_frame(talk, settings):
    clip = talk.chapters.get(index=3).clip
    assert clip.poster != talk.poster
    assert picture_size(stored(settings, clip.poster)) == (256, 144)


def test_a_lessons_grant_plays_its_chapter_and_not_one_segment_more(talk, client, settings):
    import re

    from tests.factories import staff_user

    clip = talk.chapters.get(index=2).clip
    lesson = LessonPage.objects.get(video=clip)
    client.force_login(staff_user())
    page = client.get(lesson.url).content.decode()
    master = re.search(r'data-src="([^"]+)"', page).group(1)
    variant = [line for line in client.get(master).content.decode().splitlines() if "/" in line]
    segment_list = client.get(variant[0]).content.decode()
    segments = [line for line in segment_list.splitlines() if line.endswith(".ts")]
    assert all(client.get(url).status_code == 200 for url in segments)
    number = int(re.search(r"seg_(\d+)\.ts$", segments[-1]).group(1))
    following = segments[-1].replace(f"seg_{number:05d}.ts", f"seg_{number + 1:05d}.ts")
    assert stored(settings, "videos/" + following.split("/videos/", 1)[1]).exists()
    assert client.get(following).status_code == 404


def test_keyframes_are_found_at_transcoding_and_each_clip_is_cut_where_the_editor_says(talk):
    from media_pipeline.clips import recording_cut_points
    from media_pipeline.keyframes import where_cut_falls

    keyframes = talk.analysis["keyframes"]
    assert keyframes[:4] == pytest.approx([0.0, 4.0, 8.0, 12.0], abs=0.01)
    points = recording_cut_points(talk)
    for chapter in talk.chapters.all():
        assert chapter.clip.clip_start == pytest.approx(where_cut_falls(chapter.start, points))
        assert chapter.clip.clip_end == pytest.approx(where_cut_falls(chapter.end, points))
