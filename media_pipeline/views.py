"""Playback of stored media for signed-in users: playlists rewritten, files served or presigned.

Media is behind the login. Locally every file goes through this route. On S3 the route rewrites
each playlist so that its segments are presigned URLs (fetched from the bucket or its CDN), and
redirects other files to their presigned URL.
"""

import posixpath

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from .storage import cache_control, content_type, is_remote, playback_url, read_text, storage

ROOT = "videos/"


def clean_key(key: str) -> str:
    normal = posixpath.normpath(key)
    if normal != key or not normal.startswith(ROOT) or ".." in normal.split("/"):
        raise Http404
    return normal


def rewrite_playlist(text: str, key: str, remote: bool) -> str:
    """Each URI line of the playlist at `key` → a URL the player can fetch."""
    folder = posixpath.dirname(key)
    lines = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            target = posixpath.normpath(posixpath.join(folder, line))
            if remote and not target.endswith(".m3u8"):
                line = playback_url(target)
            else:
                line = reverse("media_pipeline:stream", args=[target])
        lines.append(line)
    return "\n".join(lines) + "\n"


@require_GET
def stream(request: HttpRequest, key: str) -> HttpResponse:
    key = clean_key(key)
    if not storage().exists(key):
        raise Http404
    remote = is_remote()
    if key.endswith(".m3u8"):
        response = HttpResponse(
            rewrite_playlist(read_text(key), key, remote), content_type=content_type(key)
        )
    elif remote:
        return redirect(playback_url(key))
    else:
        response = FileResponse(storage().open(key, "rb"), content_type=content_type(key))
    response["Cache-Control"] = cache_control(key)
    return response
