"""Resumable uploads: chunks appended to a part file, which becomes a video only when complete.

The browser sends the file in chunks, each with the offset it starts at. A chunk that does not
start where the part file ends is refused with the part's size, so an interrupted upload resumes
from what arrived. Until the last chunk no video exists: nothing half-made is ever listed.
"""

import hashlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from .storage import work_dir

COPY_BUFFER = 1024 * 1024


class OffsetMismatch(Exception):
    def __init__(self, received: int):
        super().__init__(received)
        self.received = received


def uploads_dir() -> Path:
    folder = Path(settings.MEDIA_WORK_DIR or tempfile.gettempdir()) / "media-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def part_path(user_id: int, key: str) -> Path:
    """The part file of one user's upload; `key` is the browser's name for the file."""
    digest = hashlib.sha256(f"{user_id}:{key}".encode()).hexdigest()[:40]
    return uploads_dir() / f"{digest}.part"


def received(user_id: int, key: str) -> int:
    path = part_path(user_id, key)
    return path.stat().st_size if path.exists() else 0


def append_chunk(user_id: int, key: str, offset: int, stream, length: int) -> int:
    """Append `length` bytes read from `stream` at `offset`; returns the bytes received so far."""
    path = part_path(user_id, key)
    size = path.stat().st_size if path.exists() else 0
    if offset != size:
        raise OffsetMismatch(size)
    with open(path, "ab") as part:
        remaining = length
        while remaining > 0:
            data = stream.read(min(COPY_BUFFER, remaining))
            if not data:
                break
            part.write(data)
            remaining -= len(data)
    if remaining:
        # The connection broke inside the chunk: keep only whole chunks, the browser resends.
        with open(path, "r+b") as part:
            part.truncate(size)
        raise OffsetMismatch(size)
    return size + length


def discard(user_id: int, key: str) -> None:
    part_path(user_id, key).unlink(missing_ok=True)


def finished_file(user_id: int, key: str, expected_size: int, name: str) -> Path | None:
    """The complete upload, renamed to its own name in a fresh folder; None if incomplete."""
    path = part_path(user_id, key)
    if not path.exists() or path.stat().st_size != expected_size:
        return None
    folder = work_dir("upload")
    target = folder / Path(name).name
    shutil.move(path, target)
    return target
