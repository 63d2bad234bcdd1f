"""Instrument files are validated at load; `innerchild content check` reports file and line."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from innerchild.assessments.instruments import CONTENT_DIR, all_instruments, load_instruments
from innerchild.core import registry
from innerchild.core.content import ContentError
from innerchild.core.signs import sign_ids


class InstrumentFilesTests(SimpleTestCase):
    def setUp(self):
        self.directory = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.directory)

    def copy(self, instrument_id: str) -> Path:
        target = self.directory / f"{instrument_id}.yaml"
        shutil.copy(CONTENT_DIR / f"{instrument_id}.yaml", target)
        return target

    def problems_after(self, instrument_id: str, old: str, new: str) -> list[str]:
        path = self.copy(instrument_id)
        path.write_text(path.read_text().replace(old, new, 1))
        with self.assertRaises(ContentError) as caught:
            load_instruments(self.directory)
        return caught.exception.problems

    def line_of(self, instrument_id: str, text: str) -> int:
        lines = (CONTENT_DIR / f"{instrument_id}.yaml").read_text().splitlines()
        return next(number for number, line in enumerate(lines, start=1) if text in line)

    def test_all_ten_instruments_load(self):
        self.assertEqual(len(all_instruments()), 10)

    def test_the_signs_items_are_the_ten_signs_in_order(self):
        items = all_instruments()["signs"].items
        self.assertEqual(tuple(item.sign for item in items), sign_ids())

    def test_a_schema_error_names_the_file_and_line(self):
        problems = self.problems_after("gad7", "minimum_age: 16", "minimum_age: sixteen")
        self.assertEqual(len(problems), 1)
        line = self.line_of("gad7", "minimum_age: 16")
        self.assertIn(f"gad7.yaml:{line}: minimum_age: 'sixteen' is not of type", problems[0])

    def test_an_unknown_sign_is_reported_with_its_line(self):
        problems = self.problems_after("signs", "sign: stress,", "sign: worry,")
        line = self.line_of("signs", "sign: stress,")
        self.assertIn(f"signs.yaml:{line}: unknown sign 'worry'", problems[0])

    def test_an_unknown_rule_is_reported(self):
        problems = self.problems_after("pcl5", "rule: pcl5_dsm5_pattern", "rule: guesswork")
        self.assertIn("unknown rule 'guesswork'", problems[0])

    def test_a_condition_on_a_missing_item_is_reported(self):
        problems = self.problems_after("phq9", 'items: ["9"]', 'items: ["10"]')
        self.assertIn("unknown item '10'", problems[0])

    def test_content_check_covers_the_instruments_and_finds_them_valid(self):
        check = next(c for c in registry.content_checks if c.name == "assessments")
        self.assertEqual(check.check(), [])
