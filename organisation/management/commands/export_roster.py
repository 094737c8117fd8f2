from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisation import audit
from organisation.municipalities import MunicipalityDirectory, UnknownMunicipality
from organisation.roster.export import ExportError, export_roster


class Command(BaseCommand):
    help = (
        "Export staff with their role profile, current skill levels and learning record as CSV "
        "(UTF-8 with BOM, or CP932) or XLSX. Every export is written to the audit log."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            help="code or name; repeat for several (default: all)",
        )
        parser.add_argument("--format", choices=["csv", "xlsx"], help="default: by --output")
        parser.add_argument("--encoding", choices=["utf-8", "cp932"], default="utf-8")
        parser.add_argument("--output", help="file to write (default: CSV to stdout)")

    def handle(self, *args, **options) -> None:
        output = Path(options["output"]) if options["output"] else None
        file_format = options["format"] or (
            "xlsx" if output and output.suffix.lower() == ".xlsx" else "csv"
        )
        if file_format == "xlsx" and output is None:
            raise CommandError(_("XLSXは --output でファイルを指定してください。"))
        municipality_ids = None
        if options["municipality"]:
            directory = MunicipalityDirectory()
            try:
                municipalities = [directory.resolve(text) for text in options["municipality"]]
            except UnknownMunicipality as error:
                raise CommandError(str(error)) from error
            municipality_ids = {municipality.pk for municipality in municipalities}
        encoding = options["encoding"] if output else "utf-8"
        try:
            data, count = export_roster(
                file_format, encoding=encoding, municipality_ids=municipality_ids
            )
        except ExportError as error:
            raise CommandError(str(error)) from error
        if output is None:
            self.stdout.write(data.decode("utf-8-sig"), ending="")
        else:
            output.write_bytes(data)
        audit.record(
            None,
            "roster.export",
            ",".join(options["municipality"]) or "all",
            format=file_format,
            encoding=encoding,
            rows=count,
            via="export_roster",
            output=str(output) if output else "stdout",
        )
        if output is not None:
            self.stdout.write(
                _("%(count)d 人を %(path)s に書き出しました。") % {"count": count, "path": output}
            )
