"""The portfolio counts people by the basis of their level and can count verified levels only."""

import pytest
from django.utils import timezone

from skills import portfolio_compute
from skills.models import StaffSkillLevel
from tests.factories import DepartmentFactory, hr_user
from tests.skills.factories import framework_with_skills, staff_with_levels

pytestmark = pytest.mark.django_db
URL = "/api/v1/portfolio/"
Basis = StaffSkillLevel.Basis


def shinjuku_cell(client, **params) -> dict:
    data = client.get(URL, params).json()
    row = next(row for row in data["municipalities"] if row["code"] == "131041")
    return row["cells"][0]


@pytest.fixture
def department():
    return DepartmentFactory(name="情報政策課")


def with_basis(people, basis):
    StaffSkillLevel.objects.filter(staff__in=people).update(basis=basis)
    return people


def test_each_cell_says_how_many_of_its_people_each_basis_backs(client, department):
    framework, (skill,) = framework_with_skills(1)
    with_basis(staff_with_levels(6, skill, level=3, department=department), Basis.ASSESSED)
    with_basis(staff_with_levels(5, skill, level=1, department=department), Basis.LEARNED)
    portfolio_compute.recompute()
    client.force_login(hr_user())
    cell = shinjuku_cell(client, framework=framework.code)
    assert cell["n"] == 11
    assert cell["basis"] == {"assessed": 6, "confirmed": 0, "self_assessed": 0, "learned": 5}


def test_counting_verified_levels_only_leaves_out_the_learned_and_self_assessed(client, department):
    framework, (skill,) = framework_with_skills(1)
    with_basis(staff_with_levels(6, skill, level=3, department=department), Basis.ASSESSED)
    with_basis(staff_with_levels(5, skill, level=1, department=department), Basis.LEARNED)
    portfolio_compute.recompute()
    client.force_login(hr_user())
    cell = shinjuku_cell(client, framework=framework.code, basis="verified")
    assert (cell["n"], cell["mean_level"]) == (6, 3.0)


def test_a_verified_figure_is_withheld_when_the_rest_would_reveal_too_few_people(
    client, department
):
    """All 8 minus the 6 verified would be the levels of the 2 learned people."""
    framework, (skill,) = framework_with_skills(1)
    with_basis(staff_with_levels(6, skill, level=3, department=department), Basis.ASSESSED)
    with_basis(staff_with_levels(2, skill, level=1, department=department), Basis.LEARNED)
    portfolio_compute.recompute()
    client.force_login(hr_user())
    assert shinjuku_cell(client, framework=framework.code)["n"] == 8
    verified = shinjuku_cell(client, framework=framework.code, basis="verified")
    assert verified["suppressed"] and verified["mean_level"] is None


def test_a_basis_count_of_fewer_people_than_the_threshold_is_withheld(client, department):
    framework, (skill,) = framework_with_skills(1)
    with_basis(staff_with_levels(6, skill, level=3, department=department), Basis.ASSESSED)
    with_basis(staff_with_levels(2, skill, level=1, department=department), Basis.LEARNED)
    portfolio_compute.recompute()
    client.force_login(hr_user())
    basis = shinjuku_cell(client, framework=framework.code)["basis"]
    # Withholding the 2 learned alone would not do: 8 − 6 gives them back.
    assert basis == {"assessed": None, "confirmed": 0, "self_assessed": 0, "learned": None}


def test_an_unknown_basis_is_refused_with_a_sentence(client):
    client.force_login(hr_user())
    response = client.get(URL, {"basis": "guess"})
    assert response.status_code == 400
    assert response.json()["error"] == "根拠「guess」はありません。"


def test_the_people_list_shows_each_levels_basis_and_date(client, department):
    framework, (skill,) = framework_with_skills(1)
    (person,) = staff_with_levels(1, skill, level=2, department=department)
    level = StaffSkillLevel.objects.get(staff=person)
    client.force_login(hr_user("131041"))
    html = client.get(
        f"/portfolio/m/131041/d/{department.pk}/", {"framework": framework.code}
    ).content.decode()
    assert f"テストで評価 {timezone.localtime(level.basis_at).date().isoformat()}" in html


def test_cells_stored_before_the_withheld_column_existed_are_withheld_once_migrated(
    client, department
):
    """The migration that added the column decides it for the rows already stored."""
    from importlib import import_module

    from django.apps import apps

    from skills.models import PortfolioCell

    migration = import_module("skills.migrations.0011_portfolio_basis_withheld")
    framework, (skill,) = framework_with_skills(1)
    with_basis(staff_with_levels(6, skill, level=3, department=department), Basis.ASSESSED)
    with_basis(staff_with_levels(2, skill, level=1, department=department), Basis.LEARNED)
    portfolio_compute.recompute()
    PortfolioCell.objects.update(basis_withheld=0)
    migration.withhold_existing_cells(apps, None)
    client.force_login(hr_user())
    assert shinjuku_cell(client, framework=framework.code)["basis"]["learned"] is None
