"""A new video from a local file: stored (streamed), with its chapters and captions if given."""

from pathlib import Path

from django.core.files import File
from django.db import transaction

from .chapters import ChapterPlan
from .models import Chapter, VideoAsset
from .pipeline import attach_captions


@transaction.atomic
def create_video(
    path: str | Path,
    title: str,
    destination: str = "",
    chapter_mode: str = VideoAsset.ChapterMode.AUTO,
    chapters: list[ChapterPlan] | None = None,
    captions: str | Path | None = None,
) -> VideoAsset:
    """Store the file at `path` as a new video, not yet processed."""
    path = Path(path)
    video = VideoAsset(title=title, destination=destination, chapter_mode=chapter_mode)
    with open(path, "rb") as handle:
        video.source.save(path.name, File(handle), save=False)
    video.save()
    for index, plan in enumerate(chapters or [], start=1):
        Chapter.objects.create(
            recording=video,
            index=index,
            title=plan.title,
            start=plan.start,
            end=plan.end,
            reason=Chapter.Reason.MANUAL,
        )
    if captions:
        attach_captions(video, captions)
    return video
