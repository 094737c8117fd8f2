from django.db import migrations, models


def withhold_existing_cells(apps, schema_editor):
    """The rows already stored get their withheld bases now, not at the next hourly recompute:
    until then the new column's default would show every per-basis count."""
    from skills.portfolio_compute import FIGURES, withheld_bases

    PortfolioCell = apps.get_model("skills", "PortfolioCell")
    changed = []
    for cell in PortfolioCell.objects.only(*FIGURES).iterator(chunk_size=5000):
        mask = withheld_bases([getattr(cell, name) for name in FIGURES])
        if mask:
            cell.basis_withheld = mask
            changed.append(cell)
        if len(changed) >= 5000:
            PortfolioCell.objects.bulk_update(changed, ["basis_withheld"])
            changed = []
    PortfolioCell.objects.bulk_update(changed, ["basis_withheld"])


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0010_organisation_models"),
    ]

    operations = [
        migrations.AddField(
            model_name="portfoliocell",
            name="basis_withheld",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(withhold_existing_cells, migrations.RunPython.noop),
    ]
