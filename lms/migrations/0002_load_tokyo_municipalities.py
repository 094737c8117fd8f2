import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "tokyo_municipalities.csv"


def load_municipalities(apps, schema_editor):
    Municipality = apps.get_model("lms", "Municipality")
    with CSV_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Municipality.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name_ja"],
                    "name_kana": row["name_kana"],
                    "name_romaji": row["name_romaji"],
                    "kind": row["kind"],
                    "region": row["region"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("lms", "0001_initial")]
    operations = [migrations.RunPython(load_municipalities, migrations.RunPython.noop)]
