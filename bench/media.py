"""Media pipeline figures on a generated 1080p talk (BENCH_MEDIA_SECONDS long, default 60 s).

- media_pipeline_realtime: the whole pipeline (probe, ladder + storyboard + analysis, poster,
  chapters, clips) in multiples of realtime; baseline: the same ffmpeg graph run bare.
- media_ladder_one_run: CPU seconds of the one-run ladder against one ffmpeg run per rendition.
- media_transcode_overhead: CPU seconds of the transcode step (progress, cancellation checks, master
  playlist, publishing) against the bare ffmpeg command it runs.
- media_clips: seconds to make every chapter's clip (goal: 100× realtime); baseline: remuxing
  each chapter with `ffmpeg -c copy`.
A 10-minute talk (BENCH_MEDIA_SECONDS=600) takes tens of minutes on two shared cores.
"""

import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import ffmpeg
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from media_pipeline import pipeline
from media_pipeline.ingest import create_video
from media_pipeline.probe import probe
from media_pipeline.samples import Talk, make_talk
from media_pipeline.transcode import (
    ladder_graph,
    parse_ladder,
    plan_ladder,
    plan_storyboard,
    rendition_graph,
)

from .common import figure


def cpu_seconds() -> float:
    """CPU time used so far by this process and the ffmpeg processes it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Wall and CPU seconds of a block. On a shared machine the CPU time is the steadier
    measure of work done; the wall time is what a viewer of the admin waits."""

    def __enter__(self):
        self.wall, self.cpu = time.monotonic(), cpu_seconds()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.monotonic() - self.wall, cpu_seconds() - self.cpu


def timed(command: list[str]) -> Clock:
    with Clock() as clock:
        subprocess.run(command, check=True, capture_output=True)
    return clock


def fresh(folder: Path, names: list[str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    for name in names:
        (folder / name).mkdir(parents=True)
    return folder


def run() -> dict:
    seconds = float(os.environ.get("BENCH_MEDIA_SECONDS", "60"))
    work = Path(tempfile.mkdtemp(prefix="bench-media-"))
    try:
        changes = [round(seconds * k / 5, 1) for k in range(1, 5)]
        talk = Talk(
            seconds,
            1920,
            1080,
            fps=25,
            slide_changes=changes,
            pauses=[(c - 1, c + 1) for c in changes],
        )
        # Encoded as a camera or a meeting tool would (CABAC, B-frames), not the cheapest way:
        # decoding it is part of the work a real recording costs.
        source = make_talk(talk, work / "talk.mp4", preset="veryfast")
        result = probe(source)
        rungs = plan_ladder(result.width, result.height, parse_ladder(settings.MEDIA_LADDER))
        names = [r.name for r in rungs]
        ffmpeg_cmd = settings.FFMPEG_BINARY

        ladder_only = ladder_graph(source, result, rungs, work / "one", analyse=False)
        one_run = timed(ffmpeg.compile(ladder_only, cmd=ffmpeg_cmd)).cpu
        fresh(work / "one", [])
        per_rendition = 0.0
        for rung in rungs:
            out = fresh(work / f"r-{rung.name}", [rung.name])
            per_rendition += timed(
                ffmpeg.compile(rendition_graph(source, result, rung, out), cmd=ffmpeg_cmd)
            ).cpu

        board = plan_storyboard(result.width, result.height, result.duration)
        call_command("migrate", verbosity=0)
        # Bare ffmpeg and the pipeline's step alternate, twice, and the best of each counts.
        bare, transcode, whole, clips = [], [], [], []
        chapters = []
        for _attempt in range(2):
            bare_out = fresh(work / "bare", [*names, "storyboard"])
            full = ladder_graph(source, result, rungs, bare_out, storyboard=board)
            bare.append(timed(ffmpeg.compile(full, cmd=ffmpeg_cmd)))
            with override_settings(
                MEDIA_ROOT=work / "media",
                MEDIA_WORK_DIR=str(work / "scratch"),
                MEDIA_CHAPTER_MIN_SECONDS=seconds / 8,
                MEDIA_CHAPTER_MAX_SECONDS=seconds / 3,
            ):
                video = create_video(source, title="bench", chapter_mode="auto")
                with Clock() as everything:
                    pipeline.probe_step(video)
                    with Clock() as step:
                        pipeline.transcode_step(video)
                    transcode.append(step)
                    with Clock() as step:
                        pipeline.clips_step(video)
                    clips.append(step)
                whole.append(everything)
                chapters = [(c.start, c.end) for c in video.chapters.all()]
                video.delete()
        remux = 0.0
        for number, (start, end) in enumerate(chapters):
            remux += timed(
                [
                    ffmpeg_cmd,
                    "-v",
                    "error",
                    "-y",
                    "-ss",
                    str(start),
                    "-i",
                    str(source),
                    "-t",
                    str(end - start),
                    "-c",
                    "copy",
                    str(work / f"chapter{number}.mp4"),
                ]
            ).wall
    finally:
        shutil.rmtree(work, ignore_errors=True)
    label = f"{seconds:g} s 1080p talk, {len(rungs)} renditions, {len(chapters)} chapters"
    return {
        "media_pipeline_realtime": figure(
            seconds / min(c.wall for c in whole),
            "× realtime",
            seconds / min(c.wall for c in bare),
            f"report; baseline: bare ffmpeg's realtime factor, wall clock ({label})",
        ),
        "media_ladder_one_run": figure(
            one_run,
            "CPU s",
            per_rendition,
            "ratio ≥ 1.5 (baseline: one ffmpeg run per rendition)",
        ),
        "media_transcode_overhead": figure(
            min(c.cpu for c in transcode),
            "CPU s",
            min(c.cpu for c in bare),
            "value ≤ 1.10 × baseline (bare ffmpeg, same graph)",
        ),
        "media_clips": figure(
            min(c.wall for c in clips),
            "s",
            remux,
            f"{seconds:g} s / value ≥ 100 (realtime); baseline: remuxing each chapter",
        ),
    }
