"""What a test does when a part it needs (ffmpeg, Chromium, a server) cannot be had."""

import os

import pytest


def unavailable(reason: str):
    """Skip with the reason shown; under CI=true the missing part is a failure instead."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)
