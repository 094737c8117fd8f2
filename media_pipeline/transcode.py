"""The adaptive-streaming ladder: one ffmpeg run decodes the recording once and makes everything.

From a single decode the run encodes every rendition of the HLS ladder (keyframes forced at the
same instants in all of them, so segments line up), the storyboard sprite sheets, and feeds a
small copy of the picture to scene detection and the original sound to silence detection, which
chapters.py turns into chapter suggestions.
"""

import math
import re
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
from django.conf import settings

from .probe import ProbeResult
from .safety import input_options, input_path

LOUDNESS = {"I": -16, "TP": -1.5, "LRA": 11}  # EBU R128 target for speech on small speakers
AUDIO_RATE = 48000


@dataclass(frozen=True)
class Rung:
    """One rendition: its name (the short side, e.g. '720p'), picture size and bitrates (kbit/s)."""

    name: str
    width: int
    height: int
    video_kbps: int
    audio_kbps: int

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)


@dataclass(frozen=True)
class StoryboardPlan:
    interval: float  # seconds between thumbnails
    width: int  # thumbnail size
    height: int
    columns: int
    rows: int

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


def parse_ladder(text: str) -> list[tuple[int, int]]:
    """'360:800,720:2800' → [(360, 800), (720, 2800)]: short side in pixels, video kbit/s."""
    rungs = []
    for item in text.split(","):
        side, kbps = item.strip().split(":")
        rungs.append((int(side), int(kbps)))
    return sorted(rungs)


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def plan_ladder(width: int, height: int, ladder: list[tuple[int, int]]) -> list[Rung]:
    """The renditions for a picture of width×height: never above the source, even sizes.

    A rung is named by the picture's short side, so a portrait phone video gets the same ladder as
    a landscape one. A source smaller than the lowest rung gets one rendition at its own size.
    """
    short = min(width, height)
    rungs = []
    for side, kbps in ladder:
        if side > short:
            continue
        scale = side / short
        rungs.append(Rung(f"{side}p", _even(width * scale), _even(height * scale), kbps, 0))
    if not rungs:
        side, kbps = ladder[0]
        pixels_ratio = (width * height) / (side * side * 16 / 9)
        rungs.append(
            Rung(
                f"{_even(short)}p",
                _even(width),
                _even(height),
                max(64, int(kbps * pixels_ratio)),
                0,
            )
        )
    return [
        Rung(r.name, r.width, r.height, r.video_kbps, 64 if r.short_side < 480 else 128)
        for r in rungs
    ]


def plan_storyboard(width: int, height: int, duration: float) -> StoryboardPlan:
    interval = float(settings.MEDIA_STORYBOARD_SECONDS)
    # Roughly 200 thumbnails at most, so that a long recording's index stays small.
    interval = max(interval, math.ceil(duration / 200))
    thumb_width = 160
    thumb_height = _even(thumb_width * height / width)
    return StoryboardPlan(interval, thumb_width, thumb_height, columns=5, rows=5)


def cascade(video, rungs: list[Rung], extra: int) -> tuple[list, list]:
    """Each rendition scaled from the next larger one, not every one from the source: the
    biggest scaling work is done once. Returns the pictures in rung order, and `extra` copies of
    the smallest for the storyboard and the analysis."""
    order = sorted(range(len(rungs)), key=lambda n: -(rungs[n].width * rungs[n].height))
    pictures: list = [None] * len(rungs)
    current = video
    extras: list = []
    for position, number in enumerate(order):
        last = position == len(order) - 1
        copies = current.filter(
            "scale", rungs[number].width, rungs[number].height
        ).filter_multi_output("split", 1 + (extra if last else 1))
        pictures[number] = copies[0]
        if last:
            extras = [copies[1 + k] for k in range(extra)]
        else:
            current = copies[1]
    return pictures, extras


def ladder_graph(
    source: str | Path,
    probe: ProbeResult,
    rungs: list[Rung],
    out_dir: str | Path,
    storyboard: StoryboardPlan | None = None,
    analyse: bool = True,
    segment_seconds: int | None = None,
    preset: str | None = None,
):
    """The whole run as an ffmpeg-python graph: HLS ladder, storyboard sheets, analysis."""
    out_dir = Path(out_dir)
    segment_seconds = segment_seconds or settings.MEDIA_SEGMENT_SECONDS
    preset = preset or settings.MEDIA_X264_PRESET
    source_input = ffmpeg.input(input_path(source), **input_options(probe.demuxer))
    extra = (1 if storyboard else 0) + (1 if analyse else 0)
    pictures, small = cascade(source_input.video, rungs, extra)
    sound = None
    if probe.has_audio:
        sound = source_input.audio.filter_multi_output("asplit", 2 if analyse else 1)

    streams = []
    per_stream: dict[str, str | int] = {}
    voices = None
    if sound is not None:
        voices = (
            sound[0]
            .filter("loudnorm", **LOUDNESS)
            .filter("aresample", AUDIO_RATE)
            .filter_multi_output("asplit", len(rungs))
        )
    for number, rung in enumerate(rungs):
        streams.append(pictures[number].filter("setsar", "1").filter("format", "yuv420p"))
        per_stream[f"b:v:{number}"] = f"{rung.video_kbps}k"
        per_stream[f"maxrate:v:{number}"] = f"{int(rung.video_kbps * 1.2)}k"
        per_stream[f"bufsize:v:{number}"] = f"{rung.video_kbps * 2}k"
        if voices is not None:
            streams.append(voices[number])
            per_stream[f"b:a:{number}"] = f"{rung.audio_kbps}k"
    if probe.has_audio:
        stream_map = " ".join(f"v:{n},a:{n},name:{r.name}" for n, r in enumerate(rungs))
    else:
        stream_map = " ".join(f"v:{n},name:{r.name}" for n, r in enumerate(rungs))
    gop = max(1, int(round(probe.frame_rate * segment_seconds)))
    hls = ffmpeg.output(
        *streams,
        str(out_dir / "%v" / "index.m3u8"),
        f="hls",
        vcodec="libx264",
        preset=preset,
        **{"profile:v": "high"},
        g=gop,
        keyint_min=gop,
        sc_threshold=0,
        # Keyframes at the same instants in every rendition: segments line up for switching,
        # and a clip can be cut from them without re-encoding.
        force_key_frames=f"expr:gte(t,n_forced*{segment_seconds})",
        acodec="aac",
        ac=2,
        ar=AUDIO_RATE,
        hls_time=segment_seconds,
        hls_playlist_type="vod",
        hls_flags="independent_segments",
        hls_segment_type="mpegts",
        hls_segment_filename=str(out_dir / "%v" / "seg_%05d.ts"),
        var_stream_map=stream_map,
        **per_stream,
    )
    outputs = [hls]
    if storyboard:
        # Single thumbnails, put on sheets afterwards (storyboard.py): a tile filter here would
        # hold back its first image for a whole sheet, and ffmpeg reports no progress until
        # every output has begun.
        thumbnails = (
            small.pop(0)
            .filter("fps", f"1/{storyboard.interval:g}")
            .filter("scale", storyboard.width, storyboard.height)
        )
        outputs.append(
            ffmpeg.output(thumbnails, str(out_dir / "storyboard" / "thumb_%05d.jpg"), **{"q:v": 5})
        )
    if analyse:
        detected = [
            small.pop(0)
            .filter("scale", 160, -2)
            .filter("fps", 5)
            .filter("scdet", threshold=settings.MEDIA_SCENE_THRESHOLD)
        ]
        if sound is not None:
            detected.append(
                sound[1].filter(
                    "silencedetect",
                    noise=f"{settings.MEDIA_SILENCE_DB}dB",
                    d=settings.MEDIA_SILENCE_SECONDS,
                )
            )
        outputs.append(ffmpeg.output(*detected, "-", f="null"))
    return ffmpeg.merge_outputs(*outputs).global_args(
        "-hide_banner", "-nostats", "-progress", "pipe:1", "-y"
    )


def rendition_graph(source: str | Path, probe: ProbeResult, rung: Rung, out_dir: str | Path):
    """One rendition alone, with the same settings: the baseline the benchmark compares with."""
    return ladder_graph(source, probe, [rung], out_dir, storyboard=None, analyse=False)


SCENE = re.compile(r"lavfi\.scd\.score:\s*([\d.]+),\s*lavfi\.scd\.time:\s*([\d.]+)")
SILENCE_START = re.compile(r"silence_start:\s*(-?[\d.]+)")
SILENCE_END = re.compile(r"silence_end:\s*([\d.]+)")


def poster_graph(source: str | Path, probe_result: ProbeResult, out: str | Path):
    """One frame a tenth of the way in (at most a minute), at most 1280 pixels wide."""
    at = min(60.0, probe_result.duration * 0.1)
    return (
        ffmpeg.input(input_path(source), ss=f"{at:.3f}", **input_options(probe_result.demuxer))
        .video.filter("scale", "min(1280,iw)", -2)
        .output(str(out), vframes=1, **{"q:v": 3})
        .global_args("-hide_banner", "-loglevel", "error", "-y")
    )


def first_frame_graph(segment: str | Path, out: str | Path):
    """The first frame of one of our own HLS segments (a keyframe): a clip's poster."""
    return (
        ffmpeg.input(input_path(segment), **input_options("mpegts"))
        .video.output(str(out), vframes=1, **{"q:v": 3})
        .global_args("-hide_banner", "-loglevel", "error", "-y")
    )


def read_analysis(log: str, duration: float) -> dict:
    """Scene changes and silences from the run's log, as stored in VideoAsset.analysis."""
    scenes = [[float(t), float(score)] for score, t in SCENE.findall(log)]
    silences = []
    start = None
    for line in log.splitlines():
        if (match := SILENCE_START.search(line)) is not None:
            start = max(0.0, float(match.group(1)))
        elif (match := SILENCE_END.search(line)) is not None and start is not None:
            silences.append([start, float(match.group(1))])
            start = None
    if start is not None:
        silences.append([start, duration])
    return {"scenes": scenes, "silences": silences}


def progress_seconds(line: str) -> float | None:
    """Seconds of output done, from one line of `-progress` output (out_time_us=...)."""
    if line.startswith("out_time_us="):
        try:
            return int(line.split("=", 1)[1]) / 1_000_000
        except ValueError:
            return None
    return None
