"""A person's role profile moves from the staff record (lms_staffprofile.role_profile_id) into
`skills` as StaffRole; the portfolio's permissions are declared on PortfolioCell (issue 13)."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 5000


def copy_roles(apps, schema_editor):
    StaffProfile = apps.get_model("lms", "StaffProfile")
    StaffRole = apps.get_model("skills", "StaffRole")
    pairs = StaffProfile.objects.filter(role_profile__isnull=False).values_list(
        "pk", "role_profile_id"
    )
    StaffRole.objects.bulk_create(
        (StaffRole(staff_id=staff, role_profile_id=role) for staff, role in pairs.iterator()),
        batch_size=BATCH,
    )


def copy_roles_back(apps, schema_editor):
    StaffProfile = apps.get_model("lms", "StaffProfile")
    StaffRole = apps.get_model("skills", "StaffRole")
    for staff, role in StaffRole.objects.values_list("staff_id", "role_profile_id").iterator():
        StaffProfile.objects.filter(pk=staff).update(role_profile_id=role)


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0008_confirm_permission"),
        ("lms", "0004_roster_permissions_and_audit_log"),
    ]

    operations = [
        migrations.CreateModel(
            name="StaffRole",
            fields=[
                (
                    "staff",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="role",
                        serialize=False,
                        to="lms.staffprofile",
                        verbose_name="職員",
                    ),
                ),
                (
                    "role_profile",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="staff_roles",
                        to="skills.roleprofile",
                        verbose_name="役割",
                    ),
                ),
            ],
            options={"verbose_name": "職員の役割", "verbose_name_plural": "職員の役割"},
        ),
        migrations.RunPython(copy_roles, copy_roles_back),
        migrations.AlterModelOptions(
            name="portfoliocell",
            options={
                "permissions": [
                    ("view_portfolio", "人材ポートフォリオを閲覧できる"),
                    ("export_portfolio", "人材ポートフォリオを出力できる"),
                ],
                "verbose_name": "ポートフォリオ集計",
                "verbose_name_plural": "ポートフォリオ集計",
            },
        ),
    ]
