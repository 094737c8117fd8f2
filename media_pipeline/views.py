"""Playback of stored media: only the files of the video a person holds a grant for.

The route `stream/<key>` (the address the models and ingest_video report) serves nothing: a
player fetches `play/<grant>/<key>`.

Every request carries a grant (grants.py) issued to the signed-in person for one video; the route
serves a file only if that video's playlists, storyboard or fields name it (playable.py). Playlists
and the storyboard index are rewritten so that each file they name is fetched with the same grant:
through this route on local storage, or by a presigned URL that expires with the grant on S3.
Nothing else under the media root (uploaded sources, other videos) is reachable.
"""

import posixpath

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from . import grants, hls
from .playable import ROOT, PlayableFiles, playable_files, resolve
from .storage import cache_control, content_type, is_remote, playback_url, read_text, storage
from .storyboard import relink_storyboard


def clean_key(key: str) -> str:
    normal = posixpath.normpath(key)
    if normal != key or not normal.startswith(ROOT) or ".." in normal.split("/"):
        raise Http404
    return normal


class Linker:
    """Turns a URI named by the file at `base` into a URL the player can fetch with its grant."""

    def __init__(self, base: str, grant: grants.Grant, files: PlayableFiles, remote: bool):
        self.base, self.grant, self.files, self.remote = base, grant, files, remote

    def __call__(self, uri: str) -> str:
        target = resolve(self.base, uri)
        if target is None or target not in self.files.keys:
            return uri
        if self.remote and not target.endswith(".m3u8"):
            return playback_url(target, expire=self.grant.seconds_left)
        return grants.granted_url(target, self.grant.token)


@require_GET
def stream(request: HttpRequest, key: str, token: str = "") -> HttpResponse:
    key = clean_key(key)
    try:
        grant = grants.read(token, request.user.pk)
    except grants.BadGrant as refusal:
        raise PermissionDenied from refusal
    files = playable_files(grant.video_id)
    if key not in files.keys or not storage().exists(key):
        raise Http404
    remote = is_remote()
    link = Linker(key, grant, files, remote)
    if key.endswith(".m3u8"):
        response = HttpResponse(hls.relink(read_text(key), link), content_type=content_type(key))
    elif key == files.storyboard:
        response = HttpResponse(
            relink_storyboard(read_text(key), link), content_type=content_type(key)
        )
    elif remote:
        return redirect(playback_url(key, expire=grant.seconds_left))
    else:
        response = FileResponse(storage().open(key, "rb"), content_type=content_type(key))
    response["Cache-Control"] = cache_control(key)
    return response
