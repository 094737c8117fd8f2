"""The role profile now lives in skills.StaffRole (copied there by skills 0006)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0004_roster_permissions_and_audit_log"),
        ("skills", "0009_staffrole"),
    ]

    operations = [
        migrations.RemoveField(model_name="staffprofile", name="role_profile"),
        migrations.AlterModelOptions(
            name="staffprofile",
            options={
                "ordering": ["municipality", "employee_id"],
                "permissions": [
                    ("view_auditlog", "監査ログを閲覧できる"),
                    ("import_roster", "職員名簿を取り込める"),
                    ("export_roster", "職員名簿を出力できる"),
                ],
                "verbose_name": "職員",
                "verbose_name_plural": "職員",
            },
        ),
    ]
