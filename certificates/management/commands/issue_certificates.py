import json

from django.core.management.base import BaseCommand

from certificates.issuing import issue_due


class Command(BaseCommand):
    help = (
        "Issue every certificate (修了証) the completion rule allows and nobody has yet, for "
        "courses and assignments; a second run issues nothing. Also run daily by Celery beat."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help='print {"issued", "courses", ...}')

    def handle(self, *args, **options) -> None:
        counts = issue_due()
        if options["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(
                f"{counts['issued']} certificates issued "
                f"({counts['courses']} for courses, {counts['assignments']} for assignments)"
            )
