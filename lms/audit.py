"""The audit log: every view of individual data and every export is written here."""

from django.contrib.auth.models import AbstractBaseUser

from .models import AuditLog


def record(user: AbstractBaseUser | None, action: str, target: str, **detail) -> AuditLog:
    """Write one entry; `detail` must be JSON-serialisable (filters, row counts, formats)."""
    actor = user if user is not None and user.is_authenticated else None
    return AuditLog.objects.create(user=actor, action=action, target=str(target), detail=detail)
