"""The storyboard's WebVTT index: which part of which sprite sheet shows each moment."""

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from .captions import BadCaptions, Cue, _stamp, read_captions, write_vtt
from .transcode import StoryboardPlan


def sheet_name(number: int) -> str:
    """The name ffmpeg gives the sheet `number` (from 0) with the pattern sheet_%03d.jpg."""
    return f"sheet_{number + 1:03d}.jpg"


def storyboard_vtt(plan: StoryboardPlan, duration: float, folder: str = "storyboard") -> str:
    """One cue per thumbnail: its time span and `sheet.jpg#xywh=x,y,w,h`."""
    count = max(1, math.ceil(duration / plan.interval))
    blocks = ["WEBVTT"]
    for number in range(count):
        sheet, place = divmod(number, plan.per_sheet)
        row, column = divmod(place, plan.columns)
        start = number * plan.interval
        end = min(duration, start + plan.interval)
        blocks.append(
            f"{_stamp(start)} --> {_stamp(end)}\n{folder}/{sheet_name(sheet)}"
            f"#xywh={column * plan.width},{row * plan.height},{plan.width},{plan.height}"
        )
    return "\n\n".join(blocks) + "\n"


def make_sheets(folder: str | Path, plan: StoryboardPlan) -> list[Path]:
    """Put the thumbnails thumb_*.jpg of `folder` on sprite sheets, in order; remove them."""
    folder = Path(folder)
    thumbnails = sorted(folder.glob("thumb_*.jpg"))
    sheets = []
    for first in range(0, len(thumbnails), plan.per_sheet):
        sheet = Image.new("RGB", (plan.columns * plan.width, plan.rows * plan.height))
        for place, path in enumerate(thumbnails[first : first + plan.per_sheet]):
            row, column = divmod(place, plan.columns)
            with Image.open(path) as thumbnail:
                sheet.paste(thumbnail.convert("RGB"), (column * plan.width, row * plan.height))
        target = folder / sheet_name(first // plan.per_sheet)
        sheet.save(target, "JPEG", quality=75)
        sheets.append(target)
    for path in thumbnails:
        path.unlink()
    return sheets


def relink_storyboard(text: str, link: Callable[[str], str]) -> str:
    """The index with each cue's image replaced by link(image), its #xywh region kept."""
    try:
        read = read_captions(text)
    except BadCaptions:
        return "WEBVTT\n"
    cues = []
    for cue in read:
        image, _, region = cue.text.partition("#")
        cues.append(Cue(cue.start, cue.end, link(image) + (f"#{region}" if region else "")))
    return write_vtt(cues)
