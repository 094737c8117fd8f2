"""Captions: WebVTT or SRT in, WebVTT out; shifted to each clip's own timeline."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
TAGS = re.compile(r"<[^>]+>")


class BadCaptions(ValueError):
    """The caption file cannot be read; the message says why, in Japanese."""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return seconds


def read_captions(text: str) -> list[Cue]:
    """Cues of a WebVTT or SRT file (the two differ only in details this reader tolerates)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip("\n").split("\n")
        for n, line in enumerate(lines):
            match = TIMING.match(line)
            if match:
                body = "\n".join(lines[n + 1 :]).strip()
                start, end = _seconds(match.group(1)), _seconds(match.group(2))
                if body and end > start:
                    cues.append(Cue(start, end, body))
                break
    if not cues:
        raise BadCaptions(_("字幕が読み取れません。WebVTT か SRT のファイルを指定してください。"))
    return sorted(cues, key=lambda cue: cue.start)


def _stamp(seconds: float) -> str:
    millis = int(round(max(0.0, seconds) * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def write_vtt(cues: list[Cue]) -> str:
    blocks = ["WEBVTT"]
    for cue in cues:
        blocks.append(f"{_stamp(cue.start)} --> {_stamp(cue.end)}\n{cue.text}")
    return "\n\n".join(blocks) + "\n"


def shift_cues(cues: list[Cue], start: float, end: float) -> list[Cue]:
    """The cues seen between start and end, on a timeline where `start` is zero."""
    shifted = []
    for cue in cues:
        if cue.end <= start or cue.start >= end:
            continue
        shifted.append(Cue(max(cue.start, start) - start, min(cue.end, end) - start, cue.text))
    return shifted


def transcript(cues: list[Cue]) -> str:
    """Plain text of the cues, for search."""
    return " ".join(TAGS.sub("", cue.text).replace("\n", " ") for cue in cues)
