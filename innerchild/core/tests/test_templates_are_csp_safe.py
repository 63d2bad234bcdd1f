"""Every template in the project obeys the strict CSP: no inline scripts, styles or handlers,
and nothing loaded from another site."""

import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
STYLE_TAG = re.compile(r"<style\b", re.I)
HANDLER_ATTR = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
REMOTE = re.compile(r"(src|href)\s*=\s*[\"'](https?:)?//(?!\{\{)", re.I)
ALLOWED_REMOTE_LINKS = re.compile(r"<a\b[^>]*href", re.I)


def templates() -> list[Path]:
    return sorted(p for p in ROOT.rglob("templates/**/*.html"))


class TemplateCspTests(SimpleTestCase):
    def test_there_are_templates_to_check(self):
        self.assertGreater(len(templates()), 10)

    def test_no_template_has_inline_scripts(self):
        offenders = [str(p) for p in templates() if INLINE_SCRIPT.search(p.read_text())]
        self.assertEqual(offenders, [])

    def test_no_template_has_inline_styles(self):
        offenders = [
            str(p)
            for p in templates()
            if STYLE_ATTR.search(p.read_text()) or STYLE_TAG.search(p.read_text())
        ]
        self.assertEqual(offenders, [])

    def test_no_template_has_inline_event_handlers(self):
        offenders = [str(p) for p in templates() if HANDLER_ATTR.search(p.read_text())]
        self.assertEqual(offenders, [])

    def test_no_template_loads_anything_from_another_site(self):
        offenders = []
        for path in templates():
            for line in path.read_text().splitlines():
                if REMOTE.search(line) and not ALLOWED_REMOTE_LINKS.search(line):
                    offenders.append(f"{path}: {line.strip()}")
        self.assertEqual(offenders, [])
