"""Generated talks: slides that change and speech that pauses, made by ffmpeg from nothing.

Tests, the benchmark and the demo use them instead of real recordings, so that the true slide
changes and pauses are known.
"""

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import ffmpeg
from django.conf import settings

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SLIDE_COLOURS = ["0x1d3557", "0xe9c46a", "0x2a9d8f", "0xf1faee", "0x6d597a", "0xf4a261"]


@dataclass
class Talk:
    """A talk of `duration` seconds; slides change at `slide_changes`; silent at `pauses`."""

    duration: float
    width: int = 320
    height: int = 180
    fps: int = 15
    slide_changes: list[float] = field(default_factory=list)
    pauses: list[tuple[float, float]] = field(default_factory=list)
    audio: bool = True
    voice_volume: float = 0.3
    pix_fmt: str = "yuv420p"  # yuv444p allows odd picture sizes, as some screen recorders make


def talk_graph(talk: Talk, path: str | Path, preset: str = "ultrafast"):
    """The ffmpeg graph that renders `talk` into `path` (H.264 + AAC in MP4)."""
    bounds = [0.0, *talk.slide_changes, talk.duration]
    size = f"{talk.width}x{talk.height}"
    font_size = max(10, talk.height // 10)
    slides = []
    for number, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        colour = SLIDE_COLOURS[number % len(SLIDE_COLOURS)]
        slide = ffmpeg.input(
            f"color=c={colour}:s={size}:r={talk.fps}:d={end - start:.3f}", f="lavfi"
        )
        if number % 2:
            # Every other slide has moving detail, as a screen share or a demo would.
            detail = ffmpeg.input(
                f"testsrc2=s={talk.width // 2}x{talk.height // 2}:r={talk.fps}:d={end - start:.3f}",
                f="lavfi",
            )
            slide = slide.overlay(detail, x=talk.width // 4, y=talk.height // 3)
        slide = slide.drawtext(
            text=f"Slide {number + 1}",
            fontfile=FONT,
            fontsize=font_size,
            fontcolor="white",
            x=font_size,
            y=font_size,
        )
        slides.append(slide)
    video = ffmpeg.concat(*slides, v=1, a=0) if len(slides) > 1 else slides[0]
    # The lavfi sources round odd sizes down; the scale keeps the size asked for.
    video = video.filter("scale", talk.width, talk.height)
    streams = [video]
    if talk.audio:
        voice = ffmpeg.input(
            f"sine=f=220:sample_rate=48000:d={talk.duration:.3f}", f="lavfi"
        ).filter("volume", talk.voice_volume)
        breath = ffmpeg.input(f"anoisesrc=c=pink:r=48000:a=0.05:d={talk.duration:.3f}", f="lavfi")
        voice = ffmpeg.filter([voice, breath], "amix", inputs=2, duration="shortest")
        for start, end in talk.pauses:
            voice = voice.filter("volume", 0, enable=f"between(t,{start:.3f},{end:.3f})")
        streams.append(voice)
    return ffmpeg.output(
        *streams,
        str(path),
        vcodec="libx264",
        preset=preset,
        pix_fmt=talk.pix_fmt,
        acodec="aac",
        movflags="+faststart",
        t=f"{talk.duration:.3f}",
    ).global_args("-hide_banner", "-loglevel", "error", "-y")


def make_talk(talk: Talk, path: str | Path, preset: str = "ultrafast") -> Path:
    """Render `talk` into `path` and return the path."""
    command = ffmpeg.compile(talk_graph(talk, path, preset), cmd=settings.FFMPEG_BINARY)
    subprocess.run(command, check=True, capture_output=True)
    return Path(path)


def standard_talk(duration: float = 72.0, width: int = 320, height: int = 180) -> Talk:
    """Four slides with a pause in the speech at each change and one more mid-slide."""
    quarter = duration / 4
    changes = [round(quarter * k, 1) for k in (1, 2, 3)]
    pauses = [(c - 1.0, c + 0.8) for c in changes] + [(quarter * 0.5, quarter * 0.5 + 1.2)]
    return Talk(duration, width, height, slide_changes=changes, pauses=sorted(pauses))
