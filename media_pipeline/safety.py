"""What ffmpeg and ffprobe may open: the upload, as a plain file, read by a known video demuxer.

A crafted upload can be an HLS playlist, a concat list or a text file naming other files or URLs;
read by the matching demuxer it would make ffmpeg open them. So every run allows only the `file`
protocol and a short list of container demuxers, and names the input as `file:<absolute path>`
so that no part of the name is read as a protocol or an option.
"""

from pathlib import Path

# Containers a camera, a screen recorder or a video editor writes. Not hls, concat, image2,
# *_pipe, tty, lavfi, sdp, ffmetadata...: those read other files or are not videos.
VIDEO_DEMUXERS = ("mov", "matroska", "avi", "mpegts", "mpeg", "flv", "asf", "ogg", "mxf")
PROTOCOLS = "file"


def input_path(path: str | Path) -> str:
    """The input as ffmpeg must see it: an absolute path behind the file protocol."""
    return "file:" + str(Path(path).resolve())


def input_options(demuxer: str | None = None) -> dict:
    """Options placed before `-i` in every run. `demuxer` forces the format found by the probe."""
    options = {
        "protocol_whitelist": PROTOCOLS,
        "format_whitelist": ",".join(VIDEO_DEMUXERS),
    }
    if demuxer:
        if demuxer not in VIDEO_DEMUXERS:
            raise ValueError(f"demuxer {demuxer!r} is not allowed")
        options["f"] = demuxer
    return options


def demuxer_of(format_name: str) -> str | None:
    """ffprobe's `format_name` (e.g. 'mov,mp4,m4a,3gp,3g2,mj2') → the allowed demuxer, or None."""
    names = [name.strip() for name in format_name.split(",")]
    for name in names:
        if name in VIDEO_DEMUXERS:
            return name
    if "webm" in names:
        return "matroska"
    return None
