from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innerchild.core.backup import BackupError, key_location, make_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (and any media files) into a new folder, "
        "while the server keeps running. The encryption keys are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="a new (or empty) folder for the backup")
        parser.add_argument(
            "--logical",
            action="store_true",
            help="rows instead of the SQLite file: restores into SQLite or PostgreSQL (on SQLite "
            "this holds the write lock while it runs)",
        )

    def handle(self, *args, out, logical, **options):
        try:
            outcome = make_backup(Path(out), logical=logical)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(outcome.counts.values())
        self.stdout.write(
            f"Backup written to {outcome.folder}: {rows} rows, {outcome.files} files."
        )
        self.stdout.write(
            "The encryption keys are NOT in the backup, on purpose. Without them nothing written "
            f"in it can be read. Keep a copy of them, apart from the backup: {key_location()}."
        )
