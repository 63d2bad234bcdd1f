"""The Spanish catalogue: every entry translated, none fuzzy, placeholders kept, and the committed
.mo in step with the .po (installing needs no gettext tools, so the .mo is what people get)."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"line {self.line}: {self.msgid[:70]!r}"


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` ones are left out)."""
    entries: list[Entry] = []
    entry, target = None, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(target, int):
                entry.msgstr[target] += value
            else:
                setattr(entry, target, getattr(entry, target) + value)
        else:
            keyword, _space, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                target = int(keyword[7:-1])
                entry.msgstr[target] = value
            elif keyword == "msgstr":
                target = 0
                entry.msgstr[0] = value
            else:
                target = keyword
                setattr(entry, keyword, value)
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(set(PLACEHOLDER.findall(text)))


class SpanishCatalogueTests(SimpleTestCase):
    path = LOCALE_DIR / "es" / "LC_MESSAGES" / "django.po"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entries = read_po(cls.path)
        cls.header, cls.messages = cls.entries[0], cls.entries[1:]

    def test_the_catalogue_has_two_plural_forms(self):
        self.assertEqual(self.header.msgid, "")
        self.assertIn("Plural-Forms: nplurals=2; plural=(n != 1);", self.header.msgstr[0])

    def test_every_entry_is_translated(self):
        untranslated = [
            entry.label
            for entry in self.messages
            if not entry.msgstr or any(not form for form in entry.msgstr.values())
        ]
        self.assertEqual(untranslated, [])

    def test_no_entry_is_fuzzy(self):
        self.assertEqual([e.label for e in self.messages if "fuzzy" in e.flags], [])

    def test_plural_entries_have_both_forms(self):
        wrong = [e.label for e in self.messages if e.msgid_plural and sorted(e.msgstr) != [0, 1]]
        self.assertEqual(wrong, [])

    def test_translations_keep_the_placeholders(self):
        wrong = []
        for entry in self.messages:
            expected = placeholders(entry.msgid_plural or entry.msgid)
            for form, text in entry.msgstr.items():
                # A singular form may spell out the number ("una") instead of %(count)s.
                allowed = (expected, placeholders(entry.msgid)) if form == 0 else (expected,)
                if placeholders(text) not in allowed:
                    wrong.append(f"{entry.label} form {form}: {placeholders(text)}")
        self.assertEqual(wrong, [])

    def test_the_compiled_catalogue_matches_the_po_file(self):
        with (self.path.with_suffix(".mo")).open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        stale = []
        for entry in self.messages:
            key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
            if entry.msgid_plural:
                found = compiled._catalog.get((key, 0))
            else:
                found = compiled._catalog.get(key)
            if found != entry.msgstr[0]:
                stale.append(entry.label)
        self.assertEqual(stale, [], "run compilemessages (README, Languages)")


class ExtractableStringsTests(SimpleTestCase):
    """makemessages finds gettext calls by name; a string marked through another alias is never
    extracted, so it can never be translated."""

    def test_gettext_is_only_ever_imported_under_a_name_makemessages_knows(self):
        package = Path(__file__).resolve().parents[2]
        wrong = []
        for path in sorted(package.rglob("*.py")):
            if {"tests", "migrations"} & set(path.parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    for alias in node.names:
                        if alias.asname not in (None, "_"):
                            wrong.append(
                                f"{path.relative_to(package)}:{node.lineno}: {alias.name} as {alias.asname}"
                            )
        self.assertEqual(wrong, [])


class PoReaderTests(SimpleTestCase):
    def test_it_reads_flags_plurals_and_multiline_strings(self):
        import tempfile

        text = (
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2;\\n"\n\n'
            '#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr ""\n"Hola "\n"%(name)s"\n\n'
            'msgid "One day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "Un día"\nmsgstr[1] ""\n\n'
            '#~ msgid "Gone"\n#~ msgstr "Ido"\n'
        )
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "django.po"
            path.write_text(text, encoding="utf-8")
            header, hello, days = read_po(path)
        self.assertIn("nplurals=2", header.msgstr[0])
        self.assertEqual(hello.flags, {"fuzzy", "python-format"})
        self.assertEqual(hello.msgstr[0], "Hola %(name)s")
        self.assertEqual(days.msgid_plural, "%(n)s days")
        self.assertEqual(days.msgstr, {0: "Un día", 1: ""})
