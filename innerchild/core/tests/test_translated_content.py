"""Every content file people read exists in every interface language, item for item.

English is the source. A translation lives beside it in content/<language>/ (session scripts in
content/scripts/<language>/) and must match it in everything but its text, which `content check`
verifies; this module makes sure no file is left out and that the checks catch what they should.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase

from innerchild.core.content import parse_yaml, translation_path, translation_problems

PACKAGE = Path(__file__).resolve().parents[2]
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]

# Content files with no translation file, and why. A new content file fails the test below until
# it has its translations or a line here.
NOT_TRANSLATED = {
    "journal/content/demo.yaml": "the demo member's own writing, in their language (English)",
    "guide/content/demo.yaml": "the demo member's own answers, in their language (English)",
    "safety/content/demo_plan.yaml": "the demo member's own safety plan, in English",
    "journal/content/insight_markers.yaml": "one file with a list per language (en, es)",
    "safety/content/crisis_lines.yaml": "names and numbers; its one sentence has a key per language",
}
# The screener keeps its own lexicon, corpus and model per language (docs/safety.md).
NOT_TRANSLATED_FOLDERS = ("safety/content/screening/",)


def english_content_files() -> list[str]:
    found = []
    for path in sorted(PACKAGE.glob("*/content/**/*.yaml")):
        relative = path.relative_to(PACKAGE).as_posix()
        parts = relative.split("/")
        if any(part in OTHER_LANGUAGES for part in parts):
            continue
        if relative.startswith(NOT_TRANSLATED_FOLDERS):
            continue
        found.append(relative)
    return found


def counterpart(relative: str, language: str) -> Path:
    path = PACKAGE / relative
    if path.parent.name == "en":
        return path.parent.parent / language / path.name
    return translation_path(path, language)


class TranslatedContentTests(SimpleTestCase):
    def test_every_content_file_has_each_languages_version(self):
        missing = [
            f"{relative} ({language})"
            for relative in english_content_files()
            if relative not in NOT_TRANSLATED
            for language in OTHER_LANGUAGES
            if not counterpart(relative, language).exists()
        ]
        self.assertEqual(missing, [])

    def test_it_finds_the_files_it_should(self):
        files = english_content_files()
        self.assertIn("guide/content/scripts/en/safe-place.yaml", files)
        self.assertIn("assessments/content/phq9.yaml", files)
        self.assertIn("journal/content/feelings.yaml", files)
        self.assertIn("core/content/signs.yaml", files)
        self.assertNotIn("guide/content/scripts/es/safe-place.yaml", files)

    def test_every_file_left_untranslated_still_exists(self):
        for relative in NOT_TRANSLATED:
            self.assertTrue((PACKAGE / relative).exists(), relative)

    def test_content_check_finds_no_missing_or_mismatched_translation(self):
        output = StringIO()
        call_command("content", "check", stdout=output)
        self.assertIn("Content is valid", output.getvalue())


def _doc(text: str, name: str = "es.yaml"):
    return parse_yaml(text, Path(name))


ENGLISH = _doc(
    """
id: demo
items:
  - {id: one, label: Close, value: 1}
  - {id: two, label: Open, value: 2}
""",
    "en.yaml",
)


class TranslationProblemsTests(SimpleTestCase):
    def problems(self, text: str) -> list[str]:
        return translation_problems(ENGLISH, _doc(text), frozenset({"label"}))

    def test_a_faithful_translation_has_no_problems(self):
        text = """
id: demo
items:
  - {id: one, label: Unido/a, value: 1}
  - {id: two, label: Abierto/a, value: 2}
"""
        self.assertEqual(self.problems(text), [])

    def test_it_finds_a_missing_item(self):
        text = """
id: demo
items:
  - {id: one, label: Unido/a, value: 1}
"""
        [problem] = self.problems(text)
        self.assertIn("must have 2 entries", problem)

    def test_it_finds_a_changed_id_or_value(self):
        text = """
id: demo
items:
  - {id: uno, label: Unido/a, value: 1}
  - {id: two, label: Abierto/a, value: 3}
"""
        problems = self.problems(text)
        self.assertEqual(len(problems), 2)
        self.assertIn("items/0/id", problems[0])
        self.assertIn("items/1/value", problems[1])

    def test_it_finds_an_empty_or_missing_text(self):
        text = """
id: demo
items:
  - {id: one, label: " ", value: 1}
  - {id: two, value: 2}
"""
        problems = self.problems(text)
        self.assertEqual(len(problems), 2)
        self.assertIn("needs a translation", problems[0])
        self.assertIn("'label' is missing", problems[1])

    def test_it_finds_a_key_the_english_file_does_not_have(self):
        text = """
id: demo
extra: true
items:
  - {id: one, label: Unido/a, value: 1}
  - {id: two, label: Abierto/a, value: 2}
"""
        [problem] = self.problems(text)
        self.assertIn("'extra' is not in the English file", problem)

    def test_the_problem_names_the_file_and_line(self):
        text = "id: demo\nitems:\n  - {id: one, label: Unido/a, value: 1}\n"
        [problem] = self.problems(text)
        self.assertTrue(problem.startswith("es.yaml:2:"), problem)
