import os

import pytest


def pytest_report_header(config) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}; CI={os.environ.get('CI', '')}"


def pytest_collection_modifyitems(items) -> None:
    """Tests that commit (browser tests against the live server) restore the migration data.

    Without it, the flush after such a test re-runs post_migrate, which makes the role groups
    again under new ids, and the next test that restores the serialized data collides with them.
    """
    for item in items:
        if {"live_server", "transactional_db"} & set(item.fixturenames):
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


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
