"""The signed unsubscribe link in every mail: it stops one kind of mail for one person, without
signing in (RFC 8058 one-click, and a confirmation page for people who open the link).

The token is the person's id and the kind, signed with SECRET_KEY under this module's salt: it
cannot be made for another person or another kind without the key, and a changed character
makes it invalid. It does not expire, as the mails it sits in do not; it only ever turns mail
off, and the page it opens shows neither the person's name nor their address.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from . import preferences

SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscription:
    user_id: int
    kind: str


def token_for(user_id: int, kind: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"u": user_id, "k": kind}, compress=True)


def url_for(user_id: int, kind: str) -> str:
    """The absolute address put in the mail (SITE_URL + path)."""
    path = reverse("notices_unsubscribe", args=[token_for(user_id, kind)])
    return settings.SITE_URL.rstrip("/") + path


def read(token: str) -> Unsubscription | None:
    """What a token stands for; None for a forged, altered or foreign token."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, dict):
        return None
    user_id, kind = value.get("u"), value.get("k")
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return Unsubscription(user_id=user_id, kind=kind)


def unsubscribe(unsubscription: Unsubscription) -> bool:
    """Turn that kind of mail off for that person; False when the account no longer exists."""
    user = get_user_model().objects.filter(pk=unsubscription.user_id).first()
    if user is None:
        return False
    preferences.choose(user, unsubscription.kind, by_mail=False)
    return True
