"""`innerchild journal import|export|reindex`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from innerchild.journal import exporting, importing, search


class Command(BaseCommand):
    help = (
        "Journal tools. import --user EMAIL FILE (jrnl JSON or Markdown, Day One JSON or zip, "
        "Journiv zip, a Markdown folder, or an innerchild export); export --user EMAIL OUT.zip; "
        "reindex [--user EMAIL] rebuilds search hashes."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import entries (idempotent).")
        imp.add_argument("--user", required=True, help="the person's email")
        imp.add_argument(
            "source",
            help="jrnl JSON or Markdown, Day One JSON or zip, Journiv zip, Markdown folder, "
            "innerchild export",
        )
        exp = sub.add_parser("export", help="Export entries as JSON + Markdown in a zip.")
        exp.add_argument("--user", required=True, help="the person's email")
        exp.add_argument("out", help="the zip file to write")
        idx = sub.add_parser("reindex", help="Rebuild the search hashes.")
        idx.add_argument("--user", help="only this person (default: everyone)")

    def _person(self, email):
        try:
            return get_user_model().objects.get(email=email.strip().lower())
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account with the email {email}.") from None

    def handle(self, *args, action, **options):
        if action == "import":
            user = self._person(options["user"])
            source = Path(options["source"])
            if not source.exists():
                raise CommandError(f"{source}: no such file or folder.")
            try:
                report = importing.import_path(user, source)
            except importing.ImportProblem as exc:
                raise CommandError(f"{exc}\nNothing was imported.") from None
            self.stdout.write(report.summary())
        elif action == "export":
            user = self._person(options["user"])
            out = Path(options["out"])
            out.write_bytes(exporting.build_zip(user))
            out.chmod(0o600)
            self.stdout.write(f"Wrote {out} (keep it private: it holds the journal in plain text).")
        else:
            users = get_user_model().objects.all()
            if options.get("user"):
                users = [self._person(options["user"])]
            total = sum(search.rebuild_index(user) for user in users)
            self.stdout.write(f"Re-indexed {total} entr{'y' if total == 1 else 'ies'}.")
