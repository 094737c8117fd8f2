"""A real, tiny HLS lesson for tests: two renditions, Japanese captions and a storyboard."""

import shutil
import subprocess
from pathlib import Path

DURATION = 24
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def hls_command(folder: Path, duration: int = DURATION) -> list[str]:
    """ffmpeg: a counting test picture with a tone, as a 180p/144p H.264+AAC HLS ladder."""
    return [
        shutil.which("ffmpeg") or "ffmpeg",
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=320x180:rate=25:duration={duration}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={duration}",
        "-filter_complex",
        "[0:v]split=2[a][b];[b]scale=256:144[small]",
        "-map",
        "[a]",
        "-map",
        "[small]",
        "-map",
        "1:a",
        "-map",
        "1:a",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-g",
        "50",
        "-keyint_min",
        "50",
        "-sc_threshold",
        "0",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-b:v:0",
        "300k",
        "-b:v:1",
        "150k",
        "-f",
        "hls",
        "-hls_time",
        "2",
        "-hls_playlist_type",
        "vod",
        "-master_pl_name",
        "master.m3u8",
        "-var_stream_map",
        "v:0,a:0,name:180p v:1,a:1,name:144p",
        "-hls_segment_filename",
        str(folder / "%v_%03d.ts"),
        str(folder / "%v.m3u8"),
    ]


def storyboard_command(folder: Path) -> list[str]:
    """One 80x45 thumbnail every 4 s, tiled 6 across in one sprite."""
    return [
        shutil.which("ffmpeg") or "ffmpeg",
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=320x180:rate=25:duration={DURATION}",
        "-vf",
        "fps=1/4,scale=80:45,tile=6x1",
        "-frames:v",
        "1",
        str(folder / "storyboard.jpg"),
    ]


def vtt_time(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def captions_text() -> str:
    lines = ["WEBVTT", ""]
    for n, start in enumerate(range(0, DURATION, 4), start=1):
        lines += [f"{vtt_time(start)} --> {vtt_time(start + 4)}", f"字幕 {n} 行目です", ""]
    return "\n".join(lines)


def storyboard_text() -> str:
    lines = ["WEBVTT", ""]
    for n, start in enumerate(range(0, DURATION, 4)):
        lines += [
            f"{vtt_time(start)} --> {vtt_time(start + 4)}",
            f"storyboard.jpg#xywh={n * 80},0,80,45",
            "",
        ]
    return "\n".join(lines)


def make_test_stream(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(hls_command(folder), check=True, timeout=120)
    subprocess.run(storyboard_command(folder), check=True, timeout=60)
    (folder / "captions.vtt").write_text(captions_text(), encoding="utf-8")
    (folder / "storyboard.vtt").write_text(storyboard_text(), encoding="utf-8")
    return folder


def publish_as_video(stream_folder: Path, media_root: Path, duration: float = DURATION):
    """A ready VideoAsset whose published files are `stream_folder`, as the pipeline stores them."""
    from media_pipeline.models import VideoAsset

    prefix = "videos/test-stream/out"
    shutil.copytree(stream_folder, media_root / prefix)
    return VideoAsset.objects.create(
        title="勉強会",
        source="sources/test.mp4",
        status=VideoAsset.Status.READY,
        duration=duration,
        output_prefix=prefix,
        captions=f"{prefix}/captions.vtt",
        storyboard=f"{prefix}/storyboard.vtt",
    )
