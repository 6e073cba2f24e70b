from django.conf import settings
from django.core.management.base import BaseCommand

from voters.services.retention import retention_cutoff, voters_anonymise_expired


class Command(BaseCommand):
    help = (
        "Erase voters' personal data of cases done with longer ago than VOTER_DATA_RETENTION_DAYS "
        "(the nightly job does the same); --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be erased, change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        result = voters_anonymise_expired(dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(
            f"Cases done with before {retention_cutoff():%Y-%m-%d} "
            f"({settings.VOTER_DATA_RETENTION_DAYS} days): {result.opinions} opinions, {result.voters} voters, "
            f"{result.attachments} attachments {verb}."
        )
