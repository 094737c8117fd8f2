from django.db import migrations, models


def name_existing_paths(apps, schema_editor):
    LearningPath = apps.get_model("training", "LearningPath")
    for path in LearningPath.objects.filter(slug__isnull=True):
        path.slug = f"path-{path.pk}"
        path.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("training", "0001_assignments")]

    operations = [
        migrations.AddField(
            model_name="learningpath",
            name="slug",
            field=models.SlugField(max_length=100, null=True, db_index=False),
        ),
        migrations.RunPython(name_existing_paths, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="learningpath",
            name="slug",
            field=models.SlugField(
                help_text="半角英数字とハイフン。割り当てのコマンドで path:スラッグ と指定します。",
                max_length=100,
                unique=True,
                verbose_name="スラッグ",
            ),
        ),
    ]
