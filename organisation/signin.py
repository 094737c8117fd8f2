"""The rules of a sign-in after the password: the second factor, the idle timeout, the lifetime.

Throttling and lockout of wrong passwords are django-axes' (settings AXES_*); this module decides
who must give a one-time code (TOTP, django-otp), when a quiet session ends, and what the ASGI
beat lane may accept without Django's full stack (session_settled).
"""

import time
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from .roles import ADMINISTRATOR, HR_ANALYST, user_roles

# The roles that see other people's records; REQUIRE_2FA_FOR_PRIVILEGED makes them give a code.
PRIVILEGED_ROLES = frozenset({HR_ANALYST, ADMINISTRATOR})
# Session keys: whether this sign-in owes a one-time code, and when the person was last seen
# (seconds since the epoch). Both are written by Django's stack and read by the beat lane too.
SECOND_FACTOR_DUE = "lms_second_factor_due"
LAST_SEEN = "lms_last_seen"
# The last-seen time is written again only when older than this, not on every request.
LAST_SEEN_GRANULARITY = 60


def second_factor_required(user) -> bool:
    """Whether this user may not go on without a second factor, enrolled or not."""
    return settings.REQUIRE_2FA_FOR_PRIVILEGED and bool(user_roles(user) & PRIVILEGED_ROLES)


def second_factor_due(user) -> bool:
    """Whether this user gives a one-time code after the password: anyone who enrolled a device,
    and HR analysts and administrators when the setting requires it."""
    return second_factor_required(user) or user_has_device(user, confirmed=True)


def second_factor_pending(request: HttpRequest) -> bool:
    """A signed-in request whose session still owes its one-time code.

    The answer is kept in the session; with the requirement on it is asked again while owed
    nothing, so that a role granted during a sign-in takes effect at the next page.
    """
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    due = request.session.get(SECOND_FACTOR_DUE)
    if due is None or (not due and settings.REQUIRE_2FA_FOR_PRIVILEGED):
        fresh = second_factor_due(user)
        if fresh != due:
            request.session[SECOND_FACTOR_DUE] = fresh
        due = fresh
    return due


def start_session(request: HttpRequest, user) -> None:
    """At sign-in: the session ends SESSION_COOKIE_AGE from now however active it is (a fixed
    expiry date, not Django's sliding one), and records what the sign-in still owes."""
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    request.session[LAST_SEEN] = int(time.time())
    request.session[SECOND_FACTOR_DUE] = second_factor_due(user)


def idle_too_long(session_data, now: float) -> bool:
    """A session unused for SESSION_IDLE_TIMEOUT seconds; one that never recorded a time is
    treated as just seen (the middleware records it)."""
    last_seen = session_data.get(LAST_SEEN)
    return last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT


def note_activity(session, now: float) -> None:
    last_seen = session.get(LAST_SEEN)
    if last_seen is None or now - last_seen >= LAST_SEEN_GRANULARITY:
        session[LAST_SEEN] = int(now)


def session_settled(session_data: dict, now: float) -> bool:
    """Whether a decoded session may be accepted without Django's full stack (the beat lane):
    not idle too long, and owing no one-time code. Anything else Django decides, and ends."""
    if LAST_SEEN not in session_data or idle_too_long(session_data, now):
        return False
    if DEVICE_ID_SESSION_KEY in session_data:
        return True
    return session_data.get(SECOND_FACTOR_DUE) is False


def client_address(request: HttpRequest) -> str | None:
    """The address wrong passwords are counted against (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind the TLS proxy every request comes from the proxy; the proxy appends the client's
    address as the last entry of X-Forwarded-For, and only that entry is the proxy's word
    (anything before it the client may have sent itself).
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")
