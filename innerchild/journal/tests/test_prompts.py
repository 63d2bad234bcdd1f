from datetime import date
from unittest import mock

import time_machine
from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal import vocab
from innerchild.journal.models import PromptShown
from innerchild.journal.prompting import choose_prompt, prompt_for_today
from innerchild.journal.tests.helpers import write

STRONGEST = "innerchild.assessments.api.strongest_signs"


class PromptLibraryContentTests(InnerchildTestCase):
    def test_there_are_at_least_sixty_prompts_covering_every_sign_and_stage(self):
        prompts = vocab.prompts()
        self.assertGreaterEqual(len(prompts), 60)
        from innerchild.core.signs import sign_ids

        self.assertEqual({s for p in prompts for s in p.signs}, set(sign_ids()))
        self.assertEqual({p.stage for p in prompts}, set(vocab.STAGES))

    def test_the_feelings_vocabulary_has_at_least_sixty_words_in_families(self):
        self.assertGreaterEqual(len(vocab.feeling_index()), 60)
        self.assertGreaterEqual(len(vocab.families()), 6)

    def test_content_check_passes(self):
        self.assertEqual(vocab.check_content(), [])


class PromptForTodayTests(InnerchildTestCase):
    def test_it_is_the_same_all_day(self):
        with time_machine.travel("2026-03-02 09:00Z", tick=False):
            first = prompt_for_today(self.alice)
        with time_machine.travel("2026-03-02 20:00Z", tick=False):
            self.assertEqual(prompt_for_today(self.alice), first)
        self.assertEqual(PromptShown.objects.filter(owner=self.alice).count(), 1)

    def test_it_follows_my_strongest_signs(self):
        with mock.patch(STRONGEST, return_value=["abandonment"]):
            prompt = prompt_for_today(self.alice)
        self.assertIn("abandonment", prompt.signs)

    def test_it_changes_the_same_day_after_a_new_self_check(self):
        with time_machine.travel("2026-03-02 09:00Z", tick=False):
            before = prompt_for_today(self.alice)
            with mock.patch(STRONGEST, return_value=["loneliness", "stress"]):
                after = prompt_for_today(self.alice)
        self.assertNotEqual(before, after)
        self.assertTrue({"loneliness", "stress"} & set(after.signs))

    def test_it_does_not_repeat_until_the_library_runs_out(self):
        seen = []
        for day in range(1, 31):
            with time_machine.travel(f"2026-01-{day:02d} 12:00Z", tick=False):
                seen.append(prompt_for_today(self.alice).id)
        self.assertEqual(len(seen), len(set(seen)))

    def test_the_choice_is_deterministic(self):
        args = (7, date(2026, 1, 5), ["stress"], {}, 0)
        self.assertEqual(choose_prompt(*args), choose_prompt(*args))

    def test_writing_from_a_prompt_marks_it_used(self):
        prompt = prompt_for_today(self.alice)
        entry = write(self.alice, prompt_id=prompt.id)
        self.assertIsNotNone(PromptShown.objects.get(owner=self.alice).used_at)
        self.login(self.alice)
        self.assertContains(self.client.get(entry.get_absolute_url()), prompt.text)


class PromptPagesTests(InnerchildTestCase):
    def test_the_library_filters_by_sign_and_stage(self):
        self.login(self.alice)
        response = self.client.get(
            reverse("journal:prompts"), {"sign": "loneliness", "stage": "reconnect"}
        )
        expected = [
            p for p in vocab.prompts() if "loneliness" in p.signs and p.stage == "reconnect"
        ]
        self.assertTrue(expected)
        for prompt in expected:
            self.assertContains(response, prompt.text)
        self.assertNotContains(response, vocab.prompt_index()["stress_inventory"].text)

    def test_the_journal_home_shows_todays_prompt(self):
        self.login(self.alice)
        response = self.client.get(reverse("journal:index"))
        self.assertContains(response, prompt_for_today(self.alice).text)

    def test_the_write_page_shows_the_chosen_prompt(self):
        self.login(self.alice)
        prompt = vocab.prompt_index()["boundary_unsaid"]
        response = self.client.get(reverse("journal:new"), {"prompt": prompt.id})
        self.assertContains(response, prompt.text)
        self.assertContains(response, f'value="{prompt.id}"')

    def test_the_library_requires_login(self):
        response = self.client.get(reverse("journal:prompts"))
        self.assertEqual(response.status_code, 302)


class LongPromptHistoryTests(InnerchildTestCase):
    def setUp(self):
        from datetime import timedelta

        from django.utils import timezone

        ids = list(vocab.prompt_index())
        today = timezone.localdate()
        PromptShown.objects.bulk_create(
            PromptShown(
                owner=self.alice,
                prompt_id=ids[n % len(ids)],
                day=today - timedelta(days=n + 1),
                shown_at=timezone.now() - timedelta(days=n + 1),
                used_at=timezone.now() if n % 3 == 0 else None,
            )
            for n in range(1000)
        )

    def prompt_rows_read(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            prompt_for_today(self.alice)
        reads = [q["sql"] for q in captured if "journal_promptshown" in q["sql"]]
        self.assertTrue(reads)
        with connection.cursor() as cursor:
            return sum(len(cursor.execute(sql).fetchall()) for sql in reads if "SELECT" in sql)

    def test_after_a_thousand_days_the_prompt_is_chosen_without_reading_every_day(self):
        self.assertLessEqual(self.prompt_rows_read(), len(vocab.prompt_index()) + 2)

    def test_once_chosen_todays_prompt_is_found_with_one_row(self):
        first = prompt_for_today(self.alice)
        self.assertLessEqual(self.prompt_rows_read(), 1)
        self.assertEqual(prompt_for_today(self.alice), first)
