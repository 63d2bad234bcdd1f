"""A `watch` screening never interrupts saving: the next page shows a calm, dismissible panel,
with the crisis lines first when the person's recent signals are raised."""

from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone

from innerchild.assessments.models import Attempt
from innerchild.core.testing import InnerchildTestCase
from innerchild.safety import api
from innerchild.safety.models import ReadinessCheck, RiskEvent, WatchPanelCount


def watch_note_for(test, user, *, event_id=None) -> None:
    """What a view does after a watch screening, in the logged-in client's session."""
    request = RequestFactory().post("/")
    request.user = user
    request.session = test.client.session
    response = api.response_for_screening(
        request, api.ScreeningOutcome(level="watch", event_id=event_id), return_to="/journal/"
    )
    test.assertIsNone(response)
    request.session.save()


class WatchResponseTests(InnerchildTestCase):
    def test_watch_needs_no_redirect_and_leaves_a_note(self):
        self.login(self.alice)
        watch_note_for(self, self.alice)
        self.assertEqual(
            self.client.session[api.WATCH_NOTE], {"raised": False, "return_to": "/journal/"}
        )

    def test_urgent_still_leads_to_the_crisis_screen(self):
        request = RequestFactory().post("/")
        request.user = self.alice
        response = api.response_for_screening(
            request, api.ScreeningOutcome(level="urgent"), return_to="/journal/"
        )
        self.assertEqual(response.url, "/safety/crisis/?next=%2Fjournal%2F")

    def test_the_next_page_shows_the_panel_once(self):
        self.login(self.alice)
        watch_note_for(self, self.alice)
        page = self.client.get("/safety/check-in/")
        self.assertContains(page, "What you wrote is saved.")
        self.assertContains(page, "This was about the past")
        self.assertContains(page, "Help me ground myself")
        self.assertNotContains(self.client.get("/safety/check-in/"), "This was about the past")

    def test_a_worrying_check_in_note_is_saved_without_a_redirect_to_the_check_in(self):
        self.login(self.alice)
        response = self.client.post(
            "/safety/check-in/", {"body": "Some nights I hope I just don't wake up."}
        )
        self.assertRedirects(response, "/safety/check-in/", fetch_redirect_response=False)
        self.assertEqual(RiskEvent.objects.get(user=self.alice).level, "watch")
        self.assertContains(self.client.get("/safety/check-in/"), "What you wrote is saved.")

    def test_with_raised_signals_the_crisis_lines_come_first_with_a_kind_word(self):
        self.alice.country = "GB"
        self.alice.save(update_fields=["country"])
        for _ in range(2):
            RiskEvent.objects.create(user=self.alice, level="watch", source="test")
        self.login(self.alice)
        watch_note_for(self, self.alice)
        page = self.client.get("/safety/check-in/").content.decode()
        self.assertIn("who is there for you", page)
        self.assertLess(page.index("Samaritans"), page.index("Help me ground myself"))

    def test_the_choice_is_counted_without_the_person_or_the_text(self):
        self.login(self.alice)
        watch_note_for(self, self.alice)
        response = self.client.post("/safety/watch/", {"choice": "past", "next": "/journal/"})
        self.assertRedirects(response, "/journal/", fetch_redirect_response=False)
        row = WatchPanelCount.objects.values().get()
        self.assertEqual((row["choice"], row["count"]), ("past", 1))
        self.assertEqual(set(row), {"id", "day", "choice", "count"})
        self.assertNotIn(api.WATCH_NOTE, self.client.session)
        self.client.post("/safety/watch/", {"choice": "past"})
        self.assertEqual(WatchPanelCount.objects.get().count, 2)

    def test_an_unknown_choice_or_another_site_is_refused_quietly(self):
        response = self.client.post("/safety/watch/", {"choice": "x", "next": "https://evil.test/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertFalse(WatchPanelCount.objects.exists())


class RecentSignalsTests(InnerchildTestCase):
    def test_nothing_recent_is_not_raised(self):
        self.assertEqual(api.recent_signals(self.alice), api.Signals())

    def test_several_risk_events_in_the_last_days_are_raised(self):
        RiskEvent.objects.create(user=self.alice, level="watch", source="a")
        self.assertFalse(api.recent_signals(self.alice).raised)
        event = RiskEvent.objects.create(user=self.alice, level="watch", source="b")
        self.assertEqual(api.recent_signals(self.alice).reasons, ("recent_events",))
        self.assertFalse(api.recent_signals(self.alice, exclude_event=event.id).raised)

    def test_old_events_do_not_count(self):
        for _ in range(3):
            event = RiskEvent.objects.create(user=self.alice, level="watch", source="a")
            RiskEvent.objects.filter(id=event.id).update(
                created_at=timezone.now() - timedelta(days=8)
            )
        self.assertFalse(api.recent_signals(self.alice).raised)

    def test_phq9_item_9_and_a_positive_asq_in_two_weeks_are_raised(self):
        now = timezone.now()
        Attempt.objects.create(
            owner=self.alice,
            instrument="phq9",
            instrument_version="1",
            completed_at=now - timedelta(days=3),
            flags=["self_harm_item"],
        )
        Attempt.objects.create(
            owner=self.alice,
            instrument="asq",
            instrument_version="1",
            completed_at=now - timedelta(days=20),
            band="non_acute_positive",
        )
        self.assertEqual(api.recent_signals(self.alice).reasons, ("phq9_item9",))
        self.assertFalse(api.recent_signals(self.bob).raised)

    def test_a_readiness_answer_of_thoughts_now_is_raised(self):
        ReadinessCheck.objects.create(user=self.alice, outcome="crisis", reasons=["thoughts_now"])
        self.assertEqual(api.recent_signals(self.alice).reasons, ("thoughts_now",))
