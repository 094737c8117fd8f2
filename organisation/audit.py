"""The audit log: one line per act on personal data, e.g. an export of staff records."""

from .models import AuditLog


def record(user, action: str, target: str = "", **detail) -> AuditLog:
    """Log that `user` (None for a command run on the server) did `action` to `target`.

    `detail` must be JSON-serialisable; actions are dotted words such as "roster.export".
    """
    if user is not None and not user.is_authenticated:
        user = None
    return AuditLog.objects.create(user=user, action=action, target=target[:200], detail=detail)
