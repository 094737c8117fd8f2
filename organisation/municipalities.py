"""Finding a municipality from the way people write it.

Staff lists and URLs name a municipality by its 6-digit code, its 5-digit code, or its name with
or without 東京都, in full- or half-width characters, with ヶ or ケ. Everything that reads a
municipality goes through `MunicipalityDirectory` (many look-ups, one query) or
`find_municipality` (one look-up).
"""

import csv
from pathlib import Path

from django.utils.translation import gettext as _

from common.normalise import lookup_key

from .codes import is_valid_local_government_code
from .models import Municipality

REFERENCE_CSV = Path(__file__).resolve().parent / "data" / "tokyo_municipalities.csv"
PREFECTURE_PREFIX = "東京都"
SMALL_KE_VARIANTS = str.maketrans({"ヶ": "ケ", "ヵ": "ケ"})


class UnknownMunicipality(ValueError):
    """Raised with a message that can be shown to the person who typed the name."""


def normalise(text: str) -> str:
    """Fold width, spaces, case and the ヶ/ケ spellings so that equal names compare equal."""
    return lookup_key(text).translate(SMALL_KE_VARIANTS)


def reference_rows() -> list[dict[str, str]]:
    """The municipalities shipped with the platform (a copy of the shared reference data)."""
    with REFERENCE_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def lookup_keys(municipality: Municipality) -> set[str]:
    keys = {municipality.code, municipality.short_code, normalise(municipality.name)}
    if municipality.code != "130001":
        keys.add(normalise(PREFECTURE_PREFIX + municipality.name))
    if municipality.name_romaji:
        keys.add(normalise(municipality.name_romaji))
    return keys


class MunicipalityDirectory:
    """All municipalities in memory, for resolving many names with one query."""

    def __init__(self, municipalities: list[Municipality] | None = None) -> None:
        if municipalities is None:
            municipalities = list(Municipality.objects.all())
        self._by_key: dict[str, Municipality] = {}
        for municipality in municipalities:
            for key in lookup_keys(municipality):
                self._by_key[key] = municipality

    def resolve(self, text: str) -> Municipality:
        key = normalise(text)
        if not key:
            raise UnknownMunicipality(_("自治体が空欄です。"))
        if key.isdigit():
            if len(key) == 6 and not is_valid_local_government_code(key):
                raise UnknownMunicipality(
                    _("自治体コード「%(code)s」の検査数字が正しくありません。") % {"code": key}
                )
            if len(key) not in (5, 6):
                raise UnknownMunicipality(
                    _("自治体コード「%(code)s」は5桁か6桁で書いてください。") % {"code": key}
                )
        municipality = self._by_key.get(key)
        if municipality is None:
            raise UnknownMunicipality(_("自治体「%(name)s」が見つかりません。") % {"name": text})
        return municipality


def find_municipality(text: str) -> Municipality:
    """The municipality a person means by `text`, or UnknownMunicipality with a clear reason."""
    return MunicipalityDirectory().resolve(text)
