"""What a lesson page shows around its text: the player, the viewer's progress, the course.

The pipeline owns the video's files and captions; courses/access.py decides whether this viewer
may play them and hands out URLs granted to them alone. The lesson template asks for this view
with the `lesson_view` template tag, so that the page model knows nothing of it.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from media_pipeline.captions import Cue

from .access import media_for
from .models import LessonPage, LessonProgress

# The speeds offered to the viewer; the progress API accepts a wider range.
PLAYBACK_RATES = ["0.75", "1", "1.25", "1.5", "1.75", "2"]


@dataclass(frozen=True)
class Playback:
    master_playlist_url: str
    captions_url: str = ""
    storyboard_url: str = ""
    poster_url: str = ""
    transcript_cues: list[Cue] = field(default_factory=list)


@dataclass(frozen=True)
class LessonView:
    playback: Playback | None
    progress: LessonProgress | None
    course_lessons: list[LessonPage]
    lesson_number: int
    previous_lesson: LessonPage | None
    next_lesson: LessonPage | None
    playback_rates: list[str] = field(default_factory=lambda: list(PLAYBACK_RATES))


def playback_for(lesson: LessonPage, request: HttpRequest) -> Playback | None:
    """The streams of a lesson's video for this viewer, or None while there is nothing they may
    play."""
    urls = media_for(request, lesson)
    if urls is None:
        return None
    return Playback(
        master_playlist_url=urls.master_playlist,
        captions_url=urls.captions,
        storyboard_url=urls.storyboard,
        poster_url=urls.poster,
        transcript_cues=lesson.video.caption_cues(),
    )


def lesson_view(lesson: LessonPage, request: HttpRequest) -> LessonView:
    """The player, the viewer's own progress and the lesson's place in its course."""
    course = lesson.course
    siblings = list(course.lessons()) if course else [lesson]
    ids = [sibling.id for sibling in siblings]
    index = ids.index(lesson.id) if lesson.id in ids else 0
    progress = None
    if request.user.is_authenticated:
        progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
    return LessonView(
        playback=playback_for(lesson, request),
        progress=progress,
        course_lessons=siblings,
        lesson_number=index + 1,
        previous_lesson=siblings[index - 1] if index > 0 else None,
        next_lesson=siblings[index + 1] if index + 1 < len(siblings) else None,
    )
