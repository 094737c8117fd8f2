"""The public verification page's answer, and the limit on how often one address may ask.

The page says only whether a certificate is valid. An unknown token and a revoked certificate
get the same answer, so the page cannot be used to learn that a token was ever issued, and
nothing about the holder or the course is ever shown. Tokens are 192 random bits, so guessing
is hopeless anyway; the per-address limit keeps the page cheap to serve under a flood.
"""

from django.conf import settings

from common import rate_limit

from .models import Certificate


def is_valid(token: str) -> bool:
    """Whether `token` belongs to a certificate that has not been revoked (one indexed query)."""
    if not token or len(token) > Certificate._meta.get_field("token").max_length:
        return False
    return Certificate.objects.filter(token=token, revoked_at__isnull=True).exists()


def seconds_until_allowed(address: str, now: float | None = None) -> int:
    """0 when `address` may look up another certificate this minute, else how long to wait."""
    return rate_limit.seconds_until_allowed(
        "certificate-verify", address, settings.CERTIFICATE_VERIFY_RATE_LIMIT, now
    )
