"""Running an ffmpeg graph: progress from `-progress`, cancellation, the log kept for reading."""

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import ffmpeg
from django.conf import settings

from .transcode import progress_seconds


class Cancelled(Exception):
    """The officer cancelled the job while ffmpeg was running."""


class FfmpegFailed(Exception):
    def __init__(self, returncode: int, log_tail: str):
        super().__init__(f"ffmpeg exited with {returncode}: {log_tail}")
        self.log_tail = log_tail


def run_graph(
    graph,
    log_path: str | Path,
    duration: float,
    on_progress: Callable[[float], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    report_every: float = 1.0,
) -> str:
    """Run `graph`, report percent done at most every `report_every` s, return the log text.

    `should_cancel` is asked at each report; when it answers True ffmpeg is stopped and Cancelled
    raised. Output folders named in the graph are made first.
    """
    command = ffmpeg.compile(graph, cmd=settings.FFMPEG_BINARY)
    log_path = Path(log_path)
    last_report = 0.0
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log
        )
        try:
            for raw in process.stdout:
                seconds = progress_seconds(raw.decode("ascii", "replace").strip())
                if seconds is None or time.monotonic() - last_report < report_every:
                    continue
                last_report = time.monotonic()
                if should_cancel and should_cancel():
                    process.terminate()
                    process.wait(timeout=30)
                    raise Cancelled()
                if on_progress and duration:
                    on_progress(min(99.0, 100.0 * seconds / duration))
            returncode = process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    text = log_path.read_text(errors="replace")
    if returncode != 0:
        raise FfmpegFailed(returncode, text[-2000:])
    return text
