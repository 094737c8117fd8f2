"""What a player may fetch for one ready video: the files its playlists, storyboard and fields name.

The stream route serves a file only when it is in this set for the video the person's grant names.
A clip's playlists name only its own chapter's segments of the recording, so counting segment
numbers on past the clip's end, or reading the recording's folder, finds nothing. The set is read
from the stored playlists once and cached; saving the video forgets it.
"""

import posixpath
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from . import hls
from .captions import BadCaptions, read_captions
from .models import VideoAsset
from .storage import read_text, storage

ROOT = "videos/"
FILES_SECONDS = 300
# Master → media playlists; deeper nesting is not HLS.
PLAYLIST_DEPTH = 2


@dataclass(frozen=True)
class PlayableFiles:
    keys: frozenset[str]
    storyboard: str  # the storyboard's WebVTT index, whose cues name images


NOTHING = PlayableFiles(frozenset(), "")


def resolve(base_key: str, uri: str) -> str | None:
    """The storage key a URI relative to the file `base_key` names; None if it leaves the media."""
    if "://" in uri or uri.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(base_key), uri))
    if not target.startswith(ROOT) or ".." in target.split("/"):
        return None
    return target


def playlist_files(key: str, depth: int = 0) -> set[str]:
    """The playlist `key` and everything it names, following media playlists."""
    files = {key}
    if not storage().exists(key):
        return files
    for uri in hls.uris(read_text(key)):
        target = resolve(key, uri)
        if target is None:
            continue
        if target.endswith(".m3u8") and depth < PLAYLIST_DEPTH:
            files |= playlist_files(target, depth + 1)
        elif not target.endswith(".m3u8"):
            files.add(target)
    return files


def storyboard_images(key: str) -> set[str]:
    if not storage().exists(key):
        return set()
    try:
        cues = read_captions(read_text(key))
    except BadCaptions:
        return set()
    images = set()
    for cue in cues:
        target = resolve(key, cue.text.split("#", 1)[0])
        if target is not None:
            images.add(target)
    return images


def files_of(video: VideoAsset) -> PlayableFiles:
    keys = set()
    if video.master_playlist_key:
        keys |= playlist_files(video.master_playlist_key)
    keys |= {key for key in (video.poster, video.captions) if key}
    if video.storyboard:
        keys.add(video.storyboard)
        keys |= storyboard_images(video.storyboard)
    return PlayableFiles(frozenset(keys), video.storyboard)


def cache_key(video_id: int) -> str:
    return f"media-files:{video_id}"


def playable_files(video_id: int) -> PlayableFiles:
    """The files of the ready video `video_id`; none while it is not ready."""
    files = cache.get(cache_key(video_id))
    if files is None:
        video = VideoAsset.objects.filter(pk=video_id, status=VideoAsset.Status.READY).first()
        files = files_of(video) if video is not None else NOTHING
        cache.set(cache_key(video_id), files, FILES_SECONDS)
    return files


def forget_playable_files(sender=None, instance=None, **kwargs) -> None:
    """Signal receiver: a video changed, so the files it may serve may have changed.

    Forgotten again once the change is committed, lest a request in between cache the old set.
    """
    if instance is not None:
        key = cache_key(instance.pk)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
