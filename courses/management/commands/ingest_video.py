"""Import one recording into a course: the same checks and ingest as an upload in the admin."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from courses.catalogue import NoCatalogue
from courses.lessons_from_chapters import Release, course_for_slug, destination_for, lessons_of
from media_pipeline.ingest import (
    Refused,
    checked_captions,
    checked_chapters,
    ingest,
    read_side_file,
)
from media_pipeline.models import VideoAsset


def report(video: VideoAsset) -> dict:
    """The --json object promised in DESIGN.md."""
    lessons = lessons_of(video)
    return {
        "video_id": video.pk,
        "status": video.status,
        "duration": video.duration,
        "width": video.width,
        "height": video.height,
        "renditions": [
            {
                "height": r.height,
                "bandwidth": r.bandwidth,
                "playlist": video.stream_url(r.playlist),
            }
            for r in video.renditions.all()
        ],
        "master_playlist": video.master_playlist_url,
        "chapters": [
            {
                "index": c.index,
                "title": c.title,
                "start": c.start,
                "end": c.end,
                "lesson_id": lessons[c.index].pk if c.index in lessons else None,
                "lesson_url": lessons[c.index].full_url if c.index in lessons else None,
            }
            for c in video.chapters.order_by("index")
        ],
        "error": video.error or None,
    }


def refused(reason: str) -> dict:
    """The --json object of an ingest refused before any work: nothing was stored."""
    return {
        "video_id": None,
        "status": VideoAsset.Status.FAILED,
        "duration": None,
        "width": None,
        "height": None,
        "renditions": [],
        "master_playlist": None,
        "chapters": [],
        "error": reason,
    }


def read_file(path: Path) -> bytes:
    """A chapters or captions file named on the command line, within the side-file limit."""
    with open(path, "rb") as handle:
        return read_side_file(handle)


class Command(BaseCommand):
    help = "Import one recording into a course (created if missing); each chapter a lesson."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--course", required=True, help="slug of the course")
        parser.add_argument("--title", help="title of the recording (default: the file name)")
        parser.add_argument(
            "--chapters",
            default="auto",
            help="auto (suggested from slide changes and pauses), none (one lesson), or a CSV "
            "file with columns start,end,title",
        )
        parser.add_argument("--captions", type=Path, help="WebVTT or SRT file")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="make the lessons unpublished, waiting for approval (default: publish at once)",
        )
        parser.add_argument("--wait", action="store_true", help="return when ready or failed")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options) -> None:
        source: Path = options["file"]
        # Every check comes before any work: a refused ingest stores and changes nothing.
        try:
            if not source.is_file():
                raise Refused(_("動画ファイルが見つかりません: %(path)s") % {"path": source})
            mode, chapters = self.chapters(options["chapters"])
            captions = None
            if options["captions"] is not None:
                if not options["captions"].is_file():
                    raise Refused(
                        _("字幕ファイルが見つかりません: %(path)s") % {"path": options["captions"]}
                    )
                captions = checked_captions(read_file(options["captions"]))
            course = course_for_slug(options["course"])
        except (Refused, NoCatalogue) as refusal:
            if options["json"]:
                self.stdout.write(json.dumps(refused(str(refusal)), ensure_ascii=False))
            raise CommandError(str(refusal)) from refusal
        video = ingest(
            source,
            title=options["title"] or source.stem,
            destination=destination_for(
                course, Release.FOR_APPROVAL if options["draft"] else Release.AT_ONCE
            ),
            chapter_mode=mode,
            chapters=chapters,
            captions=captions,
            wait=options["wait"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(report(video), ensure_ascii=False))
        else:
            self.stdout.write(f"video {video.pk}: {video.status}")
            for chapter in video.chapters.order_by("index"):
                self.stdout.write(f"  {chapter.index}. {chapter.title}")
        if video.status in {VideoAsset.Status.FAILED, VideoAsset.Status.CANCELLED}:
            raise CommandError(video.error or _("動画の処理に失敗しました。"))

    def chapters(self, value: str) -> tuple[str, list | None]:
        if value in {"auto", "none"}:
            return value, None
        path = Path(value)
        if not path.is_file():
            raise Refused(_("--chapters には auto、none か CSV ファイルを指定してください。"))
        return VideoAsset.ChapterMode.MANUAL, checked_chapters(read_file(path))
