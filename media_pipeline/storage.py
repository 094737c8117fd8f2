"""Storage through one interface: Django's default storage, a local folder or an S3 bucket.

Files are written once under a fresh folder and never changed, so segments and images are cached
for long; playlists and captions can be replaced by a re-run and are cached briefly.
"""

import mimetypes
import posixpath
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from storages.backends.s3 import S3Storage

CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".vtt": "text/vtt",
    ".jpg": "image/jpeg",
    ".mp4": "video/mp4",
}
for _extension, _type in CONTENT_TYPES.items():
    mimetypes.add_type(_type, _extension)

LONG_CACHE = "private, max-age=31536000, immutable"
SHORT_CACHE = "private, max-age=60"


def content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(name: str) -> str:
    return SHORT_CACHE if name.endswith((".m3u8", ".vtt")) else LONG_CACHE


class MediaS3Storage(S3Storage):
    """S3Storage with the content type and cache header each kind of media file needs."""

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        parameters.setdefault("ContentType", content_type(name))
        parameters.setdefault("CacheControl", cache_control(name))
        return parameters


def storage():
    return default_storage


def is_remote() -> bool:
    """True when files are not on a local disk (S3): playback then goes by presigned URLs."""
    try:
        storage().path("probe")
    except NotImplementedError:
        return True
    return False


def save_file(key: str, path: str | Path) -> str:
    """Store the local file at `key`, streamed (multipart on S3); returns the key."""
    with open(path, "rb") as handle:
        name = storage().save(key, File(handle, name=posixpath.basename(key)))
    if name != key:
        raise RuntimeError(f"storage saved {key} as {name}")
    return name


def write_text(key: str, text: str) -> str:
    if storage().exists(key):
        storage().delete(key)
    return storage().save(key, ContentFile(text.encode("utf-8"), name=posixpath.basename(key)))


def read_text(key: str) -> str:
    with storage().open(key, "rb") as handle:
        return handle.read().decode("utf-8")


def publish_folder(folder: str | Path, prefix: str) -> list[str]:
    """Copy every file of `folder` to storage under `prefix`; playlists last, after their media."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".log")
    files.sort(key=lambda p: p.suffix == ".m3u8")
    return [save_file(posixpath.join(prefix, p.relative_to(folder).as_posix()), p) for p in files]


def delete_prefix(prefix: str) -> None:
    """Remove every stored file under `prefix` (e.g. the outputs of an earlier run)."""
    if not prefix:
        return
    directories, files = storage().listdir(prefix)
    for name in files:
        storage().delete(posixpath.join(prefix, name))
    for name in directories:
        delete_prefix(posixpath.join(prefix, name))


def work_dir(label: str) -> Path:
    """A fresh scratch folder on local disk; the caller removes it."""
    base = settings.MEDIA_WORK_DIR
    if base:
        Path(base).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{label}-", dir=base))


@contextmanager
def local_copy(key: str) -> Iterator[Path]:
    """A local path to the stored file `key`: the file itself on disk, or a download from S3."""
    if not is_remote():
        yield Path(storage().path(key))
        return
    folder = work_dir("source")
    try:
        target = folder / ("source" + Path(key).suffix)
        with storage().open(key, "rb") as remote, open(target, "wb") as local:
            shutil.copyfileobj(remote, local, 8 * 1024 * 1024)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def playback_url(key: str, expire: int | None = None) -> str:
    """A URL the browser can fetch `key` from directly, presigned on S3 for `expire` seconds."""
    if expire is None:
        return storage().url(key)
    return storage().url(key, expire=expire)
