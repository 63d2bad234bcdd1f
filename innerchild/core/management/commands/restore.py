from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from innerchild.core.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `innerchild backup` into an empty install. The install must "
        "use the same encryption keys as the one that was backed up."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the backup folder")

    def handle(self, *args, backup, **options):
        try:
            manifest = read_manifest(Path(backup))
            call_command("migrate", verbosity=0)
            counts = restore_backup(Path(backup))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        missing = {
            label: expected
            for label, expected in manifest["counts"].items()
            if counts.get(label, 0) < expected
        }
        if missing:
            raise CommandError(f"Some rows did not come back: {missing}")
        self.stdout.write(f"Restored {sum(counts.values())} rows from {backup}.")
