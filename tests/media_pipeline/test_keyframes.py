"""Where a chapter's cut really falls: keyframes found by ffprobe, and the one snapping rule."""

import json
import subprocess

import ffmpeg
import pytest

from media_pipeline import hls
from media_pipeline.keyframes import (
    cut_points,
    find_keyframes,
    keyframe_command,
    read_keyframes,
    where_cut_falls,
)

FOUR_SECOND_SEGMENTS = [hls.Segment(f"s{n}.ts", 4.0, 4.0 * n) for n in range(10)]


def test_the_keyframe_command_reads_only_our_own_playlist_and_its_segments(settings, tmp_path):
    settings.FFPROBE_BINARY = "ffprobe"
    command = keyframe_command(tmp_path / "360p" / "index.m3u8")
    assert command[0] == "ffprobe"
    pairs = dict(zip(command[1:], command[2:], strict=False))
    assert pairs["-protocol_whitelist"] == "file"
    assert pairs["-format_whitelist"] == "hls,mpegts"
    assert pairs["-f"] == "hls"
    assert pairs["-i"] == f"file:{tmp_path / '360p' / 'index.m3u8'}"
    # Only keyframes are decoded, of the first video stream, answered as JSON.
    assert pairs["-skip_frame"] == "nokey"
    assert pairs["-select_streams"] == "v:0"
    assert pairs["-show_entries"] == "frame=pts_time"
    assert pairs["-of"] == "json"
    # Options come before the input they apply to.
    assert command.index("-protocol_whitelist") < command.index("-i")


def test_keyframes_are_read_on_the_segments_timeline_from_zero():
    answer = json.dumps(
        {"frames": [{"pts_time": "1.400000"}, {"pts_time": "5.400000"}, {"pts_time": "9.4"}]}
    )
    assert read_keyframes(answer) == [0.0, 4.0, 8.0]


def test_an_empty_or_unusable_answer_gives_no_keyframes():
    assert read_keyframes("") == []
    assert read_keyframes('{"frames": [{"pts_time": "N/A"}]}') == []


def test_a_chapter_set_to_end_at_30_s_is_cut_at_28_s():
    # The finding of issue 16: 4-second segments, 30 s lies between 28 s and 32 s.
    points = cut_points(FOUR_SECOND_SEGMENTS[:8])
    assert where_cut_falls(30.0, points) == 28.0


def test_a_cut_falls_on_the_nearest_cut_point():
    points = cut_points(FOUR_SECOND_SEGMENTS)
    assert where_cut_falls(9.0, points) == 8.0
    assert where_cut_falls(10.1, points) == 12.0
    assert where_cut_falls(0.0, points) == 0.0
    assert where_cut_falls(99.0, points) == 40.0


def test_with_nothing_encoded_a_cut_falls_where_it_was_asked():
    assert where_cut_falls(12.3, []) == 12.3


def test_cut_points_are_segment_boundaries_that_begin_on_a_keyframe_and_the_end():
    # A segment boundary ffprobe found no keyframe at cannot begin a clip.
    keyframes = [0.0, 4.0, 12.0, 16.0]
    points = cut_points(FOUR_SECOND_SEGMENTS[:5], keyframes)
    assert points == [0.0, 4.0, 12.0, 16.0, 20.0]


def test_without_keyframes_every_segment_boundary_is_a_cut_point():
    assert cut_points(FOUR_SECOND_SEGMENTS[:3]) == [0.0, 4.0, 8.0, 12.0]


@pytest.mark.media
def test_ffprobe_finds_the_keyframes_of_an_hls_rendition(videos, settings):
    from .conftest import needs_ffmpeg

    needs_ffmpeg()
    settings.FFPROBE_BINARY = "ffprobe"
    folder = videos / "keyframes"
    folder.mkdir(exist_ok=True)
    stream = ffmpeg.input("testsrc=size=160x90:rate=12", f="lavfi", t=13).output(
        str(folder / "index.m3u8"),
        vcodec="libx264",
        preset="ultrafast",
        g=48,
        keyint_min=48,
        sc_threshold=0,
        force_key_frames="expr:gte(t,n_forced*4)",
        f="hls",
        hls_time=4,
        hls_playlist_type="vod",
        hls_segment_filename=str(folder / "seg_%05d.ts"),
    )
    subprocess.run(ffmpeg.compile(stream.global_args("-v", "error", "-y")), check=True)
    keyframes = find_keyframes(folder / "index.m3u8")
    assert keyframes == [0.0, 4.0, 8.0, 12.0]
    segments = hls.read_media_playlist((folder / "index.m3u8").read_text())
    assert cut_points(segments, keyframes) == [0.0, 4.0, 8.0, 12.0, 13.0]


@pytest.mark.media
def test_a_file_that_is_not_a_playlist_gives_no_keyframes(tmp_path, settings):
    settings.FFPROBE_BINARY = "ffprobe"
    bogus = tmp_path / "index.m3u8"
    bogus.write_text("not a playlist")
    assert find_keyframes(bogus) == []
