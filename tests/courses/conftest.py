import pytest


@pytest.fixture(autouse=True)
def fresh_beat_counts():
    """The beat limit counts in the cache, which outlives each test's database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
