"""A fixed one-minute window counted in Django's cache: how often one caller may do one thing.

With the default local-memory cache each worker process counts on its own, so the effective
limit is the limit times the workers; a shared cache (Redis in CACHES) makes it exact across
processes and machines.
"""

import time

from django.core.cache import cache

WINDOW_SECONDS = 60


def seconds_until_allowed(action: str, caller: object, limit: int, now: float | None = None) -> int:
    """0 when `caller` may do `action` once more this minute (and counts it), else how many
    seconds until the next window opens."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"{action}:{caller}:{window}"
    if cache.add(key, 1, WINDOW_SECONDS + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS + 5)
            count = 1
    if count <= limit:
        return 0
    return int((window + 1) * WINDOW_SECONDS - now) + 1
