"""Skills point at the organisation's models in their new app (state only: same tables), and the
portfolio's permissions move, with every grant to groups and people, onto PortfolioCell."""

import django.db.models.deletion
from django.db import migrations, models

PORTFOLIO_PERMISSIONS = ["view_portfolio", "export_portfolio"]


def staff(related_name: str):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="organisation.staffprofile",
    )


def municipality(one_to_one: bool = False):
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="organisation.municipality",
    )


def department():
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="organisation.department",
    )


def move_portfolio_permissions(apps, schema_editor):
    """The permission rows keep their ids, so groups and people holding them keep them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = Permission.objects.filter(
        codename__in=PORTFOLIO_PERMISSIONS,
        content_type__app_label__in=["lms", "organisation"],
        content_type__model="staffprofile",
    )
    if not old.exists():
        return
    cell, _created = ContentType.objects.get_or_create(app_label="skills", model="portfoliocell")
    for permission in old:
        existing = Permission.objects.filter(
            content_type=cell, codename=permission.codename
        ).first()
        if existing is None:
            permission.content_type = cell
            permission.save(update_fields=["content_type"])
            continue
        existing.group_set.add(*permission.group_set.all())
        existing.user_set.add(*permission.user_set.all())
        permission.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0009_staffrole"),
        ("organisation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="staffrole",
                    name="staff",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="role",
                        serialize=False,
                        to="organisation.staffprofile",
                        verbose_name="職員",
                    ),
                ),
                migrations.AlterField(
                    model_name="skillevidence", name="staff", field=staff("skill_evidence")
                ),
                migrations.AlterField(
                    model_name="staffskilllevel", name="staff", field=staff("skill_levels")
                ),
                migrations.AlterField(
                    model_name="selfassessment", name="staff", field=staff("self_assessments")
                ),
                migrations.AlterField(
                    model_name="portfoliocell", name="municipality", field=municipality()
                ),
                migrations.AlterField(
                    model_name="portfoliocell", name="department", field=department()
                ),
                migrations.AlterField(
                    model_name="portfoliogroup", name="municipality", field=municipality()
                ),
                migrations.AlterField(
                    model_name="portfoliogroup", name="department", field=department()
                ),
                migrations.AlterField(
                    model_name="portfoliosnapshot", name="municipality", field=municipality()
                ),
                migrations.AlterField(
                    model_name="portfolioactivity",
                    name="municipality",
                    field=municipality(one_to_one=True),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_portfolio_permissions, migrations.RunPython.noop),
    ]
