"""Where a chapter's cut really falls: the keyframes of the ladder, found once by ffprobe.

A clip re-encodes nothing (clips.py): it is made of whole HLS segments, and every segment begins on
a keyframe forced at the same instant in every rendition. So a chapter set to end at 30 s ends on
the segment boundary nearest 30 s. `where_cut_falls` is that rule, written once: clips.py cuts by
it and the timeline editor shows each boundary where it says, so the two agree by construction.

The keyframes are read by ffprobe from the smallest rendition just after it is encoded, and stored
in VideoAsset.analysis['keyframes'] on the segments' timeline (the first segment begins at 0).
A recording transcoded before they were stored falls back to its segment boundaries, which are
the same instants.
"""

import bisect
import json
import subprocess
from pathlib import Path

import ffmpeg
from django.conf import settings

from . import hls
from .safety import input_path

KEYFRAME_TIMEOUT_SECONDS = 300
# Our own output only: the media playlist and the MPEG-TS segments beside it, read from disk.
OWN_OUTPUT_FORMATS = "hls,mpegts"
# A segment boundary and a keyframe closer than this are the same instant (EXTINF is rounded).
SAME_INSTANT = 0.05


def keyframe_command(playlist: str | Path) -> list[str]:
    """The ffprobe command listing the presentation time of every keyframe of a media playlist.

    Only keyframes are decoded (-skip_frame nokey), so a three-hour recording takes seconds.
    """
    stream = ffmpeg.input(
        input_path(playlist),
        f="hls",
        protocol_whitelist="file",
        format_whitelist=OWN_OUTPUT_FORMATS,
    ).output("-", f="null")
    args = ffmpeg.get_args(stream)
    # ffmpeg-python builds ffmpeg command lines: keep the input part, ask ffprobe for JSON.
    return [
        settings.FFPROBE_BINARY,
        "-v",
        "error",
        *args[: args.index("-i") + 2],
        "-select_streams",
        "v:0",
        "-skip_frame",
        "nokey",
        "-show_entries",
        "frame=pts_time",
        "-of",
        "json",
    ]


def read_keyframes(answer: str | bytes) -> list[float]:
    """ffprobe's JSON answer → keyframe times in seconds from the first one (the first is 0)."""
    frames = json.loads(answer or "{}").get("frames") or []
    times = sorted(float(f["pts_time"]) for f in frames if f.get("pts_time") not in (None, "N/A"))
    if not times:
        return []
    first = times[0]
    return [round(t - first, 3) for t in times]


def find_keyframes(playlist: str | Path) -> list[float]:
    """Run ffprobe on a media playlist of ours; [] if it cannot tell (the caller falls back)."""
    try:
        done = subprocess.run(
            keyframe_command(playlist),
            capture_output=True,
            timeout=KEYFRAME_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return []
    if done.returncode != 0:
        return []
    return read_keyframes(done.stdout)


def cut_points(segments: list[hls.Segment], keyframes: list[float] | None = None) -> list[float]:
    """The instants a clip can begin or end at: segment boundaries that begin on a keyframe.

    With no keyframes known, every segment boundary (each begins on one by construction).
    """
    if not segments:
        return []
    starts = [s.start for s in segments]
    if keyframes:
        starts = [
            start
            for start in starts
            if abs(keyframes[_nearest(keyframes, start)] - start) <= SAME_INSTANT
        ] or starts[:1]
    end = segments[-1].start + segments[-1].duration
    return [round(t, 3) for t in [*starts, end]]


def _nearest(points: list[float], t: float) -> int:
    """Index of the point nearest t; between two equally near, the earlier."""
    right = bisect.bisect_left(points, t)
    if right == 0:
        return 0
    if right == len(points):
        return len(points) - 1
    return right - 1 if t - points[right - 1] <= points[right] - t else right


def where_cut_falls(t: float, points: list[float]) -> float:
    """Where a cut asked for at `t` seconds really falls: the nearest cut point (the earlier of
    two equally near). With no points (nothing encoded yet) the cut is where it was asked."""
    if not points:
        return t
    return points[_nearest(points, t)]
