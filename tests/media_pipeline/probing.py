"""Reading what the pipeline made, with ffprobe, as a viewer's player would see it."""

import json
import subprocess
from pathlib import Path


def ffprobe(path: Path, *args: str) -> dict:
    done = subprocess.run(
        ["ffprobe", "-v", "error", *args, "-of", "json", str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def picture_size(path: Path) -> tuple[int, int]:
    stream = ffprobe(path, "-select_streams", "v:0", "-show_entries", "stream=width,height")
    return stream["streams"][0]["width"], stream["streams"][0]["height"]


def first_video_pts(path: Path) -> float:
    packets = ffprobe(
        path,
        "-select_streams",
        "v:0",
        "-read_intervals",
        "%+#1",
        "-show_entries",
        "packet=pts_time,flags",
    )["packets"]
    assert packets[0]["flags"].startswith("K"), f"{path.name} does not start on a keyframe"
    return float(packets[0]["pts_time"])


def integrated_loudness(path: Path) -> float:
    """EBU R128 integrated loudness (LUFS) of a file or a local HLS playlist."""
    done = subprocess.run(
        ["ffmpeg", "-nostats", "-i", str(path), "-af", "ebur128", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr[done.stderr.rindex("Integrated loudness:") :]
    return float(summary.split("I:", 1)[1].split("LUFS", 1)[0])
