"""What the player needs from a lesson's video, read from the media pipeline's VideoAsset.

The pipeline owns the files; courses only reads these attributes of `lesson.video`, each either
a value or a method taking the request (for presigned or CDN URLs):

    master_playlist_url  the HLS master playlist (RFC 8216)
    captions_url         WebVTT captions in Japanese
    storyboard_url       WebVTT whose cues point at thumbnail sprites (`image.jpg#xywh=x,y,w,h`)
    poster_url           a still image
    transcript_cues      a list of (start, end, text) or {"start", "end", "text"}

A missing attribute is an empty value, so the page still works while the pipeline grows.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from .models import LessonPage

# The speeds offered to the viewer; the progress API accepts a wider range.
PLAYBACK_RATES = ["0.75", "1", "1.25", "1.5", "1.75", "2"]


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Playback:
    master_playlist_url: str
    captions_url: str = ""
    storyboard_url: str = ""
    poster_url: str = ""
    transcript_cues: list[Cue] = field(default_factory=list)


def _read(video, name: str, request: HttpRequest):
    value = getattr(video, name, None)
    if callable(value):
        value = value(request)
    return value or ""


def _cue(item) -> Cue:
    if isinstance(item, dict):
        return Cue(float(item["start"]), float(item["end"]), str(item["text"]))
    start, end, text = item
    return Cue(float(start), float(end), str(text))


def playback_for(lesson: LessonPage, request: HttpRequest) -> Playback | None:
    """The streams of a lesson's video, or None while there is nothing to play."""
    video = lesson.video if lesson.video_id else None
    if video is None or not getattr(video, "is_ready", False):
        return None
    master = _read(video, "master_playlist_url", request)
    if not master:
        return None
    return Playback(
        master_playlist_url=str(master),
        captions_url=str(_read(video, "captions_url", request)),
        storyboard_url=str(_read(video, "storyboard_url", request)),
        poster_url=str(_read(video, "poster_url", request)),
        transcript_cues=[_cue(item) for item in _read(video, "transcript_cues", request)],
    )


def lesson_context(lesson: LessonPage, request: HttpRequest) -> dict:
    """The player, the viewer's own progress and the lesson's place in its course."""
    from .models import LessonProgress

    course = lesson.course
    siblings = list(course.lessons()) if course else [lesson]
    ids = [sibling.id for sibling in siblings]
    index = ids.index(lesson.id) if lesson.id in ids else 0
    progress = None
    if request.user.is_authenticated:
        progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
    return {
        "playback": playback_for(lesson, request),
        "playback_rates": PLAYBACK_RATES,
        "progress": progress,
        "course_lessons": siblings,
        "lesson_number": index + 1,
        "previous_lesson": siblings[index - 1] if index > 0 else None,
        "next_lesson": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
