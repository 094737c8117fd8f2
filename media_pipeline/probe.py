"""Probe first: find out whether an upload is a playable video before anything is made from it."""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import ffmpeg
from django.conf import settings
from django.utils.translation import gettext as _

from .safety import demuxer_of, input_options, input_path

PROBE_TIMEOUT_SECONDS = 120


class NotPlayable(Exception):
    """The upload is not a video the platform can publish; the message is for the officer."""


@dataclass(frozen=True)
class ProbeResult:
    demuxer: str
    duration: float
    width: int
    height: int
    has_audio: bool
    video_codec: str
    frame_rate: float


def probe_command(path: str | Path) -> list[str]:
    """The ffprobe command line for `path`, restricted to the file itself and video containers."""
    stream = ffmpeg.input(input_path(path), **input_options()).output("-", f="null")
    args = ffmpeg.get_args(stream)
    # ffmpeg-python builds ffmpeg command lines: keep the input part, ask ffprobe for JSON.
    return [
        settings.FFPROBE_BINARY,
        "-v",
        "error",
        *args[: args.index("-i") + 2],
        "-show_format",
        "-show_streams",
        "-of",
        "json",
    ]


def read_probe(data: dict) -> ProbeResult:
    """Decide from ffprobe's JSON whether this is a playable video; raise NotPlayable if not."""
    fmt = data.get("format") or {}
    demuxer = demuxer_of(fmt.get("format_name", ""))
    if demuxer is None:
        raise NotPlayable(_("動画のファイル形式ではありません。"))
    streams = data.get("streams") or []
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video"
        and not (s.get("disposition") or {}).get("attached_pic")
        and s.get("codec_name") not in {"mjpeg", "png"}
    ]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    if not videos:
        if audios:
            raise NotPlayable(
                _("音声だけのファイルです。映像の入った動画をアップロードしてください。")
            )
        raise NotPlayable(_("映像が見つかりません。動画ファイルか確認してください。"))
    video = videos[0]
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width < 16 or height < 16:
        raise NotPlayable(_("映像の大きさを読み取れません。ファイルが壊れている可能性があります。"))
    duration = _float(fmt.get("duration")) or _float(video.get("duration"))
    if not duration or duration < 1:
        raise NotPlayable(
            _(
                "動画の長さを読み取れないか、1秒未満です。ファイルが途中で切れていないか確認してください。"
            )
        )
    if abs(_rotation(video)) in (90, 270):
        # ffmpeg turns the picture upright when decoding: the upright size is what we publish.
        width, height = height, width
    return ProbeResult(
        demuxer=demuxer,
        duration=duration,
        width=width,
        height=height,
        has_audio=bool(audios),
        video_codec=video.get("codec_name", ""),
        frame_rate=_rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate")) or 25.0,
    )


def probe(path: str | Path) -> ProbeResult:
    """Run ffprobe on `path` and read its answer; NotPlayable with a Japanese reason if refused."""
    if Path(path).stat().st_size == 0:
        raise NotPlayable(_("ファイルが空です。"))
    try:
        done = subprocess.run(
            probe_command(path), capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise NotPlayable(_("ファイルの確認に時間がかかりすぎました。")) from error
    if done.returncode != 0:
        raise NotPlayable(
            _("動画として読み取れません。ファイルが壊れているか、動画ではありません。")
        )
    return read_probe(json.loads(done.stdout or b"{}"))


def h264_profile(path: str | Path) -> tuple[str, int]:
    """(profile, level) of the first video stream of one of our own encodes, e.g. ('High', 31)."""
    info = ffmpeg.probe(
        input_path(path), cmd=settings.FFPROBE_BINARY, select_streams="v:0", **input_options()
    )
    stream = info["streams"][0]
    return stream.get("profile", "High"), int(stream.get("level", 31))


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _rate(value: str | None) -> float | None:
    if not value or "/" not in value:
        return None
    num, den = value.split("/", 1)
    try:
        return float(num) / float(den) if float(den) else None
    except ValueError:
        return None


def _rotation(video: dict) -> int:
    for side in video.get("side_data_list") or []:
        if "rotation" in side:
            return int(side["rotation"])
    return int((video.get("tags") or {}).get("rotate", 0) or 0)
