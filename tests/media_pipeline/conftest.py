import shutil
from pathlib import Path

import pytest
from django.core.files import File

from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from tests.services import unavailable

# The generated talk: slides change at these seconds, with a pause in speech around each.
TALK_CHANGES = [16.0, 32.0, 48.0]
TALK = Talk(
    64.0,
    320,
    180,
    fps=12,
    voice_volume=0.05,  # a quiet speaker: loudness normalisation has work to do
    slide_changes=TALK_CHANGES,
    pauses=[(7.0, 8.2)] + [(c - 0.9, c + 0.8) for c in TALK_CHANGES],
)


def needs_ffmpeg() -> None:
    if shutil.which("ffmpeg") and shutil.which("ffprobe"):
        return
    unavailable("ffmpeg and ffprobe are not installed")


@pytest.fixture(scope="session")
def videos(tmp_path_factory) -> Path:
    needs_ffmpeg()
    return tmp_path_factory.mktemp("videos")


@pytest.fixture(scope="session")
def talk_file(videos) -> Path:
    return make_talk(TALK, videos / "talk.mp4")


@pytest.fixture
def media_settings(settings, tmp_path):
    """Small, fast outputs: tiny renditions, short chapters for a one-minute talk."""
    settings.MEDIA_LADDER = "90:120,144:200,360:800"
    settings.MEDIA_X264_PRESET = "ultrafast"
    settings.MEDIA_SEGMENT_SECONDS = 4
    settings.MEDIA_STORYBOARD_SECONDS = 4
    settings.MEDIA_CHAPTER_MIN_SECONDS = 10
    settings.MEDIA_CHAPTER_MAX_SECONDS = 24
    settings.MEDIA_WORK_DIR = str(tmp_path / "work")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


def upload(path: Path, title: str = "勉強会の録画", **fields) -> VideoAsset:
    video = VideoAsset(title=title, **fields)
    with open(path, "rb") as handle:
        video.source.save(path.name, File(handle), save=False)
    video.save()
    return video


CAPTIONS_SRT = """1
00:00:02,000 --> 00:00:05,000
本日はガバメントクラウドの運用について

2
00:00:20,000 --> 00:00:23,500
アカウントと権限の管理を説明します
"""

MEDIA_OVERRIDES = {
    "MEDIA_LADDER": "90:120,144:200,360:800",
    "MEDIA_X264_PRESET": "ultrafast",
    "MEDIA_SEGMENT_SECONDS": 4,
    "MEDIA_STORYBOARD_SECONDS": 4,
    "MEDIA_CHAPTER_MIN_SECONDS": 10,
    "MEDIA_CHAPTER_MAX_SECONDS": 24,
    "CELERY_TASK_ALWAYS_EAGER": True,
}


@pytest.fixture(scope="module")
def ingested_talk(talk_file, django_db_setup, django_db_blocker, tmp_path_factory):
    """The talk imported once by `ingest_video --wait --json` for the tests of a module."""
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings
    from wagtail.models import Site

    from courses.models import CourseIndexPage

    media_root = tmp_path_factory.mktemp("media")
    captions = tmp_path_factory.mktemp("captions") / "talk.srt"
    captions.write_text(CAPTIONS_SRT, encoding="utf-8")
    out = StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, **MEDIA_OVERRIDES):
        # The catalogue the course goes in, under the default site's home page; removed after.
        catalogue = CourseIndexPage(title="講座一覧（取り込みの試験）", slug="ingest-catalogue")
        Site.objects.get(is_default_site=True).root_page.add_child(instance=catalogue)
        call_command(
            "ingest_video",
            str(talk_file),
            "--course",
            "test-ingest",
            "--title",
            "運用勉強会 第1回",
            "--captions",
            str(captions),
            "--wait",
            "--json",
            stdout=out,
        )
        yield {"report": json.loads(out.getvalue()), "media_root": media_root}
        catalogue.delete()
        VideoAsset.objects.all().delete()


@pytest.fixture
def talk(ingested_talk, settings):
    """The ingested talk's recording, with the test reading the media folder it was written to."""
    settings.MEDIA_ROOT = ingested_talk["media_root"]
    for name, value in MEDIA_OVERRIDES.items():
        setattr(settings, name, value)
    return VideoAsset.objects.get(pk=ingested_talk["report"]["video_id"])


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible server (moto in server mode) on loopback, for the whole session."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        unavailable("moto[server] is not installed")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings):
    """Media in a fresh bucket of the S3 server, through the same storage interface."""
    import uuid

    import boto3

    bucket = f"media-{uuid.uuid4().hex[:8]}"
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.AWS_S3_ENDPOINT_URL = s3_server
    settings.AWS_ACCESS_KEY_ID = "test"
    settings.AWS_SECRET_ACCESS_KEY = "test"
    settings.AWS_S3_REGION_NAME = "us-east-1"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "media_pipeline.storage.MediaS3Storage"},
    }
    return client, bucket
