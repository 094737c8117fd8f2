"""The officer editing a video in the admin previews it through a grant of their own."""

import re

import pytest

from tests.courses.media_layout import lay_out
from tests.factories import officer_user

pytestmark = pytest.mark.django_db


def test_the_edit_page_plays_the_video_to_the_officer_editing_it(client, settings):
    recording, _ = lay_out(settings.MEDIA_ROOT)
    client.force_login(officer_user())
    html = client.get(f"/admin/videos/edit/{recording.pk}/").content.decode()
    master = re.search(r'data-hls="([^"]+)"', html).group(1)
    assert "/media-pipeline/play/" in master
    assert client.get(master).status_code == 200
