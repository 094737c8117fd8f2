"""A current level carries its basis (assessed, confirmed, self-assessed, learned) and date.

The basis replaces the evidence source stored on the level; existing levels get theirs from the
source and the deciding evidence, and a level learned from a lesson is held to
LEARNING_EVIDENCE_MAX_LEVEL as the new rule says (levels.py). Evidence itself is unchanged;
`recompute_skill_levels` then also records the failed quiz attempts that now count.
"""

from django.conf import settings
from django.db import migrations, models

BASIS_OF_SOURCE = {
    "assessment": "assessed",
    "manager": "confirmed",
    "self": "self_assessed",
    "lesson": "learned",
}


def fill_basis(apps, schema_editor):
    level_model = apps.get_model("skills", "StaffSkillLevel")
    for source, basis in BASIS_OF_SOURCE.items():
        level_model.objects.filter(source=source).update(basis=basis)
    levels = level_model.objects.filter(evidence__isnull=False).select_related("evidence")
    changed = []
    for level in levels.iterator(chunk_size=2000):
        level.basis_at = level.evidence.observed_at
        if level.basis == "learned":
            level.level = min(level.level, settings.LEARNING_EVIDENCE_MAX_LEVEL)
        changed.append(level)
        if len(changed) >= 2000:
            level_model.objects.bulk_update(changed, ["basis_at", "level"])
            changed = []
    level_model.objects.bulk_update(changed, ["basis_at", "level"])


def fill_source(apps, schema_editor):
    level_model = apps.get_model("skills", "StaffSkillLevel")
    for source, basis in BASIS_OF_SOURCE.items():
        level_model.objects.filter(basis=basis).update(source=source)


class Migration(migrations.Migration):
    dependencies = [("skills", "0005_portfolio")]

    operations = [
        migrations.AddField(
            model_name="staffskilllevel",
            name="basis",
            field=models.CharField(
                choices=[
                    ("assessed", "テストで評価"),
                    ("confirmed", "上司が確認"),
                    ("self_assessed", "自己評価"),
                    ("learned", "学習（レッスン修了）"),
                ],
                default="learned",
                max_length=20,
                verbose_name="根拠",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="staffskilllevel",
            name="basis_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="根拠の日付"),
        ),
        migrations.AlterField(
            model_name="staffskilllevel",
            name="source",
            field=models.CharField(default="", max_length=20, verbose_name="根拠"),
        ),
        migrations.RunPython(fill_basis, fill_source),
        migrations.RemoveField(model_name="staffskilllevel", name="source"),
        migrations.AlterField(
            model_name="skillevidence",
            name="source",
            field=models.CharField(
                choices=[
                    ("assessment", "テスト"),
                    ("lesson", "レッスン修了"),
                    ("self", "自己評価"),
                    ("manager", "上司の確認"),
                ],
                max_length=20,
                verbose_name="根拠",
            ),
        ),
    ]
