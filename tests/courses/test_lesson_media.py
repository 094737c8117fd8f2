"""Media goes only to someone who may watch a lesson that uses it (issue 12, finding 3).

The stream route serves a file only with a grant, issued by courses/access.py to the person who
may view the lesson, for the lesson's clip; and only files that clip's playlists name.
"""

import re
from importlib import reload

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import clear_url_caches, reverse
from wagtail.models import PageViewRestriction

from courses.access import media_for
from media_pipeline import grants
from tests.courses.media_layout import CLIP_SEGMENTS, RECORDING, SOURCE, lay_out, segment_name
from tests.factories import make_course, make_lesson, officer_user, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def videos(settings):
    return lay_out(settings.MEDIA_ROOT)


@pytest.fixture
def lesson(course_index, videos):
    return make_lesson(make_course(course_index), video=videos[1], duration=12)


def stream_url(key: str, token: str | None = None) -> str:
    if token:
        return grants.granted_url(key, token)
    return reverse("media_pipeline:stream", args=[key])


def player_src(html: str) -> str:
    return re.search(r'data-src="([^"]+)"', html).group(1)


def uri_lines(playlist: str) -> list[str]:
    return [line for line in playlist.splitlines() if line and not line.startswith("#")]


def media_request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    return request


def test_the_viewer_plays_the_lesson_through_the_urls_granted_on_its_page(client, lesson):
    client.force_login(staff_user())
    master = client.get(player_src(client.get(lesson.url).content.decode()))
    assert master.status_code == 200
    playlist = client.get(uri_lines(master.content.decode())[0])
    segments = uri_lines(playlist.content.decode())
    assert [client.get(url).status_code for url in segments] == [200, 200, 200]
    assert [url.rsplit("/", 1)[1] for url in segments] == [segment_name(n) for n in CLIP_SEGMENTS]


def test_a_media_url_without_a_grant_is_refused(client, lesson, videos):
    client.force_login(staff_user())
    clip = videos[1]
    for key in (clip.master_playlist_key, clip.poster, clip.storyboard, clip.captions):
        assert client.get(stream_url(key)).status_code == 403


def test_another_persons_grant_is_refused(client, lesson, videos):
    token = grants.issue(videos[1], staff_user().pk)
    client.force_login(staff_user())
    assert client.get(stream_url(videos[1].master_playlist_key, token)).status_code == 403


def test_an_expired_grant_is_refused(client, lesson, videos, settings):
    viewer = staff_user()
    settings.MEDIA_GRANT_SECONDS = -3600
    token = grants.issue(videos[1], viewer.pk)
    client.force_login(viewer)
    assert client.get(stream_url(videos[1].master_playlist_key, token)).status_code == 403


def test_a_forged_grant_is_refused(client, lesson, videos):
    viewer = staff_user()
    token = grants.issue(videos[1], viewer.pk)
    client.force_login(viewer)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(stream_url(videos[1].master_playlist_key, forged)).status_code == 403


def test_counting_segment_numbers_past_the_clips_end_is_refused(client, lesson, videos):
    viewer = staff_user()
    token = grants.issue(videos[1], viewer.pk)
    client.force_login(viewer)
    inside = stream_url(f"{RECORDING}/90p/{segment_name(CLIP_SEGMENTS[-1])}", token)
    assert client.get(inside).status_code == 200
    for n in (0, CLIP_SEGMENTS[0] - 1, CLIP_SEGMENTS[-1] + 1, 9):
        outside = stream_url(f"{RECORDING}/90p/{segment_name(n)}", token)
        assert client.get(outside).status_code == 404


def test_a_clips_grant_opens_nothing_else_of_its_recording(client, lesson, videos):
    recording = videos[0]
    viewer = staff_user()
    token = grants.issue(videos[1], viewer.pk)
    client.force_login(viewer)
    for key in (recording.master_playlist_key, f"{RECORDING}/90p/index.m3u8", recording.poster):
        assert client.get(stream_url(key, token)).status_code == 404


def test_a_lesson_restricted_to_another_group_gets_no_grant_and_its_media_is_refused(
    client, lesson, videos
):
    restriction = PageViewRestriction.objects.create(page=lesson, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="人事"))
    outsider = staff_user()
    assert media_for(media_request(outsider), lesson) is None
    client.force_login(outsider)
    assert client.get(stream_url(videos[1].master_playlist_key)).status_code == 403


def test_an_unpublished_lessons_media_is_refused_to_staff_but_previewed_by_its_officer(
    client, lesson, videos
):
    lesson.unpublish()
    lesson.refresh_from_db()
    staff = staff_user()
    assert media_for(media_request(staff), lesson) is None
    client.force_login(staff)
    assert client.get(stream_url(videos[1].master_playlist_key)).status_code == 403
    assert media_for(media_request(officer_user()), lesson) is not None


def test_the_storyboard_names_its_images_with_the_grant(client, lesson, videos):
    viewer = staff_user()
    token = grants.issue(videos[1], viewer.pk)
    client.force_login(viewer)
    index = client.get(stream_url(videos[1].storyboard, token)).content.decode()
    image = next(line for line in index.splitlines() if "#xywh=" in line)
    assert image.endswith("#xywh=80,0,80,45")
    assert client.get(image.split("#")[0]).status_code == 200


def test_a_grant_does_not_open_the_bare_address_of_its_files(client, lesson, videos):
    viewer = staff_user()
    urls = grants.granted_urls(videos[1], viewer.pk)
    client.force_login(viewer)
    assert client.get(urls.master_playlist).status_code == 200
    assert client.get(videos[1].master_playlist_url).status_code == 403


def test_no_route_serves_the_uploaded_source(client, lesson, videos):
    viewer = staff_user()
    token = grants.issue(videos[1], viewer.pk)
    client.force_login(viewer)
    assert client.get(stream_url(SOURCE, token)).status_code == 404
    assert client.get(f"/media/{SOURCE}").status_code == 404


def test_debug_serves_no_media_folder(client, lesson, settings):
    import lms.urls

    settings.DEBUG = True
    try:
        reload(lms.urls)
        clear_url_caches()
        client.force_login(staff_user())
        assert client.get(f"/media/{SOURCE}").status_code == 404
        assert client.get(f"/media/{RECORDING}/master.m3u8").status_code == 404
    finally:
        settings.DEBUG = False
        reload(lms.urls)
        clear_url_caches()
