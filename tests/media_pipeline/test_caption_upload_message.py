"""After a caption upload the officer is told once that the captions were stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import officer_user

from .conftest import CAPTIONS_SRT, upload


@pytest.mark.django_db
def test_the_caption_upload_is_confirmed_once(client, tmp_path):
    source = tmp_path / "a.mp4"
    source.write_bytes(b"x")
    video = upload(source)
    client.force_login(officer_user())
    response = client.post(
        reverse("media_pipeline_videos:captions", args=[video.pk]),
        {"captions": SimpleUploadedFile("c.srt", CAPTIONS_SRT.encode())},
        follow=True,
    )
    assert response.status_code == 200
    assert response.content.decode().count("字幕を登録しました。") == 1


@pytest.mark.media
@pytest.mark.django_db
def test_captions_for_a_cut_recording_are_confirmed_once(client, videos, media_settings):
    from media_pipeline.models import VideoAsset
    from media_pipeline.samples import Talk, make_talk
    from media_pipeline.tasks import process_in_background

    video = upload(make_talk(Talk(6, 160, 90), videos / "caption-message.mp4"))
    process_in_background(video)
    video.refresh_from_db()
    assert video.status == VideoAsset.Status.READY
    client.force_login(officer_user())
    response = client.post(
        reverse("media_pipeline_videos:captions", args=[video.pk]),
        {"captions": SimpleUploadedFile("c.srt", CAPTIONS_SRT.encode())},
        follow=True,
    )
    assert response.content.decode().count("字幕を登録しました。") == 1


@pytest.mark.browser
def test_in_the_browser_the_caption_upload_is_confirmed_once(
    browser, live_server, transactional_db, client, tmp_path
):
    source = tmp_path / "a.mp4"
    source.write_bytes(b"x")
    video = upload(source)
    captions = tmp_path / "c.srt"
    captions.write_text(CAPTIONS_SRT)
    client.force_login(officer_user())
    context = browser.new_context(locale="ja-JP")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('media_pipeline_videos:edit', args=[video.pk])}")
    page.locator("#captions-file").set_input_files(str(captions))
    page.get_by_role("button", name="字幕を登録", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert page.get_by_text("字幕を登録しました。").count() == 1
