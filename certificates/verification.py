"""The public verification page's answer, and the limit on how often one address may ask.

The page says only whether a certificate is valid. An unknown token and a revoked certificate
get the same answer, so the page cannot be used to learn that a token was ever issued, and
nothing about the holder or the course is ever shown. Tokens are 192 random bits, so guessing
is hopeless anyway; the per-address limit keeps the page cheap to serve under a flood.
"""

import time

from django.conf import settings
from django.core.cache import cache

from .models import Certificate

WINDOW_SECONDS = 60


def is_valid(token: str) -> bool:
    """Whether `token` belongs to a certificate that has not been revoked (one indexed query)."""
    if not token or len(token) > Certificate._meta.get_field("token").max_length:
        return False
    return Certificate.objects.filter(token=token, revoked_at__isnull=True).exists()


def seconds_until_allowed(address: str, now: float | None = None) -> int:
    """0 when `address` may look up another certificate this minute, else how long to wait."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"certificate-verify:{address}:{window}"
    if cache.add(key, 1, WINDOW_SECONDS + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS + 5)
            count = 1
    if count <= settings.CERTIFICATE_VERIFY_RATE_LIMIT:
        return 0
    return int((window + 1) * WINDOW_SECONDS - now) + 1
