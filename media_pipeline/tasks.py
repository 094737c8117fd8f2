"""Celery tasks: thin wrappers of pipeline.py, one chain per video, idempotent and retry-safe.

Transcoding goes to the `transcode` queue (CELERY_TASK_ROUTES in settings). Every task
acknowledges its message only when done (acks_late), so a worker killed midway hands the message
to the next worker, which finds the video as it was before the step and redoes it.
"""

from celery import chain, shared_task

from . import pipeline
from .models import VideoAsset


def _video(video_id: int) -> VideoAsset | None:
    return VideoAsset.objects.filter(pk=video_id).first()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def probe_video(video_id: int) -> bool:
    video = _video(video_id)
    return bool(video) and pipeline.probe_step(video)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def transcode_video(video_id: int) -> bool:
    video = _video(video_id)
    return bool(video) and pipeline.transcode_step(video)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def make_clips(video_id: int) -> bool:
    video = _video(video_id)
    return bool(video) and pipeline.clips_step(video)


def process_in_background(video: VideoAsset):
    """Queue the whole pipeline for `video`; each step skips work already done."""
    return chain(
        probe_video.si(video.pk),
        transcode_video.si(video.pk),
        make_clips.si(video.pk),
    ).apply_async()


def remake_clips_in_background(video: VideoAsset):
    """After the officer edits chapters: new clips from the existing ladder, in seconds."""
    return make_clips.delay(video.pk)
