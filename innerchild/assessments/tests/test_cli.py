"""`innerchild assess score` and `innerchild assess list`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase


def assess(*args: str) -> str:
    out = StringIO()
    call_command("assess", *args, stdout=out)
    return out.getvalue()


class AssessScoreTests(SimpleTestCase):
    def test_it_prints_one_json_object_with_the_score(self):
        output = assess("score", "phq9", "1,1,1,1,1,1,1,1,1")
        self.assertEqual(
            json.loads(output),
            {
                "instrument": "phq9",
                "total": 9,
                "band": "mild",
                "flags": ["self_harm_item"],
                "subscales": {},
            },
        )
        self.assertEqual(len(output.strip().splitlines()), 1)

    def test_it_adds_percent_for_who5(self):
        result = json.loads(assess("score", "who5", "3,3,3,3,3"))
        self.assertEqual((result["total"], result["percent"], result["band"]), (15, 60, "good"))

    def test_it_prints_subscales_and_a_null_total_for_ecr_rs(self):
        result = json.loads(assess("score", "ecr_rs", "1,1,1,1,7,7,7,7,7"))
        self.assertIsNone(result["total"])
        self.assertEqual(result["subscales"], {"avoidance": 7.0, "anxiety": 7.0})
        self.assertNotIn("percent", result)

    def test_it_accepts_spaces_after_commas(self):
        self.assertEqual(
            json.loads(assess("score", "ace", "1, 1, 1, 1, 0, 0, 0, 0, 0, 0"))["band"], "high"
        )

    def test_a_wrong_number_of_answers_exits_with_status_2_naming_the_item(self):
        with self.assertRaisesMessage(
            CommandError, "gad7: item 7 needs an answer (allowed: 0, 1, 2, 3)"
        ) as caught:
            assess("score", "gad7", "0,0,0,0,0,0")
        self.assertEqual(caught.exception.returncode, 2)

    def test_a_value_outside_the_options_exits_with_status_2(self):
        with self.assertRaisesMessage(
            CommandError, "rses: item 4: 4 is not allowed (allowed: 0, 1, 2, 3)"
        ) as caught:
            assess("score", "rses", "0,0,0,4,0,0,0,0,0,0")
        self.assertEqual(caught.exception.returncode, 2)

    def test_an_unknown_instrument_exits_with_status_2_listing_the_known_ones(self):
        with self.assertRaisesMessage(
            CommandError, "'phq10' is not an instrument (known: ace, asq"
        ) as caught:
            assess("score", "phq10", "0")
        self.assertEqual(caught.exception.returncode, 2)


class AssessListTests(SimpleTestCase):
    def test_it_lists_every_instrument_with_its_version(self):
        lines = assess("list").strip().splitlines()
        self.assertEqual(len(lines), 10)
        self.assertTrue(lines[0].startswith("signs"))
        self.assertIn("1.0", lines[1])

    def test_it_can_print_json(self):
        rows = json.loads(assess("list", "--json"))
        self.assertEqual(
            {row["id"] for row in rows},
            {"signs", "phq9", "gad7", "who5", "rses", "pcl5", "scs_sf", "ecr_rs", "ace", "asq"},
        )
        self.assertFalse(next(row for row in rows if row["id"] == "pcl5")["adolescent_allowed"])


class AssessCommandLineTests(SimpleTestCase):
    def run_cli(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innerchild.test_settings"}
        return subprocess.run(
            [sys.executable, "-m", "innerchild.cli", "assess", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    def test_the_real_command_exits_2_with_one_line_on_stderr(self):
        finished = self.run_cli("score", "phq9", "0,0,0,0,0,0,0,0,9")
        self.assertEqual(finished.returncode, 2)
        self.assertEqual(finished.stdout, "")
        self.assertEqual(
            finished.stderr.strip(),
            "InvalidAnswers: phq9: item 9: 9 is not allowed (allowed: 0, 1, 2, 3)",
        )

    def test_the_real_command_prints_json_and_exits_0(self):
        finished = self.run_cli("score", "asq", "0,0,0,1,0")
        self.assertEqual(finished.returncode, 0, finished.stderr)
        self.assertEqual(json.loads(finished.stdout)["band"], "non_acute_positive")
