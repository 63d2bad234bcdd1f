import io
import json

from django.core.management import call_command
from django.test import SimpleTestCase


def scan(data: bytes, *args: str) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("safety", "scan", *args, stdin=io.BytesIO(data), stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


class ScanCommandTests(SimpleTestCase):
    def test_it_writes_one_json_object_per_line(self):
        rows, err = scan(b"I want to die\nthis workout is killing me\nkms tonight\n")
        self.assertEqual([row["level"] for row in rows], ["watch", "none", "urgent"])
        self.assertEqual(rows[0]["categories"], ["suicidal_ideation"])
        self.assertEqual(err, "")

    def test_empty_lines_are_none(self):
        rows, _err = scan(b"\n\n")
        none = {"level": "none", "categories": [], "reasons": []}
        self.assertEqual(rows, [{"line": 1, **none}, {"line": 2, **none}])

    def test_invalid_utf8_is_reported_with_its_line_number_and_the_run_goes_on(self):
        rows, err = scan(b"fine\n\xff\xfe broken\nI want to die\n")
        self.assertIn("line 2: not valid UTF-8", err)
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[1]["error"], "invalid_utf8")
        self.assertEqual(rows[2]["level"], "watch")

    def test_it_screens_spanish(self):
        rows, _err = scan("Me voy a matar esta noche, adiós\n".encode(), "--lang", "es")
        self.assertEqual(rows[0]["level"], "urgent")

    def test_the_last_line_needs_no_newline(self):
        rows, _err = scan(b"I wish I was dead")
        self.assertEqual(rows[0]["level"], "watch")


class LinesCommandTests(SimpleTestCase):
    def lines(self, *args: str) -> str:
        out = io.StringIO()
        call_command("safety", "lines", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_a_countrys_lines(self):
        output = self.lines("US")
        self.assertIn("Emergency: 911", output)
        self.assertIn("call 988", output)
        self.assertIn("text HOME to 741741", output)

    def test_youth_lines_come_first_when_asked(self):
        output = self.lines("GB", "--youth")
        self.assertLess(output.index("Childline"), output.index("Samaritans"))

    def test_an_unknown_country_gets_the_international_directory(self):
        self.assertIn("https://findahelpline.com/", self.lines("ZZ"))
