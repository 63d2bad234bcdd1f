from __future__ import annotations

from innerchild.assessments.demo import build_demo_data
from innerchild.assessments.export import export_section
from innerchild.assessments.models import Attempt
from innerchild.assessments.tests.helpers import complete
from innerchild.core import registry
from innerchild.core.testing import InnerchildTestCase


class ExportTests(InnerchildTestCase):
    def test_it_exports_every_attempt_with_answers_and_score(self):
        complete(self.alice, "who5", [3, 3, 3, 3, 2])
        self.login(self.alice)
        self.client.post("/assessments/gad7/")
        complete(self.bob, "phq9", [1] * 9)
        section = export_section(self.alice)
        self.assertEqual(section.name, "assessments")
        self.assertEqual(len(section.data), 2)
        who5 = next(a for a in section.data if a["instrument"] == "who5")
        self.assertEqual(who5["score"]["percent"], 56)
        self.assertEqual([a["value"] for a in who5["answers"]], [3, 3, 3, 3, 2])
        unfinished = next(a for a in section.data if a["instrument"] == "gad7")
        self.assertIsNone(unfinished["score"])

    def test_it_is_registered_for_the_data_export(self):
        self.assertIn(export_section, registry.export_sections)


class DemoDataTests(InnerchildTestCase):
    def test_it_adds_a_few_weeks_of_check_ins_once(self):
        build_demo_data(member=self.alice, facilitator=self.fay)
        count = Attempt.objects.filter(owner=self.alice).count()
        self.assertEqual(count, 20)
        self.assertEqual(
            set(Attempt.objects.values_list("instrument", flat=True)),
            {"signs", "phq9", "gad7", "who5"},
        )
        build_demo_data(member=self.alice, facilitator=self.fay)
        self.assertEqual(Attempt.objects.filter(owner=self.alice).count(), count)

    def test_demo_phq9_never_flags_self_harm(self):
        build_demo_data(member=self.alice, facilitator=self.fay)
        self.assertFalse(any(a.flags for a in Attempt.objects.filter(instrument="phq9")))
