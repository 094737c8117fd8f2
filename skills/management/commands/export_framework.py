import sys

from django.core.management.base import BaseCommand, CommandError

from skills.frameworks import export_framework
from skills.models import SkillFramework


class Command(BaseCommand):
    help = (
        "Write one framework's skills and level descriptors as CSV or XLSX "
        "(import_framework reads it back)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="the framework's code, e.g. gov-cloud")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", help="file to write (default: stdout)")

    def handle(self, *args, **options) -> None:
        framework = SkillFramework.objects.filter(code=options["code"]).first()
        if framework is None:
            raise CommandError(f"No skill framework with the code {options['code']!r}.")
        content = export_framework(framework, options["format"])
        if options["output"]:
            with open(options["output"], "wb") as output:
                output.write(content)
        else:
            sys.stdout.buffer.write(content)
