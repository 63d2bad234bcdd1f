from datetime import timedelta

import time_machine
from django.test import RequestFactory
from django.utils import timezone

from innerchild.core.testing import InnerchildTestCase
from innerchild.safety import api
from innerchild.safety.models import DeepWorkUnlock, DistressRating, ReadinessCheck, RiskEvent


class ScreenSavedTextTests(InnerchildTestCase):
    def test_it_records_a_risk_event_without_the_text(self):
        outcome = api.screen_saved_text(
            self.alice, "I want to kill myself tonight", source="journal-entry:7"
        )
        self.assertEqual(outcome.level, "urgent")
        event = RiskEvent.objects.get(id=outcome.event_id)
        self.assertEqual(
            (event.user, event.level, event.source), (self.alice, "urgent", "journal-entry:7")
        )
        self.assertIn("suicide_plan_or_intent", event.categories)
        row = RiskEvent.objects.filter(id=event.id).values().get()
        self.assertFalse(any("kill" in str(value) for value in row.values()))

    def test_nothing_is_recorded_for_ordinary_text(self):
        outcome = api.screen_saved_text(self.alice, "A good walk today.", source="x:1")
        self.assertEqual((outcome.level, outcome.event_id), ("none", None))
        self.assertFalse(RiskEvent.objects.exists())

    def test_it_never_raises_for_odd_text(self):
        for text in ("", None, "\x00\x00", "💔" * 1000, 12345):
            with self.subTest(text=text):
                self.assertEqual(api.screen_saved_text(self.alice, text, source="x").level, "none")

    def test_it_uses_the_persons_language_and_understands_others(self):
        self.alice.language = "es"
        outcome = api.screen_saved_text(self.alice, "Quiero morir", source="x:2")
        self.assertEqual(outcome.level, "watch")
        self.assertEqual(RiskEvent.objects.get().language, "es")


class ResponseForScreeningTests(InnerchildTestCase):
    def test_none_needs_no_response(self):
        request = RequestFactory().get("/")
        self.assertIsNone(
            api.response_for_screening(request, api.ScreeningOutcome(), return_to="/")
        )

    def test_watch_never_interrupts_saving(self):
        request = RequestFactory().get("/")
        request.session = {}
        response = api.response_for_screening(
            request, api.ScreeningOutcome(level="watch"), return_to="/journal/3/"
        )
        self.assertIsNone(response)
        self.assertEqual(request.session[api.WATCH_NOTE]["return_to"], "/journal/3/")

    def test_urgent_leads_to_the_crisis_screen_and_back(self):
        request = RequestFactory().get("/")
        response = api.response_for_screening(
            request, api.ScreeningOutcome(level="urgent"), return_to="/journal/3/"
        )
        self.assertEqual(response.url, "/safety/crisis/?next=%2Fjournal%2F3%2F")


class UrlTests(InnerchildTestCase):
    def test_urls(self):
        self.assertEqual(api.pause_url(return_to="/a/"), "/safety/pause/?from=%2Fa%2F")
        self.assertEqual(api.pause_url(), "/safety/pause/")
        self.assertEqual(api.crisis_url(), "/safety/crisis/")
        self.assertEqual(
            api.readiness_url(next_url="/guide/x/"), "/safety/readiness/?next=%2Fguide%2Fx%2F"
        )
        self.assertEqual(api.check_in_url(next_url="/b/"), "/safety/are-you-safe/?next=%2Fb%2F")


class DeepExerciseGateTests(InnerchildTestCase):
    def test_readiness_is_needed_first(self):
        gate = api.deep_exercise_gate(self.alice)
        self.assertEqual(
            (gate.allowed, gate.readiness_needed, gate.code), (False, True, "readiness_needed")
        )

    def test_a_fresh_ready_answer_opens_deep_work(self):
        ReadinessCheck.objects.create(user=self.alice, outcome="ready")
        self.assertTrue(api.deep_exercise_gate(self.alice).allowed)

    def test_readiness_expires_after_a_day(self):
        ReadinessCheck.objects.create(user=self.alice, outcome="ready")
        with time_machine.travel(timezone.now() + timedelta(hours=25)):
            self.assertTrue(api.deep_exercise_gate(self.alice).readiness_needed)

    def test_gentle_only_keeps_deep_work_closed_with_the_reason(self):
        ReadinessCheck.objects.create(
            user=self.alice, outcome="gentle_only", reasons=["substances_today"]
        )
        gate = api.deep_exercise_gate(self.alice)
        self.assertFalse(gate.allowed)
        self.assertEqual(gate.code, "gentle_only")
        self.assertIn("Alcohol and drugs", gate.reason)

    def test_teens_stay_gentle_only_until_a_facilitator_unlocks(self):
        ReadinessCheck.objects.create(user=self.tess, outcome="ready")
        self.assertEqual(api.deep_exercise_gate(self.tess).code, "adolescent")
        DeepWorkUnlock.objects.create(member=self.tess, unlocked_by=self.fay)
        self.assertTrue(api.deep_exercise_gate(self.tess).allowed)

    def test_an_urgent_screening_closes_deep_work_for_a_day(self):
        ReadinessCheck.objects.create(user=self.alice, outcome="ready")
        RiskEvent.objects.create(user=self.alice, level="urgent", source="test")
        gate = api.deep_exercise_gate(self.alice)
        self.assertEqual((gate.allowed, gate.code), (False, "crisis"))
        self.assertIn("deep exercises stay closed for a day", gate.reason)
        with time_machine.travel(timezone.now() + timedelta(hours=25)):
            ReadinessCheck.objects.create(user=self.alice, outcome="ready")
            self.assertTrue(api.deep_exercise_gate(self.alice).allowed)

    def test_a_watch_level_screening_does_not_close_deep_work(self):
        ReadinessCheck.objects.create(user=self.alice, outcome="ready")
        RiskEvent.objects.create(user=self.alice, level="watch", source="test")
        self.assertTrue(api.deep_exercise_gate(self.alice).allowed)


class RecordDistressTests(InnerchildTestCase):
    def test_it_records_each_rating_of_a_run(self):
        api.record_distress(self.alice, exercise="guide:1", rating=3, phase="before")
        decision = api.record_distress(self.alice, exercise="guide:1", rating=7, phase="during")
        self.assertEqual(decision.ratings, (3, 7))
        self.assertEqual((decision.offer_grounding, decision.reason), (True, "rising"))
        self.assertEqual(DistressRating.objects.filter(user=self.alice).count(), 2)
        self.assertTrue(DistressRating.objects.get(rating=7).offered_grounding)

    def test_runs_and_people_are_kept_apart(self):
        api.record_distress(self.alice, exercise="guide:1", rating=1, phase="before")
        api.record_distress(self.bob, exercise="guide:1", rating=1, phase="before")
        decision = api.record_distress(self.alice, exercise="guide:2", rating=4, phase="before")
        self.assertEqual(decision.ratings, (4,))
        self.assertFalse(decision.offer_grounding)

    def test_an_unknown_phase_is_refused(self):
        with self.assertRaises(ValueError):
            api.record_distress(self.alice, exercise="x", rating=3, phase="middle")
