from django.db import migrations

ROLE_NAMES = ["職員", "研修担当", "人事", "管理者"]


def create_role_groups(apps, schema_editor):
    # Permissions are attached after migrate by organisation.roles.sync_role_permissions.
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
