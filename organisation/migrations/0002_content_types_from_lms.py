"""The content types of the moved models take the new app label, so that permissions, their
grants to groups and people, and admin log entries stay attached (issue 13)."""

from django.db import migrations

MODELS = ["municipality", "department", "staffprofile", "hrscope", "auditlog"]


def relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        moving = ContentType.objects.filter(app_label=old, model=model).first()
        if moving is None:
            continue
        taken = ContentType.objects.filter(app_label=new, model=model).first()
        if taken is not None:
            # Made by a migrate that ran before this one: keep the old row, which the grants use.
            Permission.objects.filter(content_type=taken).exclude(
                codename__in=Permission.objects.filter(content_type=moving).values("codename")
            ).update(content_type=moving)
            taken.delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "lms", "organisation")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "organisation", "lms")


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
