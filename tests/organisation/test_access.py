"""The access rules for people's data, one behaviour each (organisation.access)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from organisation import access
from tests.factories import (
    DepartmentFactory,
    HRScopeFactory,
    StaffProfileFactory,
    UserFactory,
    hr_user,
    municipality,
    officer_user,
    staff_user,
    unscoped_hr_user,
)

pytestmark = pytest.mark.django_db

SHINJUKU, MITAKA = "131041", "132047"


def test_hr_of_one_municipality_covers_only_it():
    scope = access.people_scope(hr_user(SHINJUKU))

    assert scope.municipality_ids == {municipality(SHINJUKU).pk}
    assert not scope.covers(municipality(MITAKA).pk)


def test_hr_of_all_tokyo_covers_every_municipality():
    scope = access.people_scope(hr_user())

    assert scope.everywhere and scope.municipality_ids is None


def test_hr_without_a_scope_row_has_no_scope_at_all():
    with pytest.raises(access.ScopeMissing):
        access.people_scope(unscoped_hr_user())


def test_an_administrator_needs_no_scope_row():
    assert access.people_scope(UserFactory(roles=["管理者"])).everywhere
    assert access.people_scope(UserFactory(is_superuser=True)).everywhere


def test_staff_have_no_scope_over_others():
    with pytest.raises(access.ScopeMissing):
        access.people_scope(staff_user())


def test_anonymous_has_no_scope():
    with pytest.raises(PermissionDenied):
        access.portfolio_scope(AnonymousUser())


def test_an_officer_reports_within_a_scope_row_and_has_none_without():
    with pytest.raises(access.ScopeMissing):
        access.officer_scope(officer_user())
    officer = officer_user()
    HRScopeFactory(user=officer, municipality=municipality(MITAKA))

    assert access.officer_scope(officer).municipality_ids == {municipality(MITAKA).pk}


def test_staff_are_not_officers():
    with pytest.raises(PermissionDenied):
        access.officer_scope(staff_user())


def test_names_are_for_hr_of_that_very_municipality():
    assert access.may_see_names(hr_user(SHINJUKU), municipality(SHINJUKU))
    assert not access.may_see_names(hr_user(SHINJUKU), municipality(MITAKA))
    assert not access.may_see_names(hr_user(), municipality(SHINJUKU))
    assert not access.may_see_names(UserFactory(is_superuser=True), municipality(SHINJUKU))


def test_the_roster_needs_its_permission_before_any_scope():
    with pytest.raises(PermissionDenied) as refused:
        access.roster_scope(staff_user(), "export")

    assert not isinstance(refused.value, access.ScopeMissing)


def test_portfolio_downloads_need_the_export_permission_then_the_portfolio_scope():
    with pytest.raises(PermissionDenied) as refused:
        access.portfolio_export_scope(officer_user())

    assert "出力する権限" in str(refused.value)
    assert access.portfolio_export_scope(hr_user(SHINJUKU)).municipality == municipality(SHINJUKU)


def test_statements_are_for_hr_and_administrators():
    with pytest.raises(PermissionDenied):
        access.statement_scope(officer_user())
    assert access.statement_scope(hr_user(SHINJUKU)).municipality == municipality(SHINJUKU)


def test_own_staff_profile_is_the_signed_in_persons_only():
    profile = StaffProfileFactory()

    assert access.own_staff_profile(profile.user) == profile
    assert access.own_staff_profile(AnonymousUser()) is None
    assert access.own_staff_profile(UserFactory(is_superuser=True)) is None


def test_a_supervisor_looks_after_the_active_staff_of_their_own_department_only():
    department = DepartmentFactory()
    supervisor, colleague = StaffProfileFactory.create_batch(
        2, municipality=department.municipality, department=department
    )
    StaffProfileFactory(municipality=department.municipality, department=department, active=False)
    StaffProfileFactory(municipality=department.municipality)  # another department

    assert list(access.department_staff(supervisor)) == [colleague]


def test_a_supervisor_without_a_department_looks_after_nobody():
    supervisor = StaffProfileFactory(department=None)
    StaffProfileFactory(municipality=supervisor.municipality, department=None)

    assert not access.department_staff(supervisor).exists()
