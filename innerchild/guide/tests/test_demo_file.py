"""The demo sessions are data in content/demo.yaml, checked by `innerchild content check`."""

from __future__ import annotations

from django.test import SimpleTestCase

from innerchild.core.testing import problems_with_file
from innerchild.guide import hooks

SESSION = """\
sessions:
- days_ago: 3
  script: {script}
  distress_before: {before}
  distress_after: 2
  text: A calm evening.
"""


class DemoFileTests(SimpleTestCase):
    def problems_for(self, text: str) -> list[str]:
        return problems_with_file(text, hooks, "DEMO_FILE", hooks.demo_problems, "demo.yaml")

    def test_the_shipped_demo_file_is_valid(self):
        self.assertEqual(hooks.demo_problems(), [])

    def test_a_session_of_a_real_script_passes(self):
        self.assertEqual(self.problems_for(SESSION.format(script="safe-place", before=5)), [])

    def test_a_session_of_a_missing_script_is_reported_with_its_line(self):
        [problem] = self.problems_for(SESSION.format(script="no-such-script", before=5))
        self.assertIn("demo.yaml:3: no script 'no-such-script'", problem)

    def test_a_distress_rating_above_ten_is_reported(self):
        [problem] = self.problems_for(SESSION.format(script="safe-place", before=11))
        self.assertIn("demo.yaml:4: sessions/0/distress_before", problem)
