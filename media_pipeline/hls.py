"""HLS playlists (RFC 8216): read a media playlist, write the master and the clips' playlists.

ffmpeg writes each rendition's media playlist; the master playlist is written here from what was
actually made, so that BANDWIDTH is the measured peak segment bitrate the RFC asks for.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .probe import h264_profile

if TYPE_CHECKING:
    from .transcode import Rung

# A URI given as a tag's attribute (EXT-X-MEDIA, EXT-X-MAP, EXT-X-KEY...), not on a line of its own.
URI_ATTRIBUTE = re.compile(r'URI="([^"]*)"')


@dataclass(frozen=True)
class Segment:
    uri: str
    duration: float
    start: float  # in the recording's timeline


@dataclass(frozen=True)
class Variant:
    playlist: str  # URI relative to the master playlist
    bandwidth: int
    average_bandwidth: int
    width: int
    height: int
    codecs: str


def read_media_playlist(text: str) -> list[Segment]:
    segments = []
    start = 0.0
    duration = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXTINF:"):
            duration = float(line[len("#EXTINF:") :].split(",", 1)[0])
        elif line and not line.startswith("#") and duration is not None:
            segments.append(Segment(line, duration, start))
            start += duration
            duration = None
    return segments


def relink(text: str, link: Callable[[str], str]) -> str:
    """The playlist with each URI it names (lines and URI attributes) replaced by link(uri)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            line = URI_ATTRIBUTE.sub(lambda match: f'URI="{link(match.group(1))}"', line)
        elif line.strip():
            line = link(line.strip())
        lines.append(line)
    return "\n".join(lines) + "\n"


def uris(text: str) -> list[str]:
    """Every URI the playlist names, in order."""
    named: list[str] = []
    relink(text, lambda uri: named.append(uri) or uri)
    return named


def media_playlist(segments: list[Segment]) -> str:
    """A VOD media playlist listing `segments` with their URIs as given."""
    target = max((math.ceil(s.duration) for s in segments), default=1)
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{target}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-INDEPENDENT-SEGMENTS",
    ]
    for segment in segments:
        lines += [f"#EXTINF:{segment.duration:.6f},", segment.uri]
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def master_playlist(variants: list[Variant]) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for variant in sorted(variants, key=lambda v: v.bandwidth):
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={variant.bandwidth},"
            f"AVERAGE-BANDWIDTH={variant.average_bandwidth},"
            f"RESOLUTION={variant.width}x{variant.height},"
            f'CODECS="{variant.codecs}"'
        )
        lines.append(variant.playlist)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class MadeRendition:
    rung: "Rung"
    variant: Variant
    seconds: float  # the length of what was encoded


def write_master(out: Path, rungs: list["Rung"], has_audio: bool) -> list[MadeRendition]:
    """Write out/master.m3u8 over the renditions ffmpeg made in out/<rung>/, measured."""
    made = []
    for rung in rungs:
        folder = out / rung.name
        segments = read_media_playlist((folder / "index.m3u8").read_text())
        sizes = [(folder / s.uri).stat().st_size for s in segments]
        peak, average = bandwidths(segments, sizes)
        variant = Variant(
            f"{rung.name}/index.m3u8",
            peak,
            average,
            rung.width,
            rung.height,
            codecs(*h264_profile(folder / segments[0].uri), has_audio),
        )
        made.append(MadeRendition(rung, variant, sum(s.duration for s in segments)))
    (out / "master.m3u8").write_text(master_playlist([m.variant for m in made]))
    return made


def bandwidths(segments: list[Segment], sizes: list[int]) -> tuple[int, int]:
    """(peak, average) bits per second over the segments of one rendition."""
    peak = max(
        (size * 8 / s.duration for s, size in zip(segments, sizes, strict=True) if s.duration > 0),
        default=0,
    )
    total = sum(s.duration for s in segments)
    average = sum(sizes) * 8 / total if total else 0
    return int(math.ceil(peak)), int(math.ceil(average))


H264_PROFILES = {"High": "6400", "Main": "4d40", "Constrained Baseline": "42e0", "Baseline": "4200"}


def codecs(profile: str, level: int, has_audio: bool) -> str:
    """The RFC 6381 codecs string, e.g. ('High', 31, True) → 'avc1.64001f,mp4a.40.2'."""
    video = f"avc1.{H264_PROFILES.get(profile, '6400')}{level:02x}"
    return f"{video},mp4a.40.2" if has_audio else video


def clip_segments(segments: list[Segment], start: float, end: float) -> list[Segment]:
    """The segments a clip from cut point `start` to cut point `end` is made of (at least one).

    `start` and `end` are where the cut falls (keyframes.where_cut_falls): segment boundaries.
    """
    if not segments:
        return []
    tolerance = 0.05
    inside = [s for s in segments if start - tolerance <= s.start < end - tolerance]
    if inside:
        return inside
    later = [s for s in segments if s.start >= start - tolerance]
    return [later[0] if later else segments[-1]]
