from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.lrs_forwarding import ForwardingFailed, forward_pending


class Command(BaseCommand):
    help = "Send the xAPI statements waiting in the outbox to the LRS at XAPI_LRS_URL."

    def handle(self, *args, **options) -> None:
        if not settings.XAPI_LRS_URL:
            raise CommandError("XAPI_LRS_URL is not set.")
        try:
            sent = forward_pending()
        except ForwardingFailed as error:
            raise CommandError(f"The LRS did not take the statements: {error}") from error
        self.stdout.write(f"{sent} statements forwarded.")
