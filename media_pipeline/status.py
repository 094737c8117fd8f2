"""A video's recorded state: its status and stage, cancelling, and a step's outputs.

Each step records what it made in one transaction at its end (record_outputs), so a step stopped
midway leaves the video as it was before the step.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Rendition, VideoAsset

TRANSCODED = "transcoded"
CLIPPED = "clipped"
STOPPED = {VideoAsset.Status.FAILED, VideoAsset.Status.CANCELLED}


def set_status(video: VideoAsset, status: str, error: str = "", **fields) -> None:
    video.status = status
    video.error = error
    for name, value in fields.items():
        setattr(video, name, value)
    video.save(update_fields=["status", "error", "updated_at", *fields])


def fail(video: VideoAsset, reason: str) -> None:
    set_status(video, VideoAsset.Status.FAILED, reason)


def start_over(video: VideoAsset) -> None:
    """Make a failed or cancelled video ready to be processed again from the start."""
    set_status(video, VideoAsset.Status.UPLOADED, "", cancel_requested=False, progress=0, stage="")


def request_cancel(video: VideoAsset) -> None:
    """Ask the running job to stop; a job not started yet stops before it begins."""
    VideoAsset.objects.filter(pk=video.pk).update(cancel_requested=True)
    if video.status == VideoAsset.Status.UPLOADED:
        set_status(video, VideoAsset.Status.CANCELLED, _("取り消されました。"))


def should_stop(video: VideoAsset) -> bool:
    video.refresh_from_db()
    if video.cancel_requested and video.status not in STOPPED:
        set_status(video, VideoAsset.Status.CANCELLED, _("取り消されました。"))
    return video.status in STOPPED


def record_outputs(video: VideoAsset, renditions: list[Rendition], status: str, **fields) -> None:
    """Replace the video's renditions with `renditions` (unsaved) and set its state, at once."""
    with transaction.atomic():
        video.renditions.all().delete()
        for rendition in renditions:
            rendition.video = video
        Rendition.objects.bulk_create(renditions)
        set_status(video, status, **fields)
