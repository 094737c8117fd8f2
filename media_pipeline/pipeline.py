"""The pipeline's steps, as plain functions the Celery tasks and the commands call.

probe → transcode (ladder, storyboard, analysis, poster) → chapters and clips. Each step works in
a scratch folder, publishes its files under a fresh storage folder, and records them on the video
in one save at the end: a step stopped midway (killed worker, cancel) leaves the video as it was
before the step, and running the step again finishes it.
"""

import logging
import posixpath
import shutil
import uuid
from pathlib import Path

import ffmpeg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import text_files

from . import hls
from .captions import read_captions, shift_cues, transcript, write_vtt
from .chapters import ChapterPlan, suggest_chapters
from .models import Chapter, Rendition, VideoAsset
from .probe import NotPlayable, ProbeResult, probe
from .runner import Cancelled, FfmpegFailed, run_graph
from .safety import input_options, input_path
from .signals import clips_ready
from .storage import (
    delete_prefix,
    local_copy,
    publish_folder,
    read_text,
    save_file,
    work_dir,
    write_text,
)
from .storyboard import make_sheets, storyboard_vtt
from .transcode import (
    ladder_graph,
    parse_ladder,
    plan_ladder,
    plan_storyboard,
    read_analysis,
)

logger = logging.getLogger(__name__)

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
def poster_graph(source: str | Path, probe_result: ProbeResult, out: str | Path):
    """One frame a tenth of the way in (at most a minute), at most 1280 pixels wide."""
    at = min(60.0, probe_result.duration * 0.1)
    return (
        ffmpeg.input(input_path(source), ss=f"{at:.3f}", **input_options(probe_result.demuxer))
        .video.filter("scale", "min(1280,iw)", -2)
        .output(str(out), vframes=1, **{"q:v": 3})
        .global_args("-hide_banner", "-loglevel", "error", "-y")
    )


def first_frame_graph(segment: str | Path, out: str | Path):
    """The first frame of one of our own HLS segments (a keyframe): a clip's poster."""
    return (
        ffmpeg.input(input_path(segment), **input_options("mpegts"))
        .video.output(str(out), vframes=1, **{"q:v": 3})
        .global_args("-hide_banner", "-loglevel", "error", "-y")
    )


def clip_poster(segment_key: str, prefix: str) -> str:
    """Store the first frame of the stored segment as `prefix`/poster.jpg; return its key."""
    folder = work_dir("poster")
    try:
        with local_copy(segment_key) as segment:
            run_graph(first_frame_graph(segment, folder / "poster.jpg"), folder / "log", 0)
        return save_file(posixpath.join(prefix, "poster.jpg"), folder / "poster.jpg")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def segment_codecs(path: Path, has_audio: bool) -> str:
    info = ffmpeg.probe(
        input_path(path), cmd=settings.FFPROBE_BINARY, select_streams="v:0", **input_options()
    )
    stream = info["streams"][0]
    return hls.codecs(stream.get("profile", "High"), int(stream.get("level", 31)), has_audio)


def write_master(out: Path, rungs, has_audio: bool) -> list[dict]:
    """Write master.m3u8 from the renditions made; return their measurements."""
    made = []
    for rung in rungs:
        folder = out / rung.name
        segments = hls.read_media_playlist((folder / "index.m3u8").read_text())
        sizes = [(folder / s.uri).stat().st_size for s in segments]
        peak, average = hls.bandwidths(segments, sizes)
        made.append(
            {
                "seconds": sum(s.duration for s in segments),
                "rung": rung,
                "variant": hls.Variant(
                    f"{rung.name}/index.m3u8",
                    peak,
                    average,
                    rung.width,
                    rung.height,
                    segment_codecs(folder / segments[0].uri, has_audio),
                ),
            }
        )
    (out / "master.m3u8").write_text(hls.master_playlist([m["variant"] for m in made]))
    return made


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
        made = write_master(out, rungs, result.has_audio)
        if made[0]["seconds"] < result.duration * 0.9:
            fail(video, _("動画が途中で切れています。最後まで読み取れませんでした。"))
            return False
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
    with transaction.atomic():
        video.renditions.all().delete()
        for item in made:
            rung, variant = item["rung"], item["variant"]
            Rendition.objects.create(
                video=video,
                name=rung.name,
                width=rung.width,
                height=rung.height,
                bandwidth=variant.bandwidth,
                codecs=variant.codecs,
                playlist=posixpath.join(prefix, variant.playlist),
            )
        set_status(
            video,
            VideoAsset.Status.PROCESSING,
            output_prefix=prefix,
            poster=posixpath.join(prefix, "poster.jpg"),
            storyboard=posixpath.join(prefix, "storyboard.vtt"),
            analysis=read_analysis(log, result.duration),
            stage=TRANSCODED,
            progress=100,
        )
    return True


# --- captions ---------------------------------------------------------------------------------
def attach_captions(video: VideoAsset, path: str | Path) -> None:
    """Store a WebVTT or SRT file as the video's captions (as WebVTT); BadCaptions if unreadable."""
    cues = read_captions(text_files.decode(Path(path).read_bytes()))
    key = write_text(f"videos/{video.pk}/captions/ja.vtt", write_vtt(cues))
    video.captions = key
    video.transcript = transcript(cues)
    video.save(update_fields=["captions", "transcript", "updated_at"])


# --- chapters and clips -----------------------------------------------------------------------
def chapter_plans(video: VideoAsset) -> list[ChapterPlan]:
    """The chapters to cut: the recording's own if it has some, else made per its chapter mode."""
    existing = list(video.chapters.order_by("index", "start"))
    duration = video.duration or 0
    if existing:
        plans = [
            ChapterPlan(max(0.0, c.start), min(c.end, duration), c.reason, c.title)
            for c in existing
            if c.start < duration
        ]
        if plans:
            return plans
    if video.chapter_mode == VideoAsset.ChapterMode.NONE:
        return [ChapterPlan(0.0, duration, Chapter.Reason.WHOLE, video.title)]
    return suggest_chapters(
        duration,
        video.analysis.get("scenes", []),
        video.analysis.get("silences", []),
        settings.MEDIA_CHAPTER_MIN_SECONDS,
        settings.MEDIA_CHAPTER_MAX_SECONDS,
    )


def save_chapters(video: VideoAsset, plans: list[ChapterPlan]) -> list[Chapter]:
    """Make the recording's chapter rows match `plans`, keeping each index's clip."""
    chapters = list(video.chapters.order_by("index", "start"))
    kept = []
    for index, plan in enumerate(plans, start=1):
        chapter = chapters[index - 1] if index <= len(chapters) else Chapter(recording=video)
        chapter.index, chapter.title = index, plan.title or str(index)
        chapter.start, chapter.end, chapter.reason = plan.start, plan.end, plan.reason
        chapter.save()
        kept.append(chapter)
    for chapter in chapters[len(plans) :]:
        chapter.delete()
    return kept


def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder)


def make_clip(recording: VideoAsset, chapter: Chapter, segments: dict, cues, board_cues) -> None:
    """The chapter's clip: playlists over the recording's segments, shifted captions."""
    clip = chapter.clip or VideoAsset(kind=VideoAsset.Kind.CLIP, parent=recording)
    clip.title = chapter.title
    clip.destination = recording.destination
    clip.width, clip.height = recording.width, recording.height
    clip.has_audio = recording.has_audio
    clip.save()
    old_prefix = clip.output_prefix
    prefix = f"videos/{clip.pk}/{uuid.uuid4().hex[:12]}"
    variants, renditions = [], []
    parts = None
    for rendition in recording.renditions.all():
        source_folder = posixpath.dirname(rendition.playlist)
        parts = hls.clip_segments(segments[rendition.name], chapter.start, chapter.end)
        folder = posixpath.join(prefix, rendition.name)
        relinked = [
            hls.Segment(
                _relative(posixpath.join(source_folder, s.uri), folder), s.duration, s.start
            )
            for s in parts
        ]
        playlist = write_text(posixpath.join(folder, "index.m3u8"), hls.media_playlist(relinked))
        variants.append(
            hls.Variant(
                f"{rendition.name}/index.m3u8",
                rendition.bandwidth,
                rendition.bandwidth,
                rendition.width,
                rendition.height,
                rendition.codecs,
            )
        )
        renditions.append((rendition, playlist))
    start = parts[0].start
    end = parts[-1].start + parts[-1].duration
    # From the rendition nearest 720 lines: sharp enough for a poster, cheap to decode.
    poster_source = min(renditions, key=lambda item: abs(item[0].height - 720))[0]
    poster = clip_poster(
        posixpath.join(
            posixpath.dirname(poster_source.playlist),
            hls.clip_segments(segments[poster_source.name], chapter.start, chapter.end)[0].uri,
        ),
        prefix,
    )
    write_text(posixpath.join(prefix, "master.m3u8"), hls.master_playlist(variants))
    captions = ""
    clip_cues = []
    if cues:
        clip_cues = shift_cues(cues, start, end)
        captions = write_text(posixpath.join(prefix, "captions", "ja.vtt"), write_vtt(clip_cues))
    storyboard = ""
    if board_cues:
        images = posixpath.dirname(recording.storyboard)
        shifted = [
            cue.__class__(cue.start, cue.end, _relative(posixpath.join(images, cue.text), prefix))
            for cue in shift_cues(board_cues, start, end)
        ]
        storyboard = write_text(posixpath.join(prefix, "storyboard.vtt"), write_vtt(shifted))
    with transaction.atomic():
        clip.renditions.all().delete()
        for rendition, playlist in renditions:
            Rendition.objects.create(
                video=clip,
                name=rendition.name,
                width=rendition.width,
                height=rendition.height,
                bandwidth=rendition.bandwidth,
                codecs=rendition.codecs,
                playlist=playlist,
            )
        set_status(
            clip,
            VideoAsset.Status.READY,
            duration=end - start,
            clip_start=start,
            clip_end=end,
            output_prefix=prefix,
            poster=poster,
            storyboard=storyboard,
            captions=captions,
            transcript=transcript(clip_cues),
            progress=100,
            stage=CLIPPED,
        )
        chapter.clip = clip
        chapter.save(update_fields=["clip"])
    if old_prefix and old_prefix != prefix:
        delete_prefix(old_prefix)


def clips_step(video: VideoAsset) -> bool:
    """Chapters and their clips, then the recording is ready; receivers publish the lessons."""
    if should_stop(video):
        return False
    if video.stage not in {TRANSCODED, CLIPPED}:
        return False
    set_status(video, VideoAsset.Status.PROCESSING, stage=TRANSCODED)
    chapters = save_chapters(video, chapter_plans(video))
    segments = {
        r.name: hls.read_media_playlist(read_text(r.playlist)) for r in video.renditions.all()
    }
    cues = read_captions(read_text(video.captions)) if video.captions else []
    board_cues = read_captions(read_text(video.storyboard)) if video.storyboard else []
    for chapter in chapters:
        make_clip(video, chapter, segments, cues, board_cues)
    set_status(video, VideoAsset.Status.READY, stage=CLIPPED, progress=100)
    clips_ready.send(sender=VideoAsset, recording=video)
    # After the receivers have moved their links to the new clips: the old ones can go.
    video.clips.exclude(chapter__in=chapters).delete()
    return True


def process(video: VideoAsset) -> VideoAsset:
    """Every step in this process, for the command line's --wait and the demo."""
    for step in (probe_step, transcode_step, clips_step):
        if not step(video):
            break
    video.refresh_from_db()
    return video
