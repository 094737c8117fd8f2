"""A recording and one chapter's clip laid out on disk as the pipeline stores them (no ffmpeg).

The recording has ten 4-second segments; the clip's playlists name segments 3 to 5 of it by
relative URIs, as clips.make_clip writes them.
"""

from pathlib import Path

from media_pipeline import hls
from media_pipeline.models import VideoAsset

RECORDING = "videos/test-recording/out"
CLIP = "videos/test-clip/out"
SEGMENTS = 10
CLIP_SEGMENTS = range(3, 6)
SOURCE = "sources/2026/12/recording.mp4"


def write(root: Path, key: str, content: str | bytes) -> None:
    path = root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


def segment_name(n: int) -> str:
    return f"seg_{n:05d}.ts"


def master(variant: str) -> str:
    return hls.master_playlist([hls.Variant(variant, 200_000, 150_000, 160, 90, "avc1.64001f")])


def lay_out(root: Path) -> tuple[VideoAsset, VideoAsset]:
    """(recording, clip), both ready."""
    write(root, SOURCE, b"the uploaded original")
    segments = [hls.Segment(segment_name(n), 4.0, 4.0 * n) for n in range(SEGMENTS)]
    for segment in segments:
        write(root, f"{RECORDING}/90p/{segment.uri}", b"G" * 188)
    write(root, f"{RECORDING}/90p/index.m3u8", hls.media_playlist(segments))
    write(root, f"{RECORDING}/master.m3u8", master("90p/index.m3u8"))
    write(root, f"{RECORDING}/poster.jpg", b"\xff\xd8recording poster")
    write(root, f"{RECORDING}/storyboard/sheet_001.jpg", b"\xff\xd8sheet")
    write(
        root,
        f"{RECORDING}/storyboard.vtt",
        "WEBVTT\n\n00:00:00.000 --> 00:00:40.000\nstoryboard/sheet_001.jpg#xywh=0,0,80,45\n",
    )
    recording = VideoAsset.objects.create(
        title="勉強会",
        source=SOURCE,
        status=VideoAsset.Status.READY,
        duration=40,
        output_prefix=RECORDING,
        poster=f"{RECORDING}/poster.jpg",
        storyboard=f"{RECORDING}/storyboard.vtt",
    )
    parts = [
        hls.Segment(f"../../../test-recording/out/90p/{segment_name(n)}", 4.0, 4.0 * n)
        for n in CLIP_SEGMENTS
    ]
    write(root, f"{CLIP}/90p/index.m3u8", hls.media_playlist(parts))
    write(root, f"{CLIP}/master.m3u8", master("90p/index.m3u8"))
    write(root, f"{CLIP}/poster.jpg", b"\xff\xd8clip poster")
    write(root, f"{CLIP}/captions/ja.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n字幕\n")
    write(
        root,
        f"{CLIP}/storyboard.vtt",
        "WEBVTT\n\n00:00:00.000 --> 00:00:12.000\n"
        "../../test-recording/out/storyboard/sheet_001.jpg#xywh=80,0,80,45\n",
    )
    clip = VideoAsset.objects.create(
        title="第2章",
        kind=VideoAsset.Kind.CLIP,
        parent=recording,
        status=VideoAsset.Status.READY,
        duration=12,
        clip_start=12,
        clip_end=24,
        output_prefix=CLIP,
        poster=f"{CLIP}/poster.jpg",
        storyboard=f"{CLIP}/storyboard.vtt",
        captions=f"{CLIP}/captions/ja.vtt",
    )
    return recording, clip
