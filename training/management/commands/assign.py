import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organisation.access import EVERYWHERE
from training.assigning import AssignmentError, assign, find_training
from training.audience import AudienceError, parse_rule, resolve_rule


def read_date(text: str | None, name: str) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(name)s「%(value)s」は YYYY-MM-DD の形で書いてください。")
            % {"name": name, "value": text}
        ) from None


class Command(BaseCommand):
    help = (
        "Assign a course (by its slug) or a learning path (path:SLUG, or its slug when no course "
        "has it) to an audience, with a due date. All or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("training", metavar="COURSE_SLUG", help="course slug, or path:SLUG")
        parser.add_argument(
            "--to",
            action="append",
            default=[],
            metavar="KIND:VALUE",
            help="municipality, department, role, job, user or gap (skill code); repeatable",
        )
        parser.add_argument("--due", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--start", metavar="YYYY-MM-DD", help="default: today")
        parser.add_argument("--title", default="", help="default: the course's title")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options) -> None:
        due_on = read_date(options["due"], _("期限"))
        starts_on = read_date(options["start"], _("開始日"))
        try:
            course, path = find_training(options["training"])
            rules = [resolve_rule(*parse_rule(text), EVERYWHERE) for text in options["to"]]
            assignment, assigned = assign(
                course=course,
                path=path,
                rules=rules,
                scope=EVERYWHERE,
                starts_on=starts_on,
                due_on=due_on,
                title=options["title"],
            )
        except (AssignmentError, AudienceError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps({"assignment": assignment.pk, "assigned": assigned}))
        else:
            self.stdout.write(
                _("「%(title)s」を %(count)d 人に割り当てました（期限 %(due)s）。")
                % {"title": assignment.title, "count": assigned, "due": assignment.due_on}
            )
