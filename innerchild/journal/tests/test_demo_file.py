"""The demo journal is data in content/demo.yaml, checked by `innerchild content check`."""

from __future__ import annotations

from django.test import SimpleTestCase

from innerchild.core.testing import problems_with_file
from innerchild.journal import demo

GOOD_ENTRY = """\
entries:
- days_ago: 2
  kind: entry
  title: A day
  emotion: {emotion}
  signs: [{sign}]
affirmations: [I am enough.]
younger_self: {{name: Little me, ages: '7', needed: Care, comforting_words: You are safe.}}
"""


class DemoFileTests(SimpleTestCase):
    def problems_for(self, text: str) -> list[str]:
        return problems_with_file(text, demo, "DEMO_FILE", demo.check_demo_file, "demo.yaml")

    def test_the_shipped_demo_file_is_valid(self):
        self.assertEqual(demo.check_demo_file(), [])

    def test_the_shipped_demo_file_has_every_kind_of_writing(self):
        kinds = {entry["kind"] for entry in demo.demo_content()["entries"]}
        self.assertEqual(kinds, {"entry", "trigger", "letter_to", "letter_from", "dialogue"})

    def test_a_well_formed_entry_passes(self):
        self.assertEqual(
            self.problems_for(GOOD_ENTRY.format(emotion="peaceful", sign="triggers")), []
        )

    def test_an_unknown_sign_is_reported_with_its_line(self):
        [problem] = self.problems_for(GOOD_ENTRY.format(emotion="peaceful", sign="sadness"))
        self.assertIn("demo.yaml:6: entries/0/signs/0", problem)

    def test_an_unknown_feeling_is_reported_with_its_line(self):
        [problem] = self.problems_for(GOOD_ENTRY.format(emotion="zorgish", sign="triggers"))
        self.assertIn("demo.yaml:5: entries/0/emotion: unknown 'zorgish'", problem)

    def test_an_entry_without_days_ago_is_reported(self):
        text = GOOD_ENTRY.format(emotion="peaceful", sign="triggers").replace(
            "- days_ago: 2\n  ", "- "
        )
        [problem] = self.problems_for(text)
        self.assertIn("'days_ago' is a required property", problem)
