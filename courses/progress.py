"""Watched time: the player's beats merged into unique seconds, resume points and completion.

Every second watched counts once, whatever the playback rate and however many sessions or
repeats; a second skipped never counts, so jumping to the end completes nothing.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from .models import LessonPage, LessonProgress

EVENTS = ("play", "heartbeat", "pause", "seeked", "ended", "hidden")
MIN_RATE, MAX_RATE = 0.25, 4.0
MAX_SEGMENTS = 200
# Durations are whole seconds on the lesson but fractional in the stream: allow the difference.
DURATION_TOLERANCE = 1.5
# Not a video: a ceiling for lessons whose length is unknown.
MAX_DURATION = 24 * 3600

Interval = list[float]


class InvalidBeat(ValueError):
    """A beat the server refuses; the message says why, in the user's language."""


@dataclass(frozen=True)
class Beat:
    lesson_id: int
    session: uuid.UUID
    seq: int
    segments: list[Interval]
    position: float
    duration: float
    event: str
    rate: float
    seeked_from: float | None = None


@dataclass(frozen=True)
class ProgressState:
    watched: float
    progress: float
    completed: bool
    resume_at: float
    duplicate: bool = False
    newly_completed: bool = False
    new_seconds: float = 0.0

    def as_json(self) -> dict:
        return {
            "watched": round(self.watched, 3),
            "progress": round(self.progress, 4),
            "completed": self.completed,
            "resume_at": round(self.resume_at, 3),
        }


def merge_intervals(intervals: list[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same seconds; touching ones are joined."""
    merged: list[Interval] = []
    for start, end in sorted((float(s), float(e)) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def covered_seconds(intervals: list[Interval]) -> float:
    return sum(end - start for start, end in merge_intervals(intervals))


def progress_ratio(watched: float, duration: float) -> float:
    if duration <= 0:
        return 0.0
    return min(1.0, watched / duration)


def is_complete(watched: float, duration: float, ratio: float | None = None) -> bool:
    ratio = settings.LESSON_COMPLETION_RATIO if ratio is None else ratio
    return duration > 0 and watched >= ratio * duration - 1e-6


def lesson_duration(lesson: LessonPage) -> float:
    """The lesson's own length; the video's when the lesson has none yet."""
    if lesson.duration:
        return float(lesson.duration)
    video = lesson.video if lesson.video_id else None
    return float(getattr(video, "duration", None) or 0)


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidBeat(_("%(name)s は数値で指定してください。") % {"name": name})
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidBeat(_("%(name)s は数値で指定してください。") % {"name": name})
    return float(value)


def parse_beat(data, known_duration: float | None = None) -> Beat:
    """A beat from the player's JSON body, or InvalidBeat with the reason.

    known_duration is the lesson's length on the server; the player's own figure is trusted
    only when the server has none.
    """
    if not isinstance(data, dict):
        raise InvalidBeat(_("JSON のオブジェクトを送ってください。"))
    missing = [
        key
        for key in ("lesson", "session", "seq", "segments", "position", "event")
        if key not in data
    ]
    if missing:
        raise InvalidBeat(_("必要な項目がありません: %(keys)s") % {"keys": ", ".join(missing)})
    lesson_id = data["lesson"]
    if isinstance(lesson_id, bool) or not isinstance(lesson_id, int) or lesson_id <= 0:
        raise InvalidBeat(_("lesson はレッスンの番号で指定してください。"))
    try:
        session = uuid.UUID(str(data["session"]))
    except ValueError as error:
        raise InvalidBeat(_("session は UUID で指定してください。")) from error
    seq = data["seq"]
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < 2**31:
        raise InvalidBeat(_("seq は 0 以上の整数で指定してください。"))
    event = data["event"]
    if event not in EVENTS:
        raise InvalidBeat(_("event は %(events)s のいずれかです。") % {"events": ", ".join(EVENTS)})
    rate = _number(data.get("rate", 1), "rate")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise InvalidBeat(
            _("再生速度 %(rate)s は受け付けられません（%(low)s〜%(high)s 倍）。")
            % {"rate": rate, "low": MIN_RATE, "high": MAX_RATE}
        )
    duration = known_duration or _number(data.get("duration", 0), "duration")
    if not 0 < duration <= MAX_DURATION:
        raise InvalidBeat(_("動画の長さが分かりません。"))
    limit = duration + DURATION_TOLERANCE
    position = _number(data["position"], "position")
    if not 0 <= position <= limit:
        raise InvalidBeat(_("再生位置が動画の範囲外です。"))
    raw_segments = data["segments"]
    if not isinstance(raw_segments, list) or len(raw_segments) > MAX_SEGMENTS:
        raise InvalidBeat(
            _("segments は %(n)d 個までの [開始, 終了] の並びです。") % {"n": MAX_SEGMENTS}
        )
    segments = []
    for item in raw_segments:
        if not isinstance(item, list) or len(item) != 2:
            raise InvalidBeat(_("segments の各要素は [開始, 終了] です。"))
        start, end = _number(item[0], "segments"), _number(item[1], "segments")
        if start < 0 or end < 0:
            raise InvalidBeat(_("再生区間に負の時刻があります。"))
        if end < start:
            raise InvalidBeat(_("再生区間の終了が開始より前です。"))
        if end > limit:
            raise InvalidBeat(_("再生区間が動画の長さを超えています。"))
        segments.append([start, min(end, duration)])
    seeked_from = data.get("from")
    if seeked_from is not None:
        seeked_from = min(max(_number(seeked_from, "from"), 0.0), duration)
    return Beat(
        lesson_id=lesson_id,
        session=session,
        seq=seq,
        segments=segments,
        position=min(position, duration),
        duration=duration,
        event=event,
        rate=rate,
        seeked_from=seeked_from,
    )


def apply_beat(progress: LessonProgress, beat: Beat, now: datetime) -> ProgressState:
    """Merge one new beat into a person's progress on the lesson, in memory; the caller saves."""
    before = progress.watched_seconds
    intervals = merge_intervals([*progress.watched_intervals, *beat.segments])
    watched = covered_seconds(intervals)
    newer = progress.resume_session != beat.session or beat.seq >= progress.resume_seq
    if newer:
        # A finished lesson starts again from the beginning next time.
        progress.resume_at = 0.0 if beat.event == "ended" else beat.position
        progress.resume_session, progress.resume_seq = beat.session, beat.seq
    newly_completed = not progress.completed and is_complete(watched, beat.duration)
    if newly_completed:
        progress.completed_at = now
    progress.watched_intervals = intervals
    progress.watched_seconds = watched
    progress.updated_at = now
    return ProgressState(
        watched=watched,
        progress=progress_ratio(watched, beat.duration),
        completed=progress.completed,
        resume_at=progress.resume_at,
        newly_completed=newly_completed,
        new_seconds=watched - before,
    )
