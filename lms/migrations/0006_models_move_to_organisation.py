"""The organisation's models now belong to the `organisation` app; their tables stay as they are.

Only Django's idea of the models changes here (state); the database is not touched.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0005_role_profile_moves_to_skills"),
        ("organisation", "0001_initial"),
        ("skills", "0010_organisation_models"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditLog"),
                migrations.DeleteModel(name="HRScope"),
                migrations.DeleteModel(name="StaffProfile"),
                migrations.DeleteModel(name="Department"),
                migrations.DeleteModel(name="Municipality"),
            ],
            database_operations=[],
        )
    ]
