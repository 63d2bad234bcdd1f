"""The demo safety plan is data in content/demo_plan.yaml, checked by `innerchild content check`."""

from __future__ import annotations

from django.test import SimpleTestCase

from innerchild.core.testing import problems_with_file
from innerchild.safety import hooks
from innerchild.safety.models import PLAN_FIELDS


class DemoPlanFileTests(SimpleTestCase):
    def problems_for(self, text: str) -> list[str]:
        return problems_with_file(
            text, hooks, "DEMO_PLAN_FILE", hooks.demo_plan_problems, "demo_plan.yaml"
        )

    def test_the_shipped_demo_plan_is_valid(self):
        self.assertEqual(hooks.demo_plan_problems(), [])

    def test_a_plan_with_every_section_passes(self):
        text = "plan:\n" + "".join(f"  {name}: Some words.\n" for name in PLAN_FIELDS)
        self.assertEqual(self.problems_for(text), [])

    def test_a_missing_section_is_reported(self):
        text = "plan:\n" + "".join(f"  {name}: Some words.\n" for name in PLAN_FIELDS[1:])
        [problem] = self.problems_for(text)
        self.assertIn(f"'{PLAN_FIELDS[0]}' is a required property", problem)

    def test_an_unknown_section_is_reported_with_its_line(self):
        text = "plan:\n" + "".join(f"  {name}: Some words.\n" for name in PLAN_FIELDS)
        text += "  hobbies: Chess.\n"
        [problem] = self.problems_for(text)
        self.assertIn("demo_plan.yaml:1: plan:", problem)
        self.assertIn("'hobbies' was unexpected", problem)
