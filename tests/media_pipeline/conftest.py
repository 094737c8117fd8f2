import os
import shutil
from pathlib import Path

import pytest
from django.core.files import File

from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk

# The generated talk: slides change at these seconds, with a pause in speech around each.
TALK_CHANGES = [16.0, 32.0, 48.0]
TALK = Talk(
    64.0,
    320,
    180,
    fps=12,
    slide_changes=TALK_CHANGES,
    pauses=[(7.0, 8.2)] + [(c - 0.9, c + 0.8) for c in TALK_CHANGES],
)


def needs_ffmpeg() -> None:
    if shutil.which("ffmpeg") and shutil.which("ffprobe"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("ffmpeg and ffprobe are needed for the media tests")
    pytest.skip("ffmpeg and ffprobe are not installed")


@pytest.fixture(scope="session")
def videos(tmp_path_factory) -> Path:
    needs_ffmpeg()
    return tmp_path_factory.mktemp("videos")


@pytest.fixture(scope="session")
def talk_file(videos) -> Path:
    return make_talk(TALK, videos / "talk.mp4")


@pytest.fixture
def media_settings(settings, tmp_path):
    """Small, fast outputs: tiny renditions, short chapters for a one-minute talk."""
    settings.MEDIA_LADDER = "90:120,144:200,360:800"
    settings.MEDIA_X264_PRESET = "ultrafast"
    settings.MEDIA_SEGMENT_SECONDS = 4
    settings.MEDIA_STORYBOARD_SECONDS = 4
    settings.MEDIA_CHAPTER_MIN_SECONDS = 10
    settings.MEDIA_CHAPTER_MAX_SECONDS = 24
    settings.MEDIA_WORK_DIR = str(tmp_path / "work")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


def upload(path: Path, title: str = "勉強会の録画", **fields) -> VideoAsset:
    video = VideoAsset(title=title, **fields)
    with open(path, "rb") as handle:
        video.source.save(path.name, File(handle), save=False)
    video.save()
    return video
