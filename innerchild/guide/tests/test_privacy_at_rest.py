"""Nothing a person types in a session is stored in the clear, in any guide table."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.guide.models import StepAnswer
from innerchild.guide.tests.helpers import start_run, walk

MEETING = "meeting-your-younger-self"
REPARENT_STEP = 7
TYPED = (
    "To feel a little closer to her.",
    "That I will cry.",
    "She was about seven.",
    "I was waiting.",
    "You are safe with me now, Robin.",
    "I felt softer.",
    "Someone to stay.",
)


def every_stored_value() -> list[str]:
    values = []
    for model in apps.get_app_config("guide").get_models():
        for field in model._meta.concrete_fields:
            table, column = model._meta.db_table, field.column
            values += [str(value) for value in raw_column_values(table, column)]
    return values


class TypedWordsAtRestTests(InnerchildTestCase):
    def test_no_typed_words_appear_in_any_guide_column(self):
        self.login(self.alice)
        run = start_run(self.client, MEETING)
        walk(self.client, run, until=REPARENT_STEP + 1)
        self.client.post(
            run.step_url(REPARENT_STEP),
            {"chosen": ["0"], "own_words": TYPED[4], "save_to_affirmations": "on"},
        )
        walk(self.client, run)
        answer = StepAnswer.objects.get(run=run, step_index=REPARENT_STEP)
        self.assertIn(TYPED[4], answer.affirmations_saved)
        stored = every_stored_value()
        self.assertTrue(stored)
        for words in TYPED:
            self.assertFalse([value for value in stored if words in value], words)

    def test_lines_saved_in_the_clear_by_earlier_versions_are_moved_to_encrypted_storage(self):
        self.login(self.alice)
        run = start_run(self.client, MEETING)
        answer = StepAnswer.objects.create(
            run=run,
            step_index=REPARENT_STEP,
            step_type="reparent",
            text="I am here now.",
            data={"save_to_affirmations": True, "saved_affirmations": ["I am here now."]},
        )
        migration = import_module("innerchild.guide.migrations.0002_affirmations_saved_encrypted")
        migration.move_saved_affirmations(apps, None)
        answer.refresh_from_db()
        self.assertEqual(answer.affirmations_saved, "I am here now.")
        self.assertNotIn("saved_affirmations", answer.data)
        self.assertFalse([value for value in every_stored_value() if "here now" in value])
