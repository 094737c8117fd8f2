"""GET /api/v1/portfolio/: its shape, filters, privacy and scope."""

import pytest

from tests.factories import hr_user, staff_user
from tests.skills.portfolio_data import small_tokyo

pytestmark = pytest.mark.django_db
URL = "/api/v1/portfolio/"


@pytest.fixture
def tokyo():
    return small_tokyo()


def municipality_named(data: dict, name: str) -> dict:
    return next(row for row in data["municipalities"] if row["name"] == name)


def test_the_heatmap_has_the_promised_shape(client, tokyo):
    client.force_login(hr_user())
    data = client.get(URL, {"framework": tokyo.framework.code}).json()
    assert [skill["id"] for skill in data["skills"]] == [skill.pk for skill in tokyo.skills]
    shinjuku = municipality_named(data, "新宿区")
    assert {"code", "name", "headcount", "cells"} <= shinjuku.keys()
    cell = shinjuku["cells"][0]
    assert {"skill", "n", "mean_level", "at_target", "suppressed"} <= cell.keys()
    assert shinjuku["code"] == "131041"
    assert shinjuku["headcount"] == 18
    assert cell["n"] == 18
    assert cell["mean_level"] == round((10 * 3 + 6 * 1 + 2 * 5) / 18, 2)
    assert cell["at_target"] == round(12 / 18, 3)


def test_a_municipality_with_fewer_people_than_the_threshold_shows_no_figures(client, tokyo):
    client.force_login(hr_user())
    toshima = municipality_named(client.get(URL).json(), "利島村")
    assert toshima["headcount"] is None
    assert toshima["cells"][0] == {
        "skill": tokyo.skills[0].pk,
        "n": None,
        "mean_level": None,
        "at_target": None,
        "targeted": None,
        "suppressed": True,
        "basis": {"assessed": None, "confirmed": None, "self_assessed": None, "learned": None},
    }


def test_the_threshold_is_a_setting(client, tokyo, settings):
    settings.PRIVACY_THRESHOLD = 2
    from skills import portfolio_compute

    portfolio_compute.recompute()
    client.force_login(hr_user())
    toshima = municipality_named(client.get(URL).json(), "利島村")
    assert toshima["cells"][0]["n"] == 3


def test_a_small_department_cannot_be_worked_out_by_subtraction(client, tokyo):
    client.force_login(hr_user())
    whole = municipality_named(client.get(URL).json(), "新宿区")["cells"][0]
    shown = {}
    for name in ("情報政策課", "戸籍住民課", "税務課"):
        data = client.get(URL, {"department": name}).json()
        row = next((row for row in data["municipalities"] if row["code"] == "131041"), None)
        shown[name] = row["cells"][0]
    assert shown["税務課"]["suppressed"]
    visible = [cell for cell in shown.values() if not cell["suppressed"]]
    assert whole["n"] - sum(cell["n"] for cell in visible) >= 5 or not visible


def test_filters_by_role_kind_and_region(client, tokyo):
    client.force_login(hr_user())
    by_role = client.get(URL, {"role": "dx"}).json()
    assert municipality_named(by_role, "新宿区")["cells"][0]["n"] == 18
    assert municipality_named(by_role, "八王子市")["headcount"] == 0
    cities = client.get(URL, {"kind": "市"}).json()
    assert {row["kind"] for row in cities["municipalities"]} == {"市"}
    islands = client.get(URL, {"region": "島しょ"}).json()
    assert {row["region"] for row in islands["municipalities"]} == {"島しょ"}


def test_sort_by_gap_puts_the_largest_shortfall_first(client, tokyo):
    client.force_login(hr_user())
    data = client.get(URL, {"sort": "gap"}).json()
    gaps = [row["gap"] for row in data["municipalities"] if row["gap"] is not None]
    assert gaps == sorted(gaps, reverse=True)
    assert gaps


def test_an_unknown_filter_is_refused_in_japanese(client, tokyo):
    client.force_login(hr_user())
    response = client.get(URL, {"kind": "県"})
    assert response.status_code == 400
    assert "種別「県」はありません" in response.json()["error"]


def test_hr_scoped_to_one_municipality_sees_only_it(client, tokyo):
    client.force_login(hr_user("132012"))
    data = client.get(URL).json()
    assert [row["code"] for row in data["municipalities"]] == ["132012"]


def test_staff_may_not_read_the_portfolio(client, tokyo):
    client.force_login(staff_user())
    assert client.get(URL).status_code == 403
