import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from organisation import roles
from tests.factories import hr_user, officer_user, staff_user

pytestmark = pytest.mark.django_db


def test_migration_creates_the_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_staff_hold_no_admin_or_portfolio_permission():
    user = staff_user()
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not user.has_perm("skills.view_portfolio")


def test_training_officers_may_use_the_admin_and_edit_but_not_publish_every_page():
    user = officer_user()
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("media_pipeline.add_videoasset")
    codenames = set(
        GroupPagePermission.objects.filter(group__name=roles.TRAINING_OFFICER).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page"} <= codenames
    assert "publish_page" not in codenames, "publishing goes through approval (決裁)"


def test_approvers_may_publish_every_page():
    codenames = set(
        GroupPagePermission.objects.filter(group__name=roles.APPROVER).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"change_page", "publish_page"} <= codenames


def test_a_publish_permission_left_from_before_is_taken_back_from_officers():
    from django.contrib.auth.models import Permission
    from wagtail.models import Page

    officers = Group.objects.get(name=roles.TRAINING_OFFICER)
    GroupPagePermission.objects.create(
        group=officers,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    roles.sync_role_permissions()
    assert not GroupPagePermission.objects.filter(
        group=officers, permission__codename="publish_page"
    ).exists()


def test_hr_analysts_read_and_export_the_portfolio_but_not_the_admin():
    user = hr_user()
    assert user.has_perm("skills.view_portfolio")
    assert user.has_perm("skills.export_portfolio")
    assert not user.has_perm("wagtailadmin.access_admin")


def test_administrators_hold_every_permission():
    administrator = Group.objects.get(name=roles.ADMINISTRATOR)
    assert administrator.permissions.filter(codename="view_auditlog").exists()
    assert administrator.permissions.filter(codename="access_admin").exists()


def test_syncing_role_permissions_twice_changes_nothing():
    roles.sync_role_permissions()
    before = GroupPagePermission.objects.count()
    roles.sync_role_permissions()
    assert GroupPagePermission.objects.count() == before


def test_hr_scope_without_a_municipality_covers_all_tokyo():
    assert hr_user().hr_scope.covers_all
    assert not hr_user("131041").hr_scope.covers_all
