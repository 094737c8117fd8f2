from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.demo import site_is_free

# Each package contributes its part of the demo, in the order the data depends on.
DEMO_STEPS = [
    "lms.demo",
    # The recording first: it sets the lessons' real lengths, which the viewing history uses.
    "courses.demo_recording",
    "courses.demo",
    "skills.demo",
    "skills.portfolio_demo",
]


class Command(BaseCommand):
    help = "Fill an empty site with the demo (idempotent). Refuses to run with DEBUG off."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo makes users with a known password and runs only with DEBUG on."
            )
        if not site_is_free():
            raise CommandError(
                "The default site already has pages of its own; seed_demo fills only an empty "
                "site and has left this one alone."
            )
        for module_name in DEMO_STEPS:
            for line in import_module(module_name).seed():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo ready."))
