"""Celery tasks: thin wrappers of pipeline.py, one chain per video, idempotent and retry-safe.

Transcoding goes to the `transcode` queue (CELERY_TASK_ROUTES in settings). Every task
acknowledges its message only when done (acks_late), so a worker killed midway hands the message
to the next worker, which finds the video as it was before the step and redoes it.
"""

import logging
from collections.abc import Callable

from celery import chain, shared_task
from django.utils.translation import gettext as _

from . import pipeline
from .models import VideoAsset

logger = logging.getLogger(__name__)


def run_step(step: Callable[[VideoAsset], bool], video_id: int) -> bool:
    """Run one step; an unexpected error marks the video failed, so that the admin shows it."""
    video = VideoAsset.objects.filter(pk=video_id).first()
    if video is None:
        return False
    try:
        return step(video)
    except Exception:
        logger.exception("%s failed for video %s", step.__name__, video_id)
        pipeline.fail(video, _("処理中に予期しないエラーが起きました。もう一度処理してください。"))
        raise


@shared_task(acks_late=True, reject_on_worker_lost=True)
def probe_video(video_id: int) -> bool:
    return run_step(pipeline.probe_step, video_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def transcode_video(video_id: int) -> bool:
    return run_step(pipeline.transcode_step, video_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def make_clips(video_id: int) -> bool:
    return run_step(pipeline.clips_step, video_id)


def process_in_background(video: VideoAsset):
    """Queue the whole pipeline for `video`; each step skips work already done."""
    return chain(
        probe_video.si(video.pk),
        transcode_video.si(video.pk),
        make_clips.si(video.pk),
    ).apply_async()


def remake_clips_in_background(video: VideoAsset):
    """After the officer edits chapters or captions: new clips from the existing ladder, in
    seconds. The recording is shown as processed from now, not from when a worker takes the
    job: its page follows the re-cut instead of saying ready while the old clips still play."""
    pipeline.set_status(video, VideoAsset.Status.PROCESSING)
    return make_clips.delay(video.pk)
