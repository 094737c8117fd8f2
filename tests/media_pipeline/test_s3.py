"""The pipeline on an S3-compatible store: moto's server on loopback, not an in-process mock."""

import os
import urllib.request

import pytest

from media_pipeline import pipeline
from media_pipeline.grants import granted_url, granted_urls, issue
from media_pipeline.models import VideoAsset
from media_pipeline.samples import Talk, make_talk
from media_pipeline.storage import is_remote, save_file

from .conftest import upload

pytestmark = [pytest.mark.media, pytest.mark.django_db, pytest.mark.services]


@pytest.fixture
def video_on_s3(videos, s3_storage, media_settings):
    path = make_talk(Talk(8, 160, 90, slide_changes=[4.0]), videos / "s3-talk.mp4")
    video = pipeline.process(upload(path))
    assert video.status == VideoAsset.Status.READY, video.error
    return video


def test_outputs_are_stored_with_content_types_and_cache_headers(video_on_s3, s3_storage):
    client, bucket = s3_storage
    assert is_remote()
    master = client.head_object(Bucket=bucket, Key=video_on_s3.master_playlist_key)
    assert master["ContentType"] == "application/vnd.apple.mpegurl"
    assert "max-age=60" in master["CacheControl"]
    segment_key = video_on_s3.output_key("90p/seg_00000.ts")
    segment = client.head_object(Bucket=bucket, Key=segment_key)
    assert segment["ContentType"] == "video/mp2t" and "immutable" in segment["CacheControl"]


def test_playback_goes_through_presigned_urls(video_on_s3, client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer")
    client.force_login(viewer)
    urls = granted_urls(video_on_s3, viewer.pk)
    master = client.get(urls.master_playlist).content.decode()
    variant = next(line for line in master.splitlines() if line.endswith(".m3u8"))
    playlist = client.get(variant).content.decode()
    segment_url = next(line for line in playlist.splitlines() if "seg_00000.ts" in line)
    assert "Signature=" in segment_url
    with urllib.request.urlopen(segment_url) as answer:
        assert answer.status == 200 and answer.read(1) == b"G"  # an MPEG-TS sync byte
    poster = client.get(urls.poster)
    assert poster.status_code == 302 and "Signature=" in poster["Location"]


def test_only_the_granted_videos_files_are_presigned(video_on_s3, client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer")
    client.force_login(viewer)
    token = issue(video_on_s3, viewer.pk)
    outside = granted_url(video_on_s3.source.name, token)
    not_named = granted_url(video_on_s3.output_key("90p/seg_99999.ts"), token)
    without_grant = video_on_s3.poster_url
    assert [client.get(url).status_code for url in (outside, not_named, without_grant)] == [
        404,
        404,
        403,
    ]


def test_a_big_file_goes_up_in_parts(s3_storage, tmp_path):
    client, bucket = s3_storage
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(9 * 1024 * 1024))
    save_file("videos/test/big.bin", path)
    etag = client.head_object(Bucket=bucket, Key="videos/test/big.bin")["ETag"]
    assert etag.strip('"').endswith("-2"), "multipart uploads have an ETag ending in -<parts>"
