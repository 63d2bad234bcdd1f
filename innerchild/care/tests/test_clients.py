from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innerchild.accounts.models import Role
from innerchild.assessments.actions import do_submit_answers
from innerchild.assessments.instruments import get_instrument
from innerchild.audit.models import AuditEvent
from innerchild.care.models import CareLink, CrisisAlert, PracticeProfile, Share, ShareKind
from innerchild.care.tests.base import CareTestCase
from innerchild.core import jobs
from innerchild.core.testing import make_person
from innerchild.safety import api as safety
from innerchild.safety.actions import do_record_risk_event, do_save_plan


class SharedPagesTests(CareTestCase):
    def test_questionnaire_history_shows_bands_for_a_shared_client(self):
        instrument = get_instrument("phq9")
        do_submit_answers(self.alice, instrument, [2] * 8 + [0])
        self.share(ShareKind.ASSESSMENTS)
        self.login(self.fay)
        response = self.client.get(reverse("care:client_assessments", args=[self.link.id]))
        self.assertContains(response, instrument.title)
        response = self.client.get(reverse("care:client_assessment", args=[self.link.id, "phq9"]))
        self.assertContains(response, "In plain words")
        self.assertContains(response, "16")

    def test_an_unknown_questionnaire_is_404(self):
        self.share(ShareKind.ASSESSMENTS)
        self.login(self.fay)
        url = reverse("care:client_assessment", args=[self.link.id, "nothing"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_safety_plan_shows_with_the_clients_crisis_lines(self):
        do_save_plan(self.alice, {"coping_strategies": "Walk the dog by the river"})
        self.share(ShareKind.SAFETY_PLAN)
        self.login(self.fay)
        response = self.client.get(reverse("care:client_safety_plan", args=[self.link.id]))
        self.assertContains(response, "Walk the dog by the river")
        self.assertContains(response, "Emergency number: 911")

    def test_risk_events_show_level_and_time_never_words(self):
        do_record_risk_event(self.alice, level="urgent", categories=("intent",), source="test")
        self.share(ShareKind.RISK_EVENTS)
        self.login(self.fay)
        response = self.client.get(reverse("care:client_risk", args=[self.link.id]))
        self.assertContains(response, "Urgent")
        self.assertNotContains(response, "intent")


class CrisisAlertTests(CareTestCase):
    def test_an_urgent_event_alerts_a_facilitator_who_was_chosen(self):
        CareLink.objects.filter(pk=self.link.pk).update(crisis_alerts=True)
        with self.captureOnCommitCallbacks(execute=True):
            do_record_risk_event(
                self.alice, level="urgent", categories=("method_and_time",), source="journal"
            )
        jobs.run_due_jobs()
        alert = CrisisAlert.objects.get(link=self.link)
        self.assertEqual(alert.level, "urgent")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.fay.email])
        # Level and time only: neither the kind of concern nor where it was written.
        self.assertNotIn("method", mail.outbox[0].body)
        self.assertNotIn("journal", mail.outbox[0].body)
        self.login(self.fay)
        home = self.client.get(reverse("care:practice"))
        self.assertContains(home, "Safety alerts")
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("care:my_care")), "Fay was told on")
        self.assertTrue(AuditEvent.objects.filter(event="crisis_alert_sent").exists())

    def test_no_alert_when_the_member_did_not_choose_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            do_record_risk_event(self.alice, level="urgent", categories=("plan",), source="t")
        self.assertFalse(CrisisAlert.objects.exists())

    def test_the_member_changes_the_choice(self):
        self.login(self.alice)
        self.client.post(
            reverse("care:crisis_alerts", args=[self.link.id]), {"crisis_alerts": "on"}
        )
        self.link.refresh_from_db()
        self.assertTrue(self.link.crisis_alerts)
        self.client.post(reverse("care:crisis_alerts", args=[self.link.id]), {})
        self.link.refresh_from_db()
        self.assertFalse(self.link.crisis_alerts)

    def test_marking_an_alert_seen_takes_it_off_the_home(self):
        now = timezone.now()
        alert = CrisisAlert.objects.create(
            link=self.link, risk_event_id=7, level="urgent", occurred_at=now, created_at=now
        )
        self.login(self.fay)
        self.client.post(reverse("care:alert_seen", args=[self.link.id, alert.id]))
        alert.refresh_from_db()
        self.assertIsNotNone(alert.seen_at)


class UnlockTests(CareTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.teen_link = CareLink.objects.create(
            facilitator=cls.fay, member=cls.tess, started_at=timezone.now()
        )

    def test_a_facilitator_opens_deep_sessions_for_an_adolescent_until_a_date(self):
        self.assertEqual(safety.deep_exercise_gate(self.tess).code, "adolescent")
        self.login(self.fay)
        day = (timezone.now() + timedelta(days=10)).date()
        response = self.client.post(
            reverse("care:client_unlock", args=[self.teen_link.id]),
            {"reviewed": "on", "ends_on": day.isoformat()},
        )
        self.assertRedirects(response, reverse("care:client", args=[self.teen_link.id]))
        # Readiness still applies: now the gate asks for it instead of refusing outright.
        self.assertEqual(safety.deep_exercise_gate(self.tess).code, "readiness_needed")
        self.assertTrue(AuditEvent.objects.filter(event="deep_work_unlocked").exists())
        self.client.post(reverse("care:client_lock", args=[self.teen_link.id]))
        self.assertEqual(safety.deep_exercise_gate(self.tess).code, "adolescent")

    def test_the_review_must_be_confirmed(self):
        self.login(self.fay)
        response = self.client.post(reverse("care:client_unlock", args=[self.teen_link.id]), {})
        self.assertEqual(response.status_code, 422)
        self.assertIsNone(safety.deep_work_unlock_for(self.tess))

    def test_an_unlock_ends_on_its_date(self):
        self.login(self.fay)
        self.client.post(
            reverse("care:client_unlock", args=[self.teen_link.id]),
            {"reviewed": "on", "ends_on": (timezone.now() + timedelta(days=1)).date().isoformat()},
        )
        import time_machine

        with time_machine.travel(timezone.now() + timedelta(days=3)):
            self.assertEqual(safety.deep_exercise_gate(self.tess).code, "adolescent")


class FacilitatorOnboardingTests(CareTestCase):
    def test_a_new_facilitator_sets_up_their_practice_not_the_member_onboarding(self):
        newcomer = make_person("nora@example.org", "Nora", role=Role.FACILITATOR, onboarded=False)
        self.login(newcomer)
        response = self.client.get(reverse("core:dashboard"))
        self.assertRedirects(response, reverse("care:practice_profile"))
        response = self.client.get(reverse("accounts:onboarding"))
        self.assertRedirects(response, reverse("care:practice_profile"))
        response = self.client.post(
            reverse("care:practice_profile"),
            {
                "practice_name": "Nora's practice",
                "profession": "counsellor",
                "languages": ["en"],
                "timezone": "Europe/Madrid",
                "accept": "on",
            },
        )
        self.assertRedirects(response, reverse("care:practice"))
        newcomer.refresh_from_db()
        self.assertIsNotNone(newcomer.onboarded_at)
        self.assertEqual(newcomer.timezone, "Europe/Madrid")
        self.assertEqual(
            PracticeProfile.objects.get(facilitator=newcomer).practice_name, "Nora's practice"
        )
        self.assertRedirects(self.client.get(reverse("core:dashboard")), reverse("care:practice"))

    def test_a_missing_name_keeps_what_was_typed(self):
        self.login(self.fay)
        response = self.client.post(
            reverse("care:practice_profile"),
            {"contact": "Tuesdays only", "profession": "coach", "timezone": "UTC"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Tuesdays only", status_code=422)

    def test_practice_details_are_encrypted_at_rest(self):
        from innerchild.core.testing import raw_column_values

        PracticeProfile.objects.create(
            facilitator=self.fay,
            practice_name="Fay Counselling",
            profession="counsellor",
            contact="Call 555 0100",
            created_at=timezone.now(),
            updated_at=timezone.now(),
        )
        stored = " ".join(raw_column_values("care_practiceprofile", "contact"))
        self.assertNotIn("555", stored)


class FacilitatorHomeTests(CareTestCase):
    def _clients(self, count):
        now = timezone.now()
        for number in range(count):
            member = make_person(f"client{number}@example.org", f"Client {number}")
            link = CareLink.objects.create(facilitator=self.gus, member=member, started_at=now)
            for kind in (ShareKind.ASSESSMENTS, ShareKind.RISK_EVENTS):
                Share.objects.create(link=link, kind=kind, granted_at=now)
            do_record_risk_event(member, level="urgent", categories=("intent",), source="t")
            CrisisAlert.objects.create(
                link=link, risk_event_id=number, level="urgent", occurred_at=now, created_at=now
            )

    def _queries(self):
        self.login(self.gus)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("care:practice"))
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_the_home_lists_clients_with_their_signals(self):
        self._clients(2)
        _count, response = self._queries()
        self.assertContains(response, "Client 0")
        self.assertContains(response, "Urgent alert not yet seen")

    def test_the_home_uses_a_constant_number_of_queries(self):
        self._clients(1)
        one, _response = self._queries()
        now = timezone.now()
        for number in range(1, 100):
            member = make_person(f"more{number}@example.org", f"More {number}")
            link = CareLink.objects.create(facilitator=self.gus, member=member, started_at=now)
            Share.objects.create(link=link, kind=ShareKind.RISK_EVENTS, granted_at=now)
        hundred, response = self._queries()
        self.assertContains(response, "All clients (100)")
        self.assertEqual(one, hundred)

    def test_clients_who_may_need_attention_come_first(self):
        now = timezone.now()
        calm = make_person("calm@example.org", "Aaron Calm")
        CareLink.objects.create(facilitator=self.gus, member=calm, started_at=now)
        self._clients(1)
        _count, response = self._queries()
        self.assertContains(response, "Client 0")
        self.assertNotContains(response, "Aaron Calm")
        self.assertContains(response, "All clients (2)")

    def test_members_get_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("care:practice")).status_code, 404)
