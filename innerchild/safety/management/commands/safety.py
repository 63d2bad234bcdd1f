"""`innerchild safety scan [--lang en|es]` and `innerchild safety lines COUNTRY [--youth]`."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Safety tools. `scan`: screen one text per line from stdin, print one JSON object per "
        "line. `lines COUNTRY`: print the crisis lines for a country (ISO code, e.g. GB)."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="screen stdin, one text per line")
        scan.add_argument("--lang", default="en", help="language of the texts (en, es)")
        lines = sub.add_parser("lines", help="crisis lines for a country")
        lines.add_argument("country", help="two-letter country code, e.g. US, GB, ES")
        lines.add_argument("--youth", action="store_true", help="lines for young people first")

    def handle(self, *args, action: str, **options):
        if action == "scan":
            return self.scan(options["lang"], options.get("stdin") or sys.stdin.buffer)
        return self.lines(options["country"], youth=options["youth"])

    def scan(self, language: str, stream) -> None:
        from innerchild.safety.screening import languages, screen

        if language not in languages():
            raise CommandError(f"unknown language {language!r}; known: {', '.join(languages())}")
        problems = 0
        for number, raw in enumerate(stream, start=1):
            raw = raw.rstrip(b"\r\n")
            record: dict = {"line": number}
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems += 1
                self.stderr.write(
                    f"line {number}: not valid UTF-8 ({exc.reason} at byte {exc.start})"
                )
                # Screen what can be read anyway: a damaged line may still say something urgent.
                text = raw.decode("utf-8", errors="replace")
                record["error"] = "invalid_utf8"
            result = screen(text, language)
            record.update(
                level=result.level,
                categories=list(result.categories),
                reasons=[reason.phrase for reason in result.reasons],
            )
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if problems:
            self.stderr.write(f"{problems} line(s) were not valid UTF-8.")

    def lines(self, country: str, *, youth: bool) -> None:
        from innerchild.safety.lines import lines_for

        found = lines_for(country, youth=youth)
        if not found.known:
            intl = found.international
            self.stdout.write(f"No list for {country.upper()!r} yet. {intl['description']}")
            self.stdout.write(f"  {intl['name']}: {intl['url']}")
            self.stdout.write(f"Emergency: your local number ({found.emergency} from most mobiles)")
            return
        self.stdout.write(f"Emergency: {found.emergency}")
        for line in found.lines:
            ways = []
            if line.call:
                ways.append(f"call {line.call}")
            if line.text:
                ways.append(
                    f"text {line.text_body} to {line.text}"
                    if line.text_body
                    else f"text {line.text}"
                )
            if line.chat:
                ways.append(f"chat {line.chat}")
            youth_mark = " [young people]" if line.is_youth else ""
            hours = f" ({line.hours})" if line.hours else ""
            self.stdout.write(f"{line.name}{youth_mark}: {', '.join(ways)}{hours}")
            self.stdout.write(f"  source: {line.source} (checked {line.last_verified})")
