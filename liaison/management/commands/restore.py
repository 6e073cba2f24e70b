from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django.utils.translation import gettext as _

from liaison.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore an archive of `manage.py backup` into an empty database and the uploads' storage."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar written by `manage.py backup` (its .sha256 beside it)")
        parser.add_argument("--database", default="default", help="the database alias to restore into")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                manifest = backup_restore(archive=options["archive"], alias=options["database"])
            except BackupError as error:
                raise CommandError(str(error)) from error
            rows = sum(manifest["row_counts"].values())
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Restored %(rows)d rows in %(tables)d tables and %(files)d files, backed up at %(when)s."
                    )
                    % {
                        "rows": rows,
                        "tables": len(manifest["row_counts"]),
                        "files": len(manifest["media"]),
                        "when": manifest["created_at"],
                    }
                )
            )
            executor = MigrationExecutor(connections[options["database"]])
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                self.stdout.write(_("This release has newer migrations: run manage.py migrate now."))
