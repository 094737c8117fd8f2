import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisation.roster.importing import describe, import_roster
from organisation.roster.plan import RosterPlan
from organisation.roster.read import RosterFileError, check_size


class Command(BaseCommand):
    help = (
        "Import staff from a roster (CSV in UTF-8 or CP932, or XLSX). All rows or none: one bad "
        "row writes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV or XLSX roster")
        parser.add_argument(
            "--full",
            action="store_true",
            help="the file is the whole roster of each municipality it names: "
            "their staff missing from it are deactivated (never deleted)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as error:
            message = _("ファイル「%(path)s」を読めません: %(reason)s") % {
                "path": path,
                "reason": error.strerror,
            }
            self.fail(RosterPlan.failed(message), options["json"], error)
        except RosterFileError as error:
            self.fail(RosterPlan.failed(str(error)), options["json"], error)
        plan = import_roster(
            data, full=options["full"], dry_run=options["dry_run"], file_name=path.name
        )
        summary = plan.summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.write_report(summary, options["dry_run"])
        if plan.failed_whole:
            # The file itself was refused: its one sentence is the reason.
            raise CommandError(plan.errors[0].message)
        if plan.errors:
            raise CommandError(
                _("%(count)d 件のエラーがあるため、何も取り込みませんでした。")
                % {"count": len(plan.errors)}
            )

    def fail(self, plan: RosterPlan, as_json: bool, cause: Exception) -> None:
        if as_json:
            self.stdout.write(json.dumps(plan.summary(), ensure_ascii=False))
        raise CommandError(plan.errors[0].message) from cause

    def write_report(self, summary: dict, dry_run: bool) -> None:
        for error in summary["errors"]:
            where = []
            if error["row"] is not None:
                where.append(_("%(row)d 行目") % {"row": error["row"]})
            if error["column"]:
                where.append(_("列「%(column)s」") % {"column": error["column"]})
            self.stdout.write(" ".join([*where, error["message"]]))
        if summary["errors"]:
            return
        heading = (
            _("取り込んだ場合（試行のみ、何も書き込んでいません）")
            if dry_run
            else _("取り込み結果")
        )
        self.stdout.write(f"{heading}: {describe(summary)}")
