from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from liaison.core.errors import ActionRefused
from liaison.services import calendar_load_year


class Command(BaseCommand):
    help = (
        "Load the working-day calendar of YEAR (this year and next by default) from the State Council's "
        "schedule in the chinesecalendar package. Days staff corrected are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, metavar="YEAR")

    def handle(self, *args, years, **options):
        today = timezone.localdate()
        asked = years or [today.year, today.year + 1]
        failed = []
        for year in asked:
            try:
                counts = calendar_load_year(year=year)
            except ActionRefused as refused:
                failed.append(year)
                self.stderr.write(" ".join(refused.messages))
                continue
            self.stdout.write(
                f"{year}: {counts['added']} days added, {counts['updated']} updated, "
                f"{counts['kept']} kept as staff corrected them."
            )
        # Next year unpublished is normal before the autumn; a year asked for by name must be there.
        if years and failed:
            raise CommandError(f"No official schedule for {', '.join(map(str, failed))}.")
