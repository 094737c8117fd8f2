"""What the player needs from a lesson's video: the media pipeline's VideoAsset.

The pipeline owns the files and their URLs (`master_playlist_url`, `captions_url`,
`storyboard_url`, `poster_url`, `transcript_cues()`); courses only reads them.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from .access import media_for
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


def playback_for(lesson: LessonPage, request: HttpRequest) -> Playback | None:
    """The streams of a lesson's video for this viewer, or None while there is nothing they may
    play."""
    urls = media_for(request, lesson)
    if urls is None:
        return None
    video = lesson.video
    return Playback(
        master_playlist_url=urls.master_playlist,
        captions_url=urls.captions,
        storyboard_url=urls.storyboard,
        poster_url=urls.poster,
        transcript_cues=[
            Cue(float(cue["start"]), float(cue["end"]), str(cue["text"]))
            for cue in video.transcript_cues()
        ],
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
