from django.test import SimpleTestCase

from innerchild.safety.lines import check_lines, lines_for

REQUIRED = {
    "US": ["988", "741741"],
    "CA": ["988"],
    "GB": ["116 123", "0800 1111"],
    "IE": ["116 123"],
    "AU": ["13 11 14"],
    "NZ": ["1737"],
    "ES": ["024"],
    "MX": ["800 911 2000"],
    "DE": ["0800 111 0 111", "0800 111 0 222"],
    "FR": ["3114"],
    "IN": ["14416"],
    "BR": ["188"],
}


class CrisisLinesTests(SimpleTestCase):
    def test_the_file_matches_its_schema(self):
        self.assertEqual(check_lines(), [])

    def test_every_required_country_has_its_lines_and_an_emergency_number(self):
        for country, numbers in REQUIRED.items():
            with self.subTest(country=country):
                found = lines_for(country)
                self.assertTrue(found.known)
                self.assertTrue(found.emergency)
                listed = {line.call for line in found.lines} | {line.text for line in found.lines}
                for number in numbers:
                    self.assertIn(number, listed)

    def test_every_line_names_its_source_and_when_it_was_checked(self):
        for country in REQUIRED:
            for line in lines_for(country).lines:
                with self.subTest(line=line.name):
                    self.assertTrue(line.source.startswith("https://"))
                    self.assertRegex(line.last_verified, r"^\d{4}-\d{2}-\d{2}$")

    def test_numbers_become_one_tap_links(self):
        us = lines_for("us")
        lifeline, text_line = us.lines[0], us.lines[1]
        self.assertEqual(lifeline.tel_href, "tel:988")
        self.assertEqual(text_line.sms_href, "sms:741741?&body=HOME")
        self.assertEqual(lines_for("DE").lines[0].tel_href, "tel:08001110111")
        self.assertEqual(us.emergency_href, "tel:911")

    def test_youth_lines_come_first_for_young_people(self):
        self.assertTrue(lines_for("GB", youth=True).lines[0].is_youth)
        self.assertFalse(lines_for("GB").lines[0].is_youth)
        self.assertEqual(
            lines_for("ES", youth=True).lines[0].name,
            "Fundación ANAR (niños, niñas y adolescentes)",
        )

    def test_an_unknown_or_missing_country_falls_back_to_the_international_directory(self):
        for country in ("", None, "ZZ", "xyz"):
            with self.subTest(country=country):
                found = lines_for(country)
                self.assertFalse(found.known)
                self.assertEqual(found.lines, ())
                self.assertEqual(found.international["url"], "https://findahelpline.com/")
