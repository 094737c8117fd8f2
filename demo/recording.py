"""The demo's recording: a generated talk cut into the demo course's lessons, so they play."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from courses.lessons_from_chapters import destination_for, lessons_of
from media_pipeline.captions import Cue, write_vtt
from media_pipeline.chapters import ChapterPlan
from media_pipeline.ingest import ingest
from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk

from .catalogue import DEMO_COURSE_SLUG, DEMO_LESSONS, seed_demo_course

DEMO_RECORDING_TITLE = "ガバメントクラウド運用勉強会（録画）"
SLIDE_SECONDS = 16.0  # a multiple of the segment length: clips cut exactly at the slides


def demo_captions() -> list[Cue]:
    cues = []
    for number, (title, summary, _duration) in enumerate(DEMO_LESSONS):
        start = number * SLIDE_SECONDS
        cues.append(Cue(start + 0.5, start + 5.0, f"{title}について説明します。"))
        cues.append(Cue(start + 5.5, start + 13.0, summary))
    return cues


def seed() -> list[str]:
    if not settings.DEMO_RECORDING:
        return ["demo recording: skipped (DEMO_RECORDING is off)"]
    if not (shutil.which(settings.FFMPEG_BINARY) and shutil.which(settings.FFPROBE_BINARY)):
        return ["demo recording: skipped, ffmpeg/ffprobe not found (make install brings them)"]
    course = seed_demo_course()
    existing = VideoAsset.objects.filter(
        title=DEMO_RECORDING_TITLE, kind=VideoAsset.Kind.RECORDING
    ).first()
    if existing and existing.is_ready:
        return [f"demo recording: ready ({len(lessons_of(existing))} lessons play it)"]
    if existing:
        existing.delete()
    count = len(DEMO_LESSONS)
    duration = SLIDE_SECONDS * count
    changes = [SLIDE_SECONDS * k for k in range(1, count)]
    talk = Talk(
        duration,
        640,
        360,
        fps=15,
        slide_changes=changes,
        pauses=[(c - 1.0, c + 0.5) for c in changes],
    )
    chapters = [
        ChapterPlan(k * SLIDE_SECONDS, (k + 1) * SLIDE_SECONDS, "manual", title)
        for k, (title, _summary, _duration) in enumerate(DEMO_LESSONS)
    ]
    folder = Path(tempfile.mkdtemp(prefix="demo-recording-"))
    try:
        source = make_talk(talk, folder / "gov-cloud-study.mp4")
        video = ingest(
            source,
            title=DEMO_RECORDING_TITLE,
            destination=destination_for(course),
            chapter_mode=VideoAsset.ChapterMode.MANUAL,
            chapters=chapters,
            captions=write_vtt(demo_captions()).encode(),
            wait=True,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not video.is_ready:
        return [f"demo recording: failed ({video.error})"]
    return [f"demo recording: {DEMO_COURSE_SLUG}, {len(lessons_of(video))} lessons with video"]
