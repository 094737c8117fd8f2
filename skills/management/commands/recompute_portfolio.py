import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from skills.refresh import refresh_portfolio


def month(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"--snapshot takes a month as YYYY-MM, not {text!r}.") from error


class Command(BaseCommand):
    help = "Rebuild the talent portfolio's aggregates from everyone's current skill levels."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--snapshot",
            nargs="?",
            const="",
            metavar="YYYY-MM",
            help="Also store the figures as this month's snapshot (default: the current month).",
        )

    def handle(self, *args, snapshot: str | None, **options) -> None:
        when = None
        if snapshot is not None:
            when = month(snapshot) if snapshot else timezone.localdate()
        cells, rows = refresh_portfolio(when)
        self.stdout.write(f"portfolio: {cells} cells")
        if when is not None:
            self.stdout.write(f"snapshot {when:%Y-%m}: {rows} rows")
