from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import catalogue, organisation, portfolio, recording, skills, training, viewing

# In the order the data depends on. The recording comes before the viewing history: it sets the
# lessons' real lengths, which the viewing history uses.
DEMO_STEPS = [organisation, recording, catalogue, viewing, skills, portfolio, training]


class Command(BaseCommand):
    help = "Fill an empty site with the demo (idempotent). Refuses to run with DEBUG off."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo makes users with a known password and runs only with DEBUG on."
            )
        if not catalogue.site_is_free():
            raise CommandError(
                "The default site already has pages of its own; seed_demo fills only an empty "
                "site and has left this one alone."
            )
        for step in DEMO_STEPS:
            for line in step.seed():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo ready."))
