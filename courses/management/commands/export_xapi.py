import argparse
import json

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from courses.xapi_outbox import as_xapi, stored_statements


def moment(value: str):
    parsed = parse_datetime(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 date and time.")
    return parsed


class Command(BaseCommand):
    help = "Write the xAPI statements of a period to stdout, one JSON object a line."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--since", type=moment, help="ISO 8601; statements stored from then")
        parser.add_argument("--until", type=moment, help="ISO 8601; statements stored before")

    def handle(self, *args, since=None, until=None, **options) -> None:
        for row in stored_statements(since, until).iterator(chunk_size=1000):
            self.stdout.write(json.dumps(as_xapi(row), ensure_ascii=False))
