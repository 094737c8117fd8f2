"""The pipeline's steps, as plain functions the Celery tasks and the commands call.

probe → transcode (ladder, storyboard, analysis, poster) → chapters and clips (clips.py); the
video's state is kept by status.py, ffmpeg's graphs are built by transcode.py and the master
playlist is written by hls.py. Each step works in
a scratch folder, publishes its files under a fresh storage folder, and records them on the video
in one save at the end: a step stopped midway (killed worker, cancel) leaves the video as it was
before the step, and running the step again finishes it.
"""

import logging
import posixpath
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from common import text_files

from . import hls
from .captions import Cue, read_captions, transcript, write_vtt
from .clips import clips_step
from .keyframes import find_keyframes
from .models import Rendition, VideoAsset
from .probe import NotPlayable, probe
from .runner import Cancelled, FfmpegFailed, run_graph
from .status import (
    CLIPPED,
    STOPPED,
    TRANSCODED,
    fail,
    record_outputs,
    request_cancel,
    set_status,
    should_stop,
    start_over,
)
from .storage import local_copy, publish_folder, work_dir, write_text
from .storyboard import make_sheets, storyboard_vtt
from .transcode import (
    ladder_graph,
    parse_ladder,
    plan_ladder,
    plan_storyboard,
    poster_graph,
    read_analysis,
)

# The steps, and the state functions the admin and the tasks reach through this module.
__all__ = [
    "CLIPPED",
    "STOPPED",
    "attach_captions",
    "clips_step",
    "fail",
    "probe_step",
    "process",
    "request_cancel",
    "start_over",
    "store_captions",
    "transcode_step",
]

logger = logging.getLogger(__name__)


# --- probe ------------------------------------------------------------------------------------
def probe_step(video: VideoAsset) -> bool:
    """Probe the upload; refuse what is not a playable video (the upload is kept)."""
    if should_stop(video):
        return False
    try:
        with local_copy(video.source.name) as path:
            result = probe(path)
    except NotPlayable as refusal:
        fail(video, str(refusal))
        return False
    except FileNotFoundError:
        fail(video, _("アップロードされたファイルが見つかりません。"))
        return False
    set_status(
        video,
        VideoAsset.Status.PROCESSING,
        duration=result.duration,
        width=result.width,
        height=result.height,
        demuxer=result.demuxer,
        has_audio=result.has_audio,
        stage="probed",
    )
    return True


# --- transcode --------------------------------------------------------------------------------
def transcode_step(video: VideoAsset) -> bool:
    """Make the ladder, storyboard, poster and analysis, and publish them together."""
    if should_stop(video):
        return False
    if video.stage == TRANSCODED and video.output_prefix:
        return True
    set_status(video, VideoAsset.Status.PROCESSING, stage="transcoding", progress=0)
    folder = work_dir(f"video-{video.pk}")
    out = folder / "out"
    try:
        with local_copy(video.source.name) as source:
            result = probe(source)
            rungs = plan_ladder(result.width, result.height, parse_ladder(settings.MEDIA_LADDER))
            board = plan_storyboard(result.width, result.height, result.duration)
            for name in [r.name for r in rungs] + ["storyboard"]:
                (out / name).mkdir(parents=True)
            log = run_graph(
                ladder_graph(source, result, rungs, out, storyboard=board),
                folder / "ffmpeg.log",
                result.duration,
                on_progress=lambda pct: VideoAsset.objects.filter(pk=video.pk).update(
                    progress=round(pct, 1), updated_at=timezone.now()
                ),
                should_cancel=lambda: VideoAsset.objects.filter(
                    pk=video.pk, cancel_requested=True
                ).exists(),
            )
            run_graph(poster_graph(source, result, out / "poster.jpg"), folder / "poster.log", 0)
        make_sheets(out / "storyboard", board)
        (out / "storyboard.vtt").write_text(storyboard_vtt(board, result.duration))
        made = hls.write_master(out, rungs, result.has_audio)
        if made[0].seconds < result.duration * 0.9:
            fail(video, _("動画が途中で切れています。最後まで読み取れませんでした。"))
            return False
        smallest = min(rungs, key=lambda rung: rung.width * rung.height)
        keyframes = find_keyframes(out / smallest.name / "index.m3u8")
        prefix = f"videos/{video.pk}/{uuid.uuid4().hex[:12]}"
        publish_folder(out, prefix)
    except Cancelled:
        set_status(video, VideoAsset.Status.CANCELLED, _("取り消されました。"), progress=0)
        return False
    except NotPlayable as refusal:
        fail(video, str(refusal))
        return False
    except FfmpegFailed as failure:
        logger.warning("ffmpeg failed for video %s: %s", video.pk, failure.log_tail)
        fail(video, _("動画の変換に失敗しました。ファイルが途中で壊れている可能性があります。"))
        return False
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    record_outputs(
        video,
        [
            Rendition(
                name=item.rung.name,
                width=item.rung.width,
                height=item.rung.height,
                bandwidth=item.variant.bandwidth,
                codecs=item.variant.codecs,
                playlist=posixpath.join(prefix, item.variant.playlist),
            )
            for item in made
        ],
        VideoAsset.Status.PROCESSING,
        output_prefix=prefix,
        poster=posixpath.join(prefix, "poster.jpg"),
        storyboard=posixpath.join(prefix, "storyboard.vtt"),
        analysis={**read_analysis(log, result.duration), "keyframes": keyframes},
        stage=TRANSCODED,
        progress=100,
    )
    return True


# --- captions ---------------------------------------------------------------------------------
def attach_captions(video: VideoAsset, path: str | Path) -> None:
    """Store a WebVTT or SRT file as the video's captions (as WebVTT); BadCaptions if unreadable."""
    store_captions(video, read_captions(text_files.decode(Path(path).read_bytes())))


def store_captions(video: VideoAsset, cues: list[Cue]) -> None:
    """Store `cues` as the video's captions (WebVTT) and its transcript for search."""
    key = write_text(f"videos/{video.pk}/captions/ja.vtt", write_vtt(cues))
    video.captions = key
    video.transcript = transcript(cues)
    video.save(update_fields=["captions", "transcript", "updated_at"])


def process(video: VideoAsset) -> VideoAsset:
    """Every step in this process, for the command line's --wait and the demo."""
    for step in (probe_step, transcode_step, clips_step):
        if not step(video):
            break
    video.refresh_from_db()
    return video
