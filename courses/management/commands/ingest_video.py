"""Import one recording into a course: the same pipeline as an upload in the admin."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from common import text_files
from courses.lessons_from_chapters import course_for_slug, destination_for, lessons_of
from media_pipeline import pipeline
from media_pipeline.captions import BadCaptions, read_captions
from media_pipeline.chapters import BadChapters, read_chapters_csv
from media_pipeline.ingest import create_video
from media_pipeline.models import VideoAsset
from media_pipeline.tasks import process_in_background


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
        parser.add_argument("--wait", action="store_true", help="return when ready or failed")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(_("動画ファイルが見つかりません: %(path)s") % {"path": source})
        mode, manual = self.chapters(options["chapters"])
        captions: Path | None = options["captions"]
        if captions is not None:
            if not captions.is_file():
                raise CommandError(_("字幕ファイルが見つかりません: %(path)s") % {"path": captions})
            try:
                read_captions(text_files.decode(captions.read_bytes()))
            except (BadCaptions, text_files.UnreadableText) as error:
                raise CommandError(_("字幕ファイルを読み取れません。")) from error
        course = course_for_slug(options["course"])
        video = create_video(
            source,
            title=options["title"] or source.stem,
            destination=destination_for(course),
            chapter_mode=mode,
            chapters=manual,
            captions=captions,
        )
        if options["wait"]:
            video = pipeline.process(video)
        else:
            process_in_background(video)
            video.refresh_from_db()
        if options["json"]:
            self.stdout.write(json.dumps(report(video), ensure_ascii=False))
        else:
            self.stdout.write(f"video {video.pk}: {video.status}")
            for chapter in video.chapters.order_by("index"):
                self.stdout.write(f"  {chapter.index}. {chapter.title}")
        if video.status in {VideoAsset.Status.FAILED, VideoAsset.Status.CANCELLED}:
            raise CommandError(video.error or _("動画の処理に失敗しました。"))

    def chapters(self, value: str):
        if value in {"auto", "none"}:
            return value, None
        path = Path(value)
        if not path.is_file():
            raise CommandError(_("--chapters には auto、none か CSV ファイルを指定してください。"))
        try:
            return VideoAsset.ChapterMode.MANUAL, read_chapters_csv(
                text_files.decode(path.read_bytes())
            )
        except (BadChapters, text_files.UnreadableText) as error:
            raise CommandError(str(error)) from error
