"""A database made before the organisation left `lms` migrates without losing anything (issue 13).

The test migrates its database back to the leaves the previous main had (lms 0004, skills 0005,
no organisation app), writes rows with the historical models of that time — staff with role
profiles, scopes, audit entries, levels, and the old permissions granted to a group and to a
person — then migrates forward and compares the counts and the links.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD_LEAVES = [
    ("lms", "0004_roster_permissions_and_audit_log"),
    ("skills", "0005_portfolio"),
    ("organisation", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_permission(apps, codename: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    staff_type, _ = ContentType.objects.get_or_create(app_label="lms", model="staffprofile")
    return Permission.objects.get_or_create(
        content_type=staff_type, codename=codename, defaults={"name": codename}
    )[0]


def write_old_rows(apps) -> dict:
    """What a site running the previous main holds, written with that main's models."""
    Municipality = apps.get_model("lms", "Municipality")
    Department = apps.get_model("lms", "Department")
    StaffProfile = apps.get_model("lms", "StaffProfile")
    HRScope = apps.get_model("lms", "HRScope")
    AuditLog = apps.get_model("lms", "AuditLog")
    RoleProfile = apps.get_model("skills", "RoleProfile")
    SkillFramework = apps.get_model("skills", "SkillFramework")
    SkillCategory = apps.get_model("skills", "SkillCategory")
    Skill = apps.get_model("skills", "Skill")
    StaffSkillLevel = apps.get_model("skills", "StaffSkillLevel")
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    # The previous main had no portfolio permissions on skills.PortfolioCell.
    Permission.objects.filter(
        content_type__app_label="skills", codename__in=["view_portfolio", "export_portfolio"]
    ).delete()
    shinjuku = Municipality.objects.get(code="131041")
    department = Department.objects.create(municipality=shinjuku, name="情報政策課")
    leader = RoleProfile.objects.create(code="moved-role", name="移行を確かめる役割")
    framework = SkillFramework.objects.create(code="moved", name="移行を確かめる枠組み")
    category = SkillCategory.objects.create(framework=framework, code="c", name="データ活用")
    skill = Skill.objects.create(category=category, code="s", name="データ分析")
    staff = []
    for number in range(5):
        user = User.objects.create(username=f"staff-131041-{number:05d}")
        staff.append(
            StaffProfile.objects.create(
                user=user,
                municipality=shinjuku,
                department=department,
                employee_id=f"{number:05d}",
                display_name=f"新宿 職員{number}",
                role_profile=leader if number < 3 else None,
            )
        )
        StaffSkillLevel.objects.create(staff=staff[-1], skill=skill, level=2, source="self")
    analyst = User.objects.create(username="hr-shinjuku")
    HRScope.objects.create(user=analyst, municipality=shinjuku)
    AuditLog.objects.create(user=analyst, action="roster.export", target="131041")
    hr = Group.objects.get(name="人事")
    hr.permissions.add(
        old_permission(apps, "view_portfolio"), old_permission(apps, "import_roster")
    )
    analyst.user_permissions.add(old_permission(apps, "export_portfolio"))
    return {
        "staff": [profile.pk for profile in staff],
        "with_role": {profile.pk: leader.pk for profile in staff[:3]},
        "analyst": analyst.pk,
        "department": department.pk,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_of_the_previous_main_migrates_without_loss():
    new_leaves = leaves()
    old = write_old_rows(migrate(OLD_LEAVES))
    counts_before = {
        table: count(table)
        for table in ("lms_staffprofile", "lms_department", "lms_hrscope", "lms_auditlog")
    }

    apps = migrate(new_leaves)

    assert {table: count(table) for table in counts_before} == counts_before
    StaffProfile = apps.get_model("organisation", "StaffProfile")
    StaffRole = apps.get_model("skills", "StaffRole")
    assert sorted(StaffProfile.objects.values_list("pk", flat=True)) == sorted(old["staff"])
    assert dict(StaffRole.objects.values_list("staff_id", "role_profile_id")) == old["with_role"]
    assert apps.get_model("skills", "StaffSkillLevel").objects.filter(
        staff__department_id=old["department"]
    ).count() == len(old["staff"])
    scope = apps.get_model("organisation", "HRScope").objects.get(user_id=old["analyst"])
    assert scope.municipality.code == "131041"
    Group = apps.get_model("auth", "Group")
    granted = set(
        Group.objects.get(name="人事").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert {("skills", "view_portfolio"), ("organisation", "import_roster")} <= granted
    User = apps.get_model("auth", "User")
    assert set(
        User.objects.get(pk=old["analyst"]).user_permissions.values_list(
            "content_type__app_label", "codename"
        )
    ) == {("skills", "export_portfolio")}
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert not ContentType.objects.filter(app_label="lms").exists()


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
