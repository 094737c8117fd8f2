"""The kinds of notice people may choose to receive, registered by the apps that send them.

An app registers its kinds once, in its AppConfig.ready(); the settings page (/notices/settings/)
lists them in the order registered. A kind nobody registered is still delivered (both channels
on), so a message is never lost to a missing registration.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    description: str | Promise = ""


_KINDS: dict[str, Kind] = {}


def register(code: str, label: str | Promise, description: str | Promise = "") -> Kind:
    kind = Kind(code=code, label=label, description=description)
    _KINDS[code] = kind
    return kind


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def get(code: str) -> Kind | None:
    return _KINDS.get(code)
