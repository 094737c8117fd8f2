"""Grants: a short-lived, signed permission for one signed-in person to play one video's files.

The pipeline knows no lessons or people. Whoever decides that someone may watch a video (courses,
for a lesson; the video admin, for the officer editing it) issues a grant for that person and that
video; the stream route then serves that person only the files of that video, until it expires.
The grant travels in the path of every URL the player fetches (`play/<grant>/<key>`), so that
URIs relative to a playlist or a storyboard keep it.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import VideoAsset

SALT = "media_pipeline.grant"


class BadGrant(Exception):
    """Missing, forged, expired, or issued to someone else."""


@dataclass(frozen=True)
class Grant:
    token: str
    video_id: int
    user_id: int
    expires: int  # Unix time

    @property
    def seconds_left(self) -> int:
        return max(0, self.expires - int(time.time()))


def lifetime(video: VideoAsset) -> int:
    """Long enough to watch the whole video slowly, with pauses; short enough to go stale soon."""
    return settings.MEDIA_GRANT_SECONDS + 2 * math.ceil(video.duration or 0)


def issue(video: VideoAsset, user_id: int) -> str:
    expires = int(time.time()) + lifetime(video)
    return signing.dumps([video.pk, user_id, expires], salt=SALT, compress=False)


def read(token: str, user_id: int | None) -> Grant:
    """The grant `token` carries, if it is genuine, unexpired and issued to `user_id`."""
    try:
        video_id, owner, expires = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise BadGrant from error
    if user_id is None or owner != user_id or expires <= time.time():
        raise BadGrant
    return Grant(token, int(video_id), int(owner), int(expires))


def granted_url(key: str, token: str) -> str:
    """The URL the holder of `token` fetches the stored file `key` by; "" for no file."""
    return reverse("media_pipeline:play", args=[token, key]) if key else ""


@dataclass(frozen=True)
class GrantedUrls:
    """The URLs a player fetches a ready video by, each carrying the grant."""

    master_playlist: str
    poster: str
    storyboard: str
    captions: str


def granted_urls(video: VideoAsset, user_id: int) -> GrantedUrls | None:
    """Issue a grant to `user_id` for `video` and return its URLs; None while it is not ready."""
    if not video.is_ready or not video.master_playlist_key:
        return None
    token = issue(video, user_id)
    return GrantedUrls(
        master_playlist=granted_url(video.master_playlist_key, token),
        poster=granted_url(video.poster, token),
        storyboard=granted_url(video.storyboard, token),
        captions=granted_url(video.captions, token),
    )
