"""Taking in one recording: the checks on what comes with it, then storing and processing it.

The admin's upload page and the `ingest_video` command both come through here, so a recording
is refused for the same reasons, in the same words, whichever way it arrives. The destination
is opaque: whoever asked (e.g. a course) reads it back from the clips_ready signal.
"""

import shutil
from pathlib import Path
from typing import BinaryIO

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from .captions import BadCaptions, read_captions
from .chapters import BadChapters, ChapterPlan, read_chapters_csv
from .models import Chapter, VideoAsset
from .pipeline import attach_captions, process
from .storage import work_dir
from .tasks import process_in_background

# Chapters and captions are text: a few hundred kilobytes at most for a three-hour recording.
SIDE_FILE_LIMIT = 2 * 1024 * 1024


class Refused(ValueError):
    """What came with a recording cannot be taken; str() is one Japanese sentence."""


def read_side_file(handle: BinaryIO) -> bytes:
    """A chapters or captions file, read no further than the limit."""
    raw = handle.read(SIDE_FILE_LIMIT + 1)
    if len(raw) > SIDE_FILE_LIMIT:
        raise Refused(_("ファイルが大きすぎます。"))
    return raw


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else CP932 as Japanese Windows tools write it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp932")


def checked_chapters(raw: bytes) -> list[ChapterPlan]:
    """The chapters of a CSV file (start,end,title), or Refused naming the line at fault."""
    try:
        return read_chapters_csv(decode_text(raw))
    except UnicodeDecodeError as error:
        raise Refused(_("チャプターの CSV を文字として読み取れません。")) from error
    except BadChapters as error:
        raise Refused(str(error)) from error


def checked_captions(raw: bytes) -> bytes:
    """The captions file as given, once it has been read as WebVTT or SRT."""
    try:
        read_captions(decode_text(raw))
    except (BadCaptions, UnicodeDecodeError) as error:
        raise Refused(
            _("字幕が読み取れません。WebVTT か SRT のファイルを指定してください。")
        ) from error
    return raw


def chapters_for(mode: str, chapters: list[ChapterPlan] | None) -> list[ChapterPlan] | None:
    """The chapters an ingest uses: given ones only in manual mode, where they are required."""
    if mode != VideoAsset.ChapterMode.MANUAL:
        return None
    if not chapters:
        raise Refused(_("チャプターを指定する場合は CSV が必要です。"))
    return chapters


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


def ingest(
    source: Path,
    *,
    title: str,
    destination: str = "",
    chapter_mode: str = VideoAsset.ChapterMode.AUTO,
    chapters: list[ChapterPlan] | None = None,
    captions: bytes | None = None,
    wait: bool = False,
) -> VideoAsset:
    """Store a checked recording and process it: here (`wait`) or by the workers.

    `chapters` and `captions` are what the checks above returned; the video's status and error
    say how the processing went.
    """
    folder = work_dir("ingest")
    try:
        captions_path = None
        if captions is not None:
            captions_path = folder / "captions.vtt"
            captions_path.write_bytes(captions)
        video = create_video(
            source,
            title=title,
            destination=destination,
            chapter_mode=chapter_mode,
            chapters=chapters_for(chapter_mode, chapters),
            captions=captions_path,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if wait:
        return process(video)
    process_in_background(video)
    video.refresh_from_db()
    return video
