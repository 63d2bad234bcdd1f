"""`innerchild assess score ID ANSWERS` and `innerchild assess list`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from innerchild.assessments.instruments import all_instruments, get_instrument, instrument_list
from innerchild.assessments.scoring import AnswerError, score


class InvalidAnswers(CommandError):
    """Printed by Django as `InvalidAnswers: <message>` on one line; exit status 2."""


class UnknownInstrument(CommandError):
    pass


class Command(BaseCommand):
    help = "Score answers to an instrument, or list the instruments."
    # Scoring needs no database or URLs; skipping checks keeps it fast and usable anywhere.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        scorer = commands.add_parser("score", help="Score raw answers; prints one JSON object.")
        scorer.add_argument("instrument", help="instrument id, e.g. phq9")
        scorer.add_argument("answers", help="comma-separated raw values in item order, e.g. 0,1,2")
        lister = commands.add_parser("list", help="List the instruments and versions.")
        lister.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args, **options):
        if options["action"] == "list":
            return self.list(as_json=options["json"])
        return self.score(options["instrument"], options["answers"])

    def score(self, instrument_id: str, answers_text: str) -> None:
        try:
            instrument = get_instrument(instrument_id)
        except KeyError:
            known = ", ".join(sorted(all_instruments()))
            raise UnknownInstrument(
                f"{instrument_id!r} is not an instrument (known: {known})", returncode=2
            ) from None
        answers = [part.strip() for part in answers_text.split(",")] if answers_text else []
        try:
            result = score(instrument, answers)
        except AnswerError as exc:
            raise InvalidAnswers(str(exc), returncode=2) from None
        self.stdout.write(json.dumps(result.as_dict()))

    def list(self, *, as_json: bool) -> None:
        rows = [
            {
                "id": instrument.id,
                "version": instrument.version,
                "title": instrument.title,
                "items": len(instrument.items),
                "adolescent_allowed": instrument.adolescent_allowed,
            }
            for instrument in instrument_list()
        ]
        if as_json:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            self.stdout.write(f"{row['id']:<8} {row['version']:<6} {row['title']}")
