import pytest

from organisation.models import Municipality
from organisation.municipalities import (
    MunicipalityDirectory,
    UnknownMunicipality,
    find_municipality,
)

pytestmark = pytest.mark.django_db


def test_migration_loads_the_metropolitan_government_and_all_62_municipalities():
    assert Municipality.objects.count() == 63
    assert Municipality.objects.exclude(code="130001").count() == 62


@pytest.mark.parametrize(
    "kind, count",
    [("特別区", 23), ("市", 26), ("町", 5), ("村", 8), ("都", 1)],
)
def test_municipalities_have_their_kinds(kind, count):
    assert Municipality.objects.filter(kind=kind).count() == count


def test_islands_are_their_own_region():
    islands = set(Municipality.objects.filter(region="島しょ").values_list("name", flat=True))
    assert {"大島町", "青ヶ島村", "小笠原村"} <= islands
    assert len(islands) == 9


@pytest.mark.parametrize(
    "text",
    [
        "131041",  # 6-digit code
        "13104",  # 5-digit code
        "１３１０４１",  # full-width digits
        "１３１０４",
        " 131041 ",
        "新宿区",
        "東京都新宿区",
        "東京都　新宿区",  # full-width space
        "Shinjuku",
        "shinjuku",
    ],
)
def test_lookup_accepts_every_spelling_of_shinjuku(text):
    assert find_municipality(text).code == "131041"


@pytest.mark.parametrize(
    "text", ["青ヶ島村", "青ケ島村", "東京都青ヶ島村", "東京都青ケ島村", "青ヵ島村"]
)
def test_lookup_accepts_both_ke_spellings(text):
    assert find_municipality(text).name == "青ヶ島村"


def test_lookup_of_tokyo_itself_finds_the_metropolitan_government():
    assert find_municipality("東京都").code == "130001"
    assert find_municipality("13000").code == "130001"


def test_half_width_katakana_is_folded_to_full_width():
    assert find_municipality("青ｹ島村").name == "青ヶ島村"


@pytest.mark.parametrize(
    "text, message",
    [
        ("131042", "検査数字"),
        ("1310", "5桁か6桁"),
        ("大阪市", "見つかりません"),
        ("", "空欄"),
    ],
)
def test_lookup_explains_why_it_found_nothing(text, message):
    with pytest.raises(UnknownMunicipality, match=message):
        find_municipality(text)


def test_directory_resolves_many_names_with_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        directory = MunicipalityDirectory()
        names = [
            directory.resolve(text).code for text in ["新宿区", "13104", "八王子市", "小笠原村"]
        ]
    assert names == ["131041", "131041", "132012", "134210"]
