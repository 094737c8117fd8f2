"""A per-person limit on player beats, so one runaway tab cannot flood the server
(`PROGRESS_RATE_LIMIT` a minute; the window is common.rate_limit's)."""

from django.conf import settings

from common import rate_limit


def seconds_until_allowed(user_id: int, now: float | None = None) -> int:
    """0 when the person may send another beat, else how long to wait."""
    return rate_limit.seconds_until_allowed(
        "progress-beats", user_id, settings.PROGRESS_RATE_LIMIT, now
    )
