"""Chapter suggestions from slide changes and pauses in speech, and chapters given as CSV.

A cut is placed where the speaker changes slide, pauses, or best both at once; chapters last
between MEDIA_CHAPTER_MIN_SECONDS and MEDIA_CHAPTER_MAX_SECONDS (about 3 to 10 minutes).
"""

import csv
import io
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .keyframes import where_cut_falls

SLIDE = "slide"
PAUSE = "pause"
SLIDE_AND_PAUSE = "slide+pause"
LENGTH = "length"
# How near a pause must be to a slide change for the two to be one cut.
TOGETHER_SECONDS = 2.5
# Preference among cuts: a slide change during a pause is the surest chapter break.
WEIGHT = {SLIDE_AND_PAUSE: 3.0, SLIDE: 2.0, PAUSE: 1.0}


@dataclass(frozen=True)
class Cut:
    time: float
    reason: str
    strength: float


@dataclass(frozen=True)
class ChapterPlan:
    start: float
    end: float
    reason: str  # why the chapter starts where it does
    title: str = ""
    # The chapter row this plan keeps (a re-cut): its clip, and what points at it, stay with it.
    chapter_id: int | None = None


def candidate_cuts(scenes: list[list[float]], silences: list[list[float]]) -> list[Cut]:
    """Every place a chapter could start: slide changes, middles of pauses, or both."""
    pauses = [((start + end) / 2, end - start) for start, end in silences]
    cuts = []
    used_pauses = set()
    for time, score in scenes:
        near = [
            (abs(middle - time), n)
            for n, (middle, _length) in enumerate(pauses)
            if abs(middle - time) <= TOGETHER_SECONDS
        ]
        if near:
            used_pauses.add(min(near)[1])
            cuts.append(Cut(time, SLIDE_AND_PAUSE, WEIGHT[SLIDE_AND_PAUSE] + score / 100))
        else:
            cuts.append(Cut(time, SLIDE, WEIGHT[SLIDE] + score / 100))
    for n, (middle, length) in enumerate(pauses):
        if n not in used_pauses:
            cuts.append(Cut(middle, PAUSE, WEIGHT[PAUSE] + min(length, 5) / 10))
    return sorted(cuts, key=lambda cut: cut.time)


def suggest_chapters(
    duration: float,
    scenes: list[list[float]],
    silences: list[list[float]],
    min_seconds: float,
    max_seconds: float,
) -> list[ChapterPlan]:
    """Chapters covering 0..duration, each from min to max seconds long where the talk allows.

    From each chapter start the next cut is the strongest candidate between start+min and
    start+max; among equals, the one nearest the middle of that window. Only a talk with no slide
    change and no pause in a whole window is cut at the maximum length.
    """
    cuts = candidate_cuts(scenes, silences)
    chapters: list[ChapterPlan] = []
    start, reason = 0.0, "start"
    while duration - start > max_seconds:
        window = [c for c in cuts if start + min_seconds <= c.time <= start + max_seconds]
        window = [c for c in window if duration - c.time >= min_seconds] or window
        if window:
            middle = start + (min_seconds + max_seconds) / 2
            best = max(window, key=lambda c: (c.strength, -abs(c.time - middle)))
            cut, why = best.time, best.reason
        else:
            cut, why = start + max_seconds, LENGTH
        chapters.append(ChapterPlan(start, cut, reason))
        start, reason = cut, why
    chapters.append(ChapterPlan(start, duration, reason))
    # Untitled: save_chapters suggests each title from the captions or the recording's title.
    return chapters


class BadChapters(ValueError):
    """The chapter list given by the officer cannot be used; the message says why, in Japanese."""


def parse_time(text: str) -> float:
    """'75', '75.5', '01:15' or '00:01:15.5' → seconds."""
    text = text.strip()
    parts = text.split(":")
    if not text or len(parts) > 3:
        raise ValueError(text)
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    if seconds < 0:
        raise ValueError(text)
    return seconds


def read_chapters_csv(text: str) -> list[ChapterPlan]:
    """Columns start,end,title (a header row is optional); rows in order, not overlapping."""
    rows = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(row)]
    if rows and rows[0] and rows[0][0].strip().lower() in {"start", "開始"}:
        rows = rows[1:]
    chapters = []
    for number, row in enumerate(rows, start=1):
        if len(row) < 3:
            raise BadChapters(_("%(n)d行目: 開始・終了・タイトルの3列が必要です。") % {"n": number})
        try:
            start, end = parse_time(row[0]), parse_time(row[1])
        except ValueError as error:
            raise BadChapters(
                _("%(n)d行目: 時刻は秒か HH:MM:SS で書いてください。") % {"n": number}
            ) from error
        if end <= start:
            raise BadChapters(_("%(n)d行目: 終了が開始より後になっていません。") % {"n": number})
        if chapters and start < chapters[-1].end - 0.001:
            raise BadChapters(_("%(n)d行目: 前のチャプターと重なっています。") % {"n": number})
        chapters.append(ChapterPlan(start, end, "manual", row[2].strip()))
    if not chapters:
        raise BadChapters(_("チャプターが1つもありません。"))
    return chapters


# Limits on what the timeline editor may send: enough for a whole day's recording.
MOST_CHAPTERS = 200
TITLE_LENGTH = 255
KEPT_REASONS = {"start", SLIDE, PAUSE, SLIDE_AND_PAUSE, LENGTH, "manual", "whole"}


def _seconds_given(value: object) -> float:
    """A time from the editor: a number of seconds, or text as parse_time reads it."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = parse_time(value)
    else:
        raise ValueError(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(value)
    return seconds


def checked_chapters(items: object, duration: float, points: list[float]) -> list[ChapterPlan]:
    """The chapters the timeline editor sent, as plans; BadChapters with one Japanese sentence.

    Each item is {title, start, end, reason}; times in seconds or HH:MM:SS. Chapters come in
    order without overlapping, inside the recording, and each is still a chapter once its ends
    fall on the cut points `points` (keyframes.where_cut_falls) the clips will be cut at.
    """
    if not isinstance(items, list) or not items:
        raise BadChapters(_("チャプターが1つもありません。"))
    if len(items) > MOST_CHAPTERS:
        raise BadChapters(_("チャプターは%(n)d個までです。") % {"n": MOST_CHAPTERS})
    plans: list[ChapterPlan] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BadChapters(_("%(n)d番目のチャプターが読み取れません。") % {"n": number})
        try:
            start, end = _seconds_given(item.get("start")), _seconds_given(item.get("end"))
        except ValueError as error:
            raise BadChapters(
                _("%(n)d番目のチャプター: 時刻は秒か HH:MM:SS で書いてください。") % {"n": number}
            ) from error
        title = item.get("title")
        title = title.strip() if isinstance(title, str) else ""
        if len(title) > TITLE_LENGTH:
            raise BadChapters(
                _("%(n)d番目のチャプター: タイトルは%(max)d文字までです。")
                % {"n": number, "max": TITLE_LENGTH}
            )
        if start >= duration:
            raise BadChapters(
                _("%(n)d番目のチャプター: 開始が録画の長さを超えています。") % {"n": number}
            )
        end = min(end, duration)
        if end <= start:
            raise BadChapters(
                _("%(n)d番目のチャプター: 終了が開始より後になっていません。") % {"n": number}
            )
        if plans and start < plans[-1].end - 0.001:
            raise BadChapters(
                _("%(n)d番目のチャプター: 前のチャプターと重なっています。") % {"n": number}
            )
        if where_cut_falls(end, points) <= where_cut_falls(start, points):
            raise BadChapters(
                _("%(n)d番目のチャプター: 短すぎて、切れ目に合わせると長さが0秒になります。")
                % {"n": number}
            )
        reason = item.get("reason")
        # The chapter's own row, so its lesson (quiz, ratings, history) stays with it; an id of
        # another recording's chapter matches no row of this one and makes a new chapter.
        chapter_id = item.get("id")
        plans.append(
            ChapterPlan(
                start,
                end,
                reason if reason in KEPT_REASONS else "manual",
                title or _("チャプター%(n)d") % {"n": number},
                chapter_id
                if isinstance(chapter_id, int) and not isinstance(chapter_id, bool)
                else None,
            )
        )
    return plans
