"""Tokyo's 62 municipalities and the Metropolitan Government, from the shipped reference data.

Moved here from lms 0002 with the data folder; loading is by code, so a database that ran the old
migration gets the same rows again, unchanged.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "tokyo_municipalities.csv"


def load_municipalities(apps, schema_editor):
    Municipality = apps.get_model("organisation", "Municipality")
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
    dependencies = [("organisation", "0002_content_types_from_lms")]
    operations = [migrations.RunPython(load_municipalities, migrations.RunPython.noop)]
