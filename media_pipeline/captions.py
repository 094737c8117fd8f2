"""Captions: WebVTT or SRT in, WebVTT out; shifted to each clip's own timeline."""

import math
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


# Limits on what the caption editor may send: a three-hour talk has about 2,000 cues.
MOST_CUES = 10_000
CUE_TEXT_LENGTH = 500


def _cue_seconds(value: object) -> float:
    """A cue time from the editor: seconds, or text such as 00:01:02.500 or 1:02.5."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and value.strip():
        seconds = 0.0
        parts = value.strip().replace(",", ".").split(":")
        if len(parts) > 3:
            raise ValueError(value)
        for part in parts:
            seconds = seconds * 60 + float(part)
    else:
        raise ValueError(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(value)
    return round(seconds, 3)


def checked_cues(items: object) -> list[Cue]:
    """The cues the caption editor sent, in order; BadCaptions with one Japanese sentence.

    Each item is {start, end, text}. A cue ends after it starts, has text, and does not overlap
    the cue before it: the list is kept in the order the officer sees it, nothing re-ordered.
    """
    if not isinstance(items, list) or not items:
        raise BadCaptions(_("字幕が1つもありません。"))
    if len(items) > MOST_CUES:
        raise BadCaptions(_("字幕は%(n)d個までです。") % {"n": MOST_CUES})
    cues: list[Cue] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadCaptions(_("%(n)d番目の字幕が読み取れません。") % {"n": number})
        try:
            start, end = _cue_seconds(item.get("start")), _cue_seconds(item.get("end"))
        except ValueError as error:
            raise BadCaptions(
                _("%(n)d番目の字幕: 時刻は秒か HH:MM:SS.mmm で書いてください。") % {"n": number}
            ) from error
        text = item.get("text")
        # A blank line would end the cue in WebVTT; "-->" would start a new one.
        text = re.sub(r"\n\s*\n", "\n", text.strip()) if isinstance(text, str) else ""
        if not text:
            raise BadCaptions(_("%(n)d番目の字幕: 文字が空です。") % {"n": number})
        if "-->" in text:
            raise BadCaptions(_("%(n)d番目の字幕: 「-->」は使えません。") % {"n": number})
        if len(text) > CUE_TEXT_LENGTH:
            raise BadCaptions(
                _("%(n)d番目の字幕: 文字は%(max)d字までです。")
                % {"n": number, "max": CUE_TEXT_LENGTH}
            )
        if end <= start:
            raise BadCaptions(
                _("%(n)d番目の字幕: 終了が開始より後になっていません。") % {"n": number}
            )
        if cues and start < cues[-1].end:
            raise BadCaptions(
                _("%(n)d番目の字幕: 前の字幕と時間が重なっています。") % {"n": number}
            )
        cues.append(Cue(start, end, text))
    return cues
