import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skills.frameworks import BUNDLED_FILES, DATA_DIR, ImportFailed, import_paths


class Command(BaseCommand):
    help = (
        "Import skill frameworks, their skills and level descriptors, framework roles or role "
        "targets from CSV or XLSX files (the kind is told by the header row). All or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="CSV or XLSX files, in order")
        parser.add_argument(
            "--bundled", action="store_true", help="import the files shipped in skills/data/"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and write nothing")
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args, **options) -> None:
        paths = [DATA_DIR / name for name in BUNDLED_FILES] if options["bundled"] else []
        paths += options["files"]
        if not paths:
            raise CommandError("Give one or more files, or --bundled.")
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(f"File not found: {', '.join(missing)}")
        try:
            reports = import_paths(paths, dry_run=options["dry_run"])
        except ImportFailed as failure:
            raise CommandError(
                "Nothing was imported: " + " / ".join(failure.errors[:20])
            ) from failure
        if options["json"]:
            self.stdout.write(
                json.dumps([{"file": r.name, "kind": r.kind, **r.totals} for r in reports])
            )
            return
        for report in reports:
            counts = ", ".join(f"{key} {value}" for key, value in report.totals.items() if value)
            self.stdout.write(f"{report.name}: {counts or 'no rows'}")
