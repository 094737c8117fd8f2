"""Chapters and their clips: each chapter of a recording becomes a clip of its own.

A clip re-encodes nothing: its playlists name the recording's segments of its chapter (cut where
keyframes.where_cut_falls says: on the keyframes nearest the chapter's ends), its captions and
storyboard index are the recording's shifted to the clip's timeline, and its poster is the first
frame of its first segment.
"""

import posixpath
import shutil
import uuid

from django.conf import settings
from django.db import transaction

from . import hls
from .captions import Cue, read_captions, shift_cues, transcript, write_vtt
from .chapter_titles import is_placeholder, suggested_title
from .chapters import ChapterPlan, suggest_chapters
from .keyframes import cut_points, where_cut_falls
from .models import Chapter, Rendition, VideoAsset
from .runner import run_graph
from .signals import clips_ready
from .status import CLIPPED, TRANSCODED, record_outputs, set_status, should_stop
from .storage import delete_prefix, local_copy, read_text, save_file, work_dir, write_text
from .transcode import first_frame_graph


def chapter_plans(video: VideoAsset) -> list[ChapterPlan]:
    """The chapters to cut: the recording's own if it has some, else made per its chapter mode."""
    existing = list(video.chapters.order_by("index", "start"))
    duration = video.duration or 0
    if existing:
        plans = [
            ChapterPlan(max(0.0, c.start), min(c.end, duration), c.reason, c.title, c.pk)
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


def save_chapters(video: VideoAsset, plans: list[ChapterPlan], cues: list[Cue]) -> list[Chapter]:
    """Make the recording's chapter rows match `plans`, each plan keeping its own row (and so
    its clip) by identity, never by position; rows no plan keeps are deleted.

    A chapter nobody titled gets a title suggested from its captions (`cues`, on the
    recording's timeline), else from the recording's title and its number.
    """
    rows = {c.pk: c for c in video.chapters.all()}
    kept = []
    for index, plan in enumerate(plans, start=1):
        chapter = rows.pop(plan.chapter_id, None) or Chapter(recording=video)
        title = plan.title
        if is_placeholder(title, video.title):
            spoken = [cue.text for cue in shift_cues(cues, plan.start, plan.end)]
            title = suggested_title(spoken, video.title, index)
        chapter.index, chapter.title = index, title
        chapter.start, chapter.end, chapter.reason = plan.start, plan.end, plan.reason
        chapter.save()
        kept.append(chapter)
    for chapter in rows.values():
        chapter.delete()
    return kept


def recording_cut_points(
    video: VideoAsset, segments: dict[str, list[hls.Segment]] | None = None
) -> list[float]:
    """Where the recording's clips can begin and end (keyframes.cut_points), from its smallest
    rendition's segments and the keyframes found at transcoding; [] before it is transcoded."""
    rendition = video.renditions.order_by("height").first()
    if rendition is None:
        return []
    if segments is None:
        own = hls.read_media_playlist(read_text(rendition.playlist))
    else:
        own = segments[rendition.name]
    return cut_points(own, (video.analysis or {}).get("keyframes"))


def clip_poster(segment_key: str, prefix: str) -> str:
    """Store the first frame of the stored segment as `prefix`/poster.jpg; return its key."""
    folder = work_dir("poster")
    try:
        with local_copy(segment_key) as segment:
            run_graph(first_frame_graph(segment, folder / "poster.jpg"), folder / "log", 0)
        return save_file(posixpath.join(prefix, "poster.jpg"), folder / "poster.jpg")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _relative(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder)


def make_clip(
    recording: VideoAsset,
    chapter: Chapter,
    segments: dict[str, list[hls.Segment]],
    cues: list[Cue],
    board_cues: list[Cue],
    points: list[float],
) -> None:
    """The chapter's clip: playlists over the recording's segments, shifted captions.

    `points` are the recording's cut points (recording_cut_points): the clip begins and ends
    where the cut falls, as the timeline editor shows it.
    """
    cut_start = where_cut_falls(chapter.start, points)
    cut_end = where_cut_falls(chapter.end, points)
    clip = chapter.clip or VideoAsset(kind=VideoAsset.Kind.CLIP, parent=recording)
    clip.title = chapter.title
    clip.destination = recording.destination
    clip.width, clip.height = recording.width, recording.height
    clip.has_audio = recording.has_audio
    clip.save()
    old_prefix = clip.output_prefix
    prefix = f"videos/{clip.pk}/{uuid.uuid4().hex[:12]}"
    variants, renditions = [], []
    parts: list[hls.Segment] = []
    for rendition in recording.renditions.all():
        source_folder = posixpath.dirname(rendition.playlist)
        parts = hls.clip_segments(segments[rendition.name], cut_start, cut_end)
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
            hls.clip_segments(segments[poster_source.name], cut_start, cut_end)[0].uri,
        ),
        prefix,
    )
    write_text(posixpath.join(prefix, "master.m3u8"), hls.master_playlist(variants))
    # A clip in which nothing is captioned has no captions file: an empty track would count its
    # lesson as captioned in the captions report, and show staff a track with nothing in it.
    clip_cues = shift_cues(cues, start, end) if cues else []
    captions = ""
    if clip_cues:
        captions = write_text(posixpath.join(prefix, "captions", "ja.vtt"), write_vtt(clip_cues))
    storyboard = ""
    if board_cues:
        images = posixpath.dirname(recording.storyboard)
        shifted = [
            Cue(cue.start, cue.end, _relative(posixpath.join(images, cue.text), prefix))
            for cue in shift_cues(board_cues, start, end)
        ]
        storyboard = write_text(posixpath.join(prefix, "storyboard.vtt"), write_vtt(shifted))
    with transaction.atomic():
        record_outputs(
            clip,
            [
                Rendition(
                    name=rendition.name,
                    width=rendition.width,
                    height=rendition.height,
                    bandwidth=rendition.bandwidth,
                    codecs=rendition.codecs,
                    playlist=playlist,
                )
                for rendition, playlist in renditions
            ],
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
    cues = read_captions(read_text(video.captions)) if video.captions else []
    chapters = save_chapters(video, chapter_plans(video), cues)
    segments = {
        r.name: hls.read_media_playlist(read_text(r.playlist)) for r in video.renditions.all()
    }
    board_cues = read_captions(read_text(video.storyboard)) if video.storyboard else []
    points = recording_cut_points(video, segments)
    for chapter in chapters:
        make_clip(video, chapter, segments, cues, board_cues, points)
    set_status(video, VideoAsset.Status.READY, stage=CLIPPED, progress=100)
    clips_ready.send(sender=VideoAsset, recording=video)
    # After the receivers have moved their links to the new clips: the old ones can go.
    video.clips.exclude(chapter__in=chapters).delete()
    return True
