from django.core.management.base import BaseCommand

from organisation.models import StaffProfile
from skills.evidence import record_unrecorded_attempts
from skills.levels import recompute_levels_for


class Command(BaseCommand):
    help = (
        "Record submitted quiz attempts not yet counted as evidence, then re-apply the level rule "
        "(skills/levels.py) to every active person: run daily so expiries apply, and after "
        "changing LEARNING_EVIDENCE_MAX_LEVEL."
    )

    def handle(self, *args, **options) -> None:
        recorded = record_unrecorded_attempts()
        staff_ids = list(StaffProfile.objects.filter(active=True).values_list("pk", flat=True))
        count = recompute_levels_for(staff_ids)
        self.stdout.write(
            f"{count} levels for {len(staff_ids)} staff; "
            f"{len(recorded)} staff had quiz attempts newly recorded"
        )
