from django.core.management.base import BaseCommand

from organisation.models import StaffProfile
from skills.levels import recompute_levels_for


class Command(BaseCommand):
    help = "Recompute every active person's current skill levels (run daily so expiries apply)."

    def handle(self, *args, **options) -> None:
        staff_ids = list(StaffProfile.objects.filter(active=True).values_list("pk", flat=True))
        count = recompute_levels_for(staff_ids)
        self.stdout.write(f"{count} levels for {len(staff_ids)} staff")
