"""The pure parts of the pipeline: command lines, plans, playlists, chapters and captions."""

import ffmpeg
import pytest

from media_pipeline import hls
from media_pipeline.captions import BadCaptions, Cue, read_captions, shift_cues, write_vtt
from media_pipeline.chapters import (
    PAUSE,
    SLIDE,
    SLIDE_AND_PAUSE,
    BadChapters,
    read_chapters_csv,
    suggest_chapters,
)
from media_pipeline.keyframes import cut_points, where_cut_falls
from media_pipeline.probe import NotPlayable, ProbeResult, probe_command, read_probe
from media_pipeline.safety import demuxer_of, input_options
from media_pipeline.storyboard import storyboard_vtt
from media_pipeline.transcode import (
    StoryboardPlan,
    first_frame_graph,
    ladder_graph,
    parse_ladder,
    plan_ladder,
    poster_graph,
    read_analysis,
)

LADDER = parse_ladder("360:800,540:1400,720:2800,1080:5000")
PROBED = ProbeResult("mov", 600.0, 1920, 1080, True, "h264", 25.0)


def test_probe_reads_only_the_file_with_video_demuxers():
    command = probe_command("/uploads/talk.mp4")
    assert command[command.index("-protocol_whitelist") + 1] == "file"
    allowed = command[command.index("-format_whitelist") + 1].split(",")
    assert "hls" not in allowed and "concat" not in allowed and "image2" not in allowed
    assert command[command.index("-i") + 1] == "file:/uploads/talk.mp4"


def test_a_name_like_a_url_stays_a_file_name():
    command = probe_command("http://example.com/x.mp4")
    assert command[command.index("-i") + 1].startswith("file:/")


def test_forcing_a_demuxer_outside_the_list_is_refused():
    with pytest.raises(ValueError):
        input_options("hls")


def test_playlist_and_image_formats_have_no_demuxer():
    assert demuxer_of("hls") is None
    assert demuxer_of("image2") is None
    assert demuxer_of("mov,mp4,m4a,3gp,3g2,mj2") == "mov"
    assert demuxer_of("matroska,webm") == "matroska"


def test_audio_only_is_refused_with_a_japanese_reason():
    data = {
        "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "30"},
        "streams": [{"codec_type": "audio", "codec_name": "aac"}],
    }
    with pytest.raises(NotPlayable, match="音声だけ"):
        read_probe(data)


def test_a_rotated_phone_video_is_published_upright():
    data = {
        "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "30"},
        "streams": [
            {
                "codec_type": "video",
                "codec_name": "h264",
                "width": 1920,
                "height": 1080,
                "side_data_list": [{"rotation": -90}],
            }
        ],
    }
    result = read_probe(data)
    assert (result.width, result.height) == (1080, 1920)


def test_ladder_never_goes_above_the_source():
    assert [r.name for r in plan_ladder(1280, 720, LADDER)] == ["360p", "540p", "720p"]


def test_portrait_video_gets_the_ladder_by_its_short_side():
    rungs = plan_ladder(1080, 1920, LADDER)
    assert [(r.width, r.height) for r in rungs][0] == (360, 640)
    assert rungs[-1].name == "1080p"


def test_odd_sizes_become_even():
    for rung in plan_ladder(1281, 721, LADDER):
        assert rung.width % 2 == 0 and rung.height % 2 == 0


def test_a_source_below_the_lowest_rung_gets_one_rendition_of_its_own_size():
    rungs = plan_ladder(321, 179, LADDER)
    assert [(r.width, r.height) for r in rungs] == [(320, 180)]


def test_ladder_decodes_once_and_aligns_keyframes():
    rungs = plan_ladder(1920, 1080, LADDER)
    plan = StoryboardPlan(10, 160, 90, 5, 5)
    args = ffmpeg.get_args(ladder_graph("/in/talk.mp4", PROBED, rungs, "/out", plan, True, 4))
    assert args.count("-i") == 1
    assert args[args.index("-f") + 1] == "mov"  # forced to what the probe found
    assert args[args.index("-force_key_frames") + 1] == "expr:gte(t,n_forced*4)"
    assert args[args.index("-sc_threshold") + 1] == "0"
    assert args[args.index("-hls_time") + 1] == "4"
    stream_map = args[args.index("-var_stream_map") + 1]
    assert stream_map.split() == [f"v:{n},a:{n},name:{r.name}" for n, r in enumerate(rungs)]
    graph = args[args.index("-filter_complex") + 1]
    assert "loudnorm" in graph and "scdet" in graph and "silencedetect" in graph
    assert "fps=1/10" in graph


def test_master_playlist_has_bandwidth_resolution_and_codecs():
    text = hls.master_playlist(
        [hls.Variant("720p/index.m3u8", 3_000_000, 2_500_000, 1280, 720, "avc1.64001f,mp4a.40.2")]
    )
    assert (
        "#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2500000,RESOLUTION=1280x720,"
        'CODECS="avc1.64001f,mp4a.40.2"' in text
    )


def test_codecs_string_follows_rfc_6381():
    assert hls.codecs("High", 31, True) == "avc1.64001f,mp4a.40.2"
    assert hls.codecs("Main", 40, False) == "avc1.4d4028"


def test_clip_is_cut_on_the_segment_boundaries_nearest_its_chapter():
    segments = [hls.Segment(f"s{n}.ts", 4.0, n * 4.0) for n in range(10)]
    points = cut_points(segments)
    parts = hls.clip_segments(segments, where_cut_falls(9.0, points), where_cut_falls(21.5, points))
    assert parts[0].start == 8.0
    assert parts[-1].start + parts[-1].duration == 20.0


def test_chapters_are_cut_where_a_slide_changes_during_a_pause():
    scenes = [[200.0, 30.0], [410.0, 25.0], [650.0, 20.0]]
    silences = [[199.0, 201.0], [300.0, 302.0], [649.0, 651.5]]
    chapters = suggest_chapters(900, scenes, silences, 180, 600)
    assert [round(c.start) for c in chapters] == [0, 200, 650]
    assert [c.reason for c in chapters[1:]] == [SLIDE_AND_PAUSE, SLIDE_AND_PAUSE]
    assert chapters[-1].end == 900


def test_a_pause_serves_when_no_slide_changes():
    chapters = suggest_chapters(700, [], [[399.0, 401.0]], 180, 600)
    assert [(round(c.start), c.reason) for c in chapters] == [(0, "start"), (400, PAUSE)]


def test_a_slide_change_beats_a_pause():
    chapters = suggest_chapters(700, [[300.0, 10.0]], [[399.0, 401.0]], 180, 600)
    assert chapters[1].reason == SLIDE


def test_no_chapter_is_longer_than_the_maximum_even_without_cuts():
    chapters = suggest_chapters(1500, [], [], 180, 600)
    assert max(c.end - c.start for c in chapters) <= 600


def test_a_short_talk_is_one_chapter():
    assert len(suggest_chapters(240, [[100.0, 30.0]], [], 180, 600)) == 1


def test_chapters_csv_reads_seconds_and_clock_times():
    chapters = read_chapters_csv("start,end,title\n0,75,はじめに\n00:01:15,00:03:00,権限\n")
    assert [(c.start, c.end, c.title) for c in chapters] == [(0, 75, "はじめに"), (75, 180, "権限")]


def test_overlapping_csv_chapters_are_refused_with_the_row():
    with pytest.raises(BadChapters, match="2行目"):
        read_chapters_csv("0,100,a\n50,150,b\n")


def test_srt_is_read_like_webvtt():
    cues = read_captions(
        "1\n00:00:01,500 --> 00:00:03,000\nこんにちは\n\n2\n00:00:04,000 --> 00:00:05,000\n皆さん\n"
    )
    assert cues == [Cue(1.5, 3.0, "こんにちは"), Cue(4.0, 5.0, "皆さん")]


def test_a_file_without_cues_is_refused():
    with pytest.raises(BadCaptions):
        read_captions("just some text")


def test_captions_are_shifted_to_the_clip_timeline():
    cues = [Cue(10, 12, "a"), Cue(19, 22, "b"), Cue(30, 31, "c")]
    assert shift_cues(cues, 20, 30) == [Cue(0, 2, "b")]


def test_written_webvtt_reads_back():
    cues = [Cue(3661.25, 3662.5, "一行目\n二行目")]
    text = write_vtt(cues)
    assert text.startswith("WEBVTT\n\n01:01:01.250 --> 01:01:02.500\n")
    assert read_captions(text) == cues


def test_storyboard_index_points_at_each_thumbnail():
    plan = StoryboardPlan(10, 160, 90, 5, 5)
    text = storyboard_vtt(plan, 260)
    assert "00:00:00.000 --> 00:00:10.000\nstoryboard/sheet_001.jpg#xywh=0,0,160,90" in text
    assert "00:01:00.000 --> 00:01:10.000\nstoryboard/sheet_001.jpg#xywh=160,90,160,90" in text
    assert "00:04:10.000 --> 00:04:20.000\nstoryboard/sheet_002.jpg#xywh=0,0,160,90" in text


def test_analysis_reads_scene_changes_and_silences_from_the_log():
    log = (
        "[scdet @ 0x1] lavfi.scd.score: 20.5, lavfi.scd.time: 18\n"
        "[silencedetect @ 0x2] silence_start: 17.0\n"
        "[silencedetect @ 0x2] silence_end: 18.8 | silence_duration: 1.8\n"
        "[silencedetect @ 0x2] silence_start: 59.0\n"
    )
    assert read_analysis(log, 60.0) == {
        "scenes": [[18.0, 20.5]],
        "silences": [[17.0, 18.8], [59.0, 60.0]],
    }


def test_the_poster_is_taken_a_tenth_of_the_way_in_and_at_most_a_minute_in():
    args = ffmpeg.get_args(poster_graph("/in/talk.mp4", PROBED, "/out/poster.jpg"))
    assert args[args.index("-ss") + 1] == "60.000"
    assert args[args.index("-f") + 1] == "mov"
    assert "scale=min(1280\\,iw):-2" in args[args.index("-filter_complex") + 1]
    assert "/out/poster.jpg" in args and args[args.index("-vframes") + 1] == "1"
    short = ProbeResult("mov", 30.0, 640, 360, True, "h264", 25.0)
    short_args = ffmpeg.get_args(poster_graph("/in/short.mp4", short, "/out/poster.jpg"))
    assert short_args[short_args.index("-ss") + 1] == "3.000"


def test_a_clips_poster_is_the_first_frame_of_its_first_segment_read_as_mpeg_ts():
    args = ffmpeg.get_args(first_frame_graph("/media/seg_00003.ts", "/out/poster.jpg"))
    assert args[args.index("-f") + 1] == "mpegts"
    assert args[args.index("-i") + 1].endswith("seg_00003.ts")
    assert args[args.index("-vframes") + 1] == "1"


def test_relinking_a_playlist_replaces_every_uri_and_keeps_the_tags():
    text = (
        '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4.000000,\nseg_00000.ts\n'
        "#EXTINF:4.000000,\nseg_00001.ts\n#EXT-X-ENDLIST\n"
    )
    assert hls.uris(text) == ["init.mp4", "seg_00000.ts", "seg_00001.ts"]
    relinked = hls.relink(text, lambda uri: f"/x/{uri}")
    assert '#EXT-X-MAP:URI="/x/init.mp4"' in relinked
    assert "/x/seg_00001.ts" in relinked.splitlines() and "#EXTINF:4.000000," in relinked
