import os

import pytest


def pytest_report_header(config) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}; CI={os.environ.get('CI', '')}"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes media into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_demo_recording(settings):
    """seed_demo's generated video takes seconds; only the media tests that need it turn it on."""
    settings.DEMO_RECORDING = False


@pytest.fixture
def course_index(db):
    from courses.demo import site_root

    return site_root()
