from django.core.management.base import BaseCommand

from skills.refresh import refresh_levels


class Command(BaseCommand):
    help = (
        "Record submitted quiz attempts not yet counted as evidence, then re-apply the level rule "
        "(skills/levels.py) to every active person: run daily so expiries apply, and after "
        "changing LEARNING_EVIDENCE_MAX_LEVEL."
    )

    def handle(self, *args, **options) -> None:
        done = refresh_levels()
        self.stdout.write(
            f"{done.levels} levels for {done.staff} staff; "
            f"{done.staff_with_new_attempts} staff had quiz attempts newly recorded"
        )
