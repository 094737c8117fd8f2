import json

from django.core.management.base import BaseCommand

from training.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send today's reminders of required training and the weekly digest, once: a second run "
        "the same day sends nothing twice (training/reminders.py, notifications/delivery.py)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be sent; write and send nothing.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help='Print {"sent", "skipped", "failed"}.',
        )

    def handle(self, *args, dry_run: bool, as_json: bool, **options) -> None:
        tally = send_reminders(dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps(tally.as_dict()))
        else:
            prefix = "dry run: would send" if dry_run else "sent"
            self.stdout.write(
                f"{prefix} {tally.sent}, skipped {tally.skipped}, failed {tally.failed}"
            )
