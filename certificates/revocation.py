"""Revoking a certificate: who may, within which municipalities, and the record of it.

Training officers (permission `certificates.revoke_certificate`) and administrators revoke the
certificates of their officer scope (`organisation.access.officer_scope`); an officer without a
scope revokes nothing. A revoked certificate stays, marked, so its serial is never given again
and the verification page answers "not valid" for it. The lists show no holder's name: officers
see figures, never names (organisation.access); the serial, printed on the certificate, is how
a certificate brought to them is found.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation import audit
from organisation.access import officer_scope

from .models import Certificate


def visible_certificates(user) -> QuerySet[Certificate]:
    """The certificates `user` may list; none for an account without an officer scope."""
    try:
        scope = officer_scope(user)
    except PermissionDenied:
        return Certificate.objects.none()
    return scope.within(Certificate.objects.all())


def may_revoke(user) -> bool:
    return user.is_authenticated and user.has_perm("certificates.revoke_certificate")


def revocable(user, pk: int) -> Certificate | None:
    """The certificate `user` may revoke, or None (not theirs to touch, or no such one)."""
    if not may_revoke(user):
        return None
    return visible_certificates(user).filter(pk=pk).first()


def revoke(certificate: Certificate, by, reason: str) -> bool:
    """Mark the certificate revoked, once; whether this call revoked it."""
    if not reason.strip():
        raise ValueError(_("取り消しの理由を入力してください。"))
    changed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by, revoke_reason=reason.strip()[:200]
    )
    if changed:
        audit.record(by, "certificate.revoke", certificate.serial, reason=reason.strip()[:200])
        certificate.refresh_from_db()
    return bool(changed)
