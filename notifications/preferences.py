"""What each person chose to receive: per kind, by mail and on the site (both on by default)."""

from collections.abc import Iterable

from django.db import transaction

from .kinds import all_kinds
from .models import Preference


def choices_for(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], tuple]:
    """{(user_id, kind): (by_mail, on_site)} for the rows that exist; absent means both on."""
    return {
        (user_id, kind): (by_mail, on_site)
        for user_id, kind, by_mail, on_site in Preference.objects.filter(
            user_id__in=list(user_ids), kind__in=list(kinds)
        ).values_list("user_id", "kind", "by_mail", "on_site")
    }


def choice(user, kind: str) -> tuple[bool, bool]:
    return choices_for([user.pk], [kind]).get((user.pk, kind), (True, True))


def settings_of(user) -> list[dict]:
    """Every registered kind with the person's choice: what the settings page shows."""
    codes = [kind.code for kind in all_kinds()]
    chosen = choices_for([user.pk], codes)
    return [
        {
            "kind": kind,
            "by_mail": chosen.get((user.pk, kind.code), (True, True))[0],
            "on_site": chosen.get((user.pk, kind.code), (True, True))[1],
        }
        for kind in all_kinds()
    ]


@transaction.atomic
def choose(user, kind: str, *, by_mail: bool | None = None, on_site: bool | None = None) -> None:
    """Record a choice; None leaves that channel as it is."""
    row, _created = Preference.objects.select_for_update().get_or_create(user=user, kind=kind)
    if by_mail is not None:
        row.by_mail = by_mail
    if on_site is not None:
        row.on_site = on_site
    row.save()
