from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from liaison.backup import BackupError, backup_create, checksum_path


class Command(BaseCommand):
    help = (
        "Write one archive of the database and the uploaded files, with its SHA-256 checksum file beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", help="where the archive goes (default: BACKUP_DIR)")
        parser.add_argument("--database", default="default", help="the database alias to back up")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                archive = backup_create(
                    directory=options["output_dir"] or settings.BACKUP_DIR, alias=options["database"]
                )
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS(_("Backup written: %(path)s") % {"path": archive}))
            self.stdout.write(_("Checksum: %(path)s") % {"path": checksum_path(archive)})
