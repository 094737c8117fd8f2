"""A per-person limit on player beats, so one runaway tab cannot flood the server.

A fixed one-minute window counted in Django's cache. With the default local-memory cache each
gunicorn worker counts on its own, so the effective limit is the setting times the workers; a
shared cache (Redis in CACHES) makes it exact across processes and machines.
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def seconds_until_allowed(user_id: int, now: float | None = None) -> int:
    """0 when the person may send another beat, else how long to wait."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"progress-beats:{user_id}:{window}"
    if cache.add(key, 1, WINDOW_SECONDS + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS + 5)
            count = 1
    if count <= settings.PROGRESS_RATE_LIMIT:
        return 0
    return int((window + 1) * WINDOW_SECONDS - now) + 1
