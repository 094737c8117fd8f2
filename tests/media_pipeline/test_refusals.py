"""What is not a playable video is refused before anything is made, and never opens other files."""

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from media_pipeline import pipeline
from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from media_pipeline.storage import storage

from .conftest import upload

pytestmark = [pytest.mark.media, pytest.mark.django_db]


def refused(path, media_settings) -> VideoAsset:
    video = upload(path)
    pipeline.process(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.FAILED
    assert video.output_prefix == "" and video.master_playlist_url is None
    assert storage().exists(video.source.name), "the upload is kept for inspection"
    return video


def test_an_empty_file_is_refused(tmp_path, media_settings):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    assert "空" in refused(path, media_settings).error


def test_a_text_file_is_refused(tmp_path, media_settings):
    path = tmp_path / "notes.mp4"
    path.write_text("議事録です。動画ではありません。\n" * 50, encoding="utf-8")
    assert "動画" in refused(path, media_settings).error


def test_an_image_is_refused(videos, tmp_path, media_settings):
    path = tmp_path / "slide.png"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x180",
            "-frames:v",
            "1",
            str(path),
        ],
        check=True,
    )
    assert refused(path, media_settings).error


def test_audio_only_is_refused(tmp_path, media_settings):
    path = tmp_path / "voice.m4a"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=d=3", "-c:a", "aac", str(path)],
        check=True,
    )
    assert "音声だけ" in refused(path, media_settings).error


def test_a_truncated_recording_is_refused(videos, tmp_path, media_settings):
    whole = tmp_path / "whole.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=160x90:d=6",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            str(whole),
        ],
        check=True,
    )
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert refused(cut, media_settings).error


class Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize(
    "name,content",
    [
        (
            "playlist.mp4",
            "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n{url}/seg.ts\n"
            "#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n",
        ),
        ("list.mp4", "ffconcat version 1.0\nfile '{url}/a.mp4'\nfile '/etc/passwd'\n"),
        ("subtitles.mp4", "[Script Info]\nScriptType: v4.00+\n{url}/x\n"),
    ],
)
def test_a_crafted_file_cannot_make_ffmpeg_open_urls_or_local_files(
    name, content, tmp_path, web_server, media_settings
):
    path = tmp_path / name
    path.write_text(content.format(url=web_server))
    refused(path, media_settings)
    assert Recorder.requests == []


def test_a_playlist_named_like_a_video_is_refused_even_by_ffmpeg_itself(tmp_path, web_server):
    """Defence in depth: the ladder's own input options refuse the playlist too."""
    from media_pipeline.safety import input_options, input_path

    path = tmp_path / "playlist.mp4"
    path.write_text(f"#EXTM3U\n#EXTINF:10,\n{web_server}/seg.ts\n#EXT-X-ENDLIST\n")
    options = input_options()
    command = ["ffmpeg", "-v", "error"]
    for key, value in options.items():
        command += [f"-{key}", value]
    done = subprocess.run(
        [*command, "-i", input_path(path), "-f", "null", "-"], capture_output=True
    )
    assert done.returncode != 0 and Recorder.requests == []


def test_an_odd_sized_portrait_video_gets_even_renditions_and_one_lesson(
    videos, media_settings, course_index
):
    import json
    from io import StringIO

    from django.core.management import call_command

    path = make_talk(Talk(9, 181, 321, pix_fmt="yuv444p"), videos / "odd-portrait.mkv")
    out = StringIO()
    call_command(
        "ingest_video",
        str(path),
        "--course",
        "odd",
        "--chapters",
        "none",
        "--wait",
        "--json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert report["status"] == "ready"
    assert [(r["height"]) for r in report["renditions"]] == [160, 256]
    video = VideoAsset.objects.get(pk=report["video_id"])
    assert [(r.width, r.height) for r in video.renditions.all()] == [(90, 160), (144, 256)]
    assert len(report["chapters"]) == 1
    assert report["chapters"][0]["start"] == 0 and report["chapters"][0]["lesson_id"]
