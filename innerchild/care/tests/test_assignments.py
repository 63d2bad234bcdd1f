"""Giving assignments, the member seeing and doing them, completion from each app, recurrence."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from html import escape

import time_machine
from django.urls import reverse
from django.utils import timezone

from innerchild.assessments import api as assessments
from innerchild.care import assignment_queries
from innerchild.care.models import (
    Assignment,
    AssignmentCompletion,
    AssignmentKind,
    CareLink,
    Share,
    ShareKind,
)
from innerchild.core.testing import InnerchildTestCase, make_person
from innerchild.guide import api as guide
from innerchild.journal import api as journal

PROMPT = "enough_first_time"


def give(link, kind=AssignmentKind.PRACTICE, target="", due_in=timedelta(days=3), **extra):
    now = timezone.now()
    fields = {
        "title": "Three breaths before bed",
        "instructions": "Breathe in for four, out for six.",
        "due_at": now + due_in,
        "created_at": now,
        "opens_at": now,
    }
    fields.update(extra)
    return Assignment.objects.create(link=link, kind=kind, target=target, **fields)


class AssignmentTestCase(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fay.timezone = "America/New_York"
        cls.fay.save(update_fields=["timezone"])
        now = timezone.now()
        cls.link = CareLink.objects.create(facilitator=cls.fay, member=cls.alice, started_at=now)
        cls.teen_link = CareLink.objects.create(
            facilitator=cls.fay, member=cls.tess, started_at=now
        )

    def new_url(self, link=None):
        return reverse("care:assignment_new", args=[(link or self.link).id])

    def practice_data(self, **changes):
        data = {
            "kind": "practice",
            "practice_title": "A slow walk",
            "instructions": "Walk for ten minutes and notice five sounds.",
            "due_date": "2026-12-01",
            "due_time": "18:00",
        }
        data.update(changes)
        return data


@time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=UTC), tick=False)
class NewAssignmentTests(AssignmentTestCase):
    def test_it_assigns_a_practice_due_at_the_facilitators_local_time(self):
        self.login(self.fay)
        response = self.client.post(self.new_url(), self.practice_data())
        assignment = Assignment.objects.get(link=self.link)
        self.assertRedirects(
            response, reverse("care:assignment", args=[self.link.id, assignment.id])
        )
        # 18:00 in New York on 1 December is 23:00 UTC.
        self.assertEqual(assignment.due_at, datetime(2026, 12, 1, 23, 0, tzinfo=UTC))
        self.assertEqual(assignment.title, "A slow walk")
        self.assertEqual(assignment.kind, AssignmentKind.PRACTICE)

    def test_it_sends_a_questionnaire_every_four_weeks(self):
        self.login(self.fay)
        data = self.practice_data(kind="questionnaire", questionnaire="phq9", every_weeks="4")
        self.client.post(self.new_url(), data)
        assignment = Assignment.objects.get(link=self.link)
        self.assertEqual((assignment.target, assignment.every_weeks), ("phq9", 4))

    def test_it_assigns_a_journal_prompt_with_its_words_as_title(self):
        self.login(self.fay)
        self.client.post(self.new_url(), self.practice_data(kind="prompt", prompt=PROMPT))
        assignment = Assignment.objects.get(link=self.link)
        self.assertEqual(assignment.title, journal.prompt_text(PROMPT))

    def test_it_requires_login(self):
        response = self.client.get(self.new_url())
        self.assertRedirects(
            response,
            f"{reverse('accounts:login')}?next={self.new_url()}",
            fetch_redirect_response=False,
        )

    def test_it_is_404_for_another_facilitator(self):
        self.login(self.gus)
        self.assertEqual(self.client.post(self.new_url(), self.practice_data()).status_code, 404)
        self.assertFalse(Assignment.objects.exists())

    def test_it_is_404_for_the_member(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.new_url()).status_code, 404)

    def test_it_is_404_once_the_link_ended(self):
        CareLink.objects.filter(id=self.link.id).update(ended_at=timezone.now())
        self.login(self.fay)
        self.assertEqual(self.client.get(self.new_url()).status_code, 404)

    def test_a_practice_without_words_is_refused_and_the_name_typed_is_kept(self):
        self.login(self.fay)
        response = self.client.post(self.new_url(), self.practice_data(instructions=" "))
        self.assertContains(response, "Describe the practice in your own words.", status_code=422)
        self.assertContains(response, 'value="A slow walk"', status_code=422)
        self.assertFalse(Assignment.objects.exists())

    def test_a_due_date_already_past_is_refused(self):
        self.login(self.fay)
        response = self.client.post(self.new_url(), self.practice_data(due_date="2026-11-19"))
        self.assertContains(
            response, "Pick a due date and time that are still ahead.", status_code=422
        )

    def test_a_questionnaire_needs_one_chosen(self):
        self.login(self.fay)
        response = self.client.post(self.new_url(), self.practice_data(kind="questionnaire"))
        self.assertContains(response, "Choose a questionnaire.", status_code=422)

    def test_an_adolescent_is_offered_only_questionnaires_for_their_age(self):
        self.login(self.fay)
        page = self.client.get(self.new_url(self.teen_link))
        self.assertContains(page, 'value="phq9"')
        self.assertNotContains(page, 'value="pcl5"')
        self.assertNotContains(page, 'value="ace"')
        data = self.practice_data(kind="questionnaire", questionnaire="pcl5")
        response = self.client.post(self.new_url(self.teen_link), data)
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Assignment.objects.exists())

    def test_stopping_an_assignment_needs_a_post(self):
        assignment = give(self.link)
        self.login(self.fay)
        url = reverse("care:assignment_stop", args=[self.link.id, assignment.id])
        self.assertEqual(self.client.get(url).status_code, 405)


class MemberSeesAssignmentsTests(AssignmentTestCase):
    def test_an_open_assignment_is_on_the_dashboard_with_a_start_link(self):
        give(self.link, AssignmentKind.QUESTIONNAIRE, "phq9", title="PHQ-9")
        self.login(self.alice)
        page = self.client.get(reverse("core:dashboard"))
        self.assertContains(page, "From your facilitator")
        self.assertContains(page, "PHQ-9")
        self.assertContains(page, assessments.take_url("phq9"))

    def test_the_list_links_each_kind_to_where_it_is_done(self):
        give(self.link, AssignmentKind.SCRIPT, "safe-place", title="Safe place")
        give(self.link, AssignmentKind.PROMPT, PROMPT, title="A prompt")
        practice = give(self.link)
        self.login(self.alice)
        page = self.client.get(reverse("care:my_assignments"))
        self.assertContains(page, guide.start_url("safe-place"))
        self.assertContains(page, escape(journal.prompt_url(PROMPT)))
        self.assertContains(page, reverse("care:my_assignment", args=[practice.id]))

    def test_marking_a_practice_done_twice_counts_once(self):
        practice = give(self.link)
        self.login(self.alice)
        url = reverse("care:assignment_done", args=[practice.id])
        self.assertRedirects(self.client.post(url), reverse("care:my_assignments"))
        self.client.post(url)
        self.assertEqual(practice.completions.count(), 1)
        self.assertNotContains(self.client.get(reverse("care:my_assignments")), practice.title)

    def test_a_questionnaire_cannot_be_ticked_done(self):
        questionnaire = give(self.link, AssignmentKind.QUESTIONNAIRE, "phq9")
        self.login(self.alice)
        response = self.client.post(reverse("care:assignment_done", args=[questionnaire.id]))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AssignmentCompletion.objects.exists())

    def test_another_member_gets_404_on_alices_assignment(self):
        practice = give(self.link)
        self.login(self.bob)
        self.assertEqual(
            self.client.get(reverse("care:my_assignment", args=[practice.id])).status_code, 404
        )
        self.assertEqual(
            self.client.post(reverse("care:assignment_done", args=[practice.id])).status_code, 404
        )

    def test_a_stopped_assignment_leaves_the_members_list(self):
        practice = give(self.link)
        self.login(self.fay)
        self.client.post(reverse("care:assignment_stop", args=[self.link.id, practice.id]))
        self.login(self.alice)
        self.assertNotContains(self.client.get(reverse("care:my_assignments")), practice.title)
        self.assertEqual(
            self.client.get(reverse("care:my_assignment", args=[practice.id])).status_code, 404
        )

    def test_marking_done_needs_a_post_and_the_pages_only_answer_get(self):
        practice = give(self.link)
        self.login(self.alice)
        done = reverse("care:assignment_done", args=[practice.id])
        self.assertEqual(self.client.get(done).status_code, 405)
        self.assertEqual(self.client.post(reverse("care:my_assignments")).status_code, 405)
        self.assertFalse(AssignmentCompletion.objects.exists())

    def test_the_list_needs_login(self):
        response = self.client.get(reverse("care:my_assignments"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])


class CompletionTests(AssignmentTestCase):
    def test_a_finished_guided_session_completes_its_assignment_once(self):
        assignment = give(self.link, AssignmentKind.SCRIPT, "safe-place")
        run_id = uuid.uuid4()
        for _twice in range(2):
            guide.run_completed.send(
                sender=None, user=self.alice, run_id=run_id, script_id="safe-place"
            )
        self.assertEqual(
            list(assignment.completions.values_list("result_ref", flat=True)), [f"run:{run_id}"]
        )

    def test_a_scored_questionnaire_completes_its_assignment(self):
        assignment = give(self.link, AssignmentKind.QUESTIONNAIRE, "phq9")
        assessments.attempt_completed.send(
            sender=None, user=self.alice, attempt_id=uuid.uuid4(), instrument="phq9"
        )
        self.assertEqual(assignment.completions.count(), 1)

    def test_another_questionnaire_does_not_complete_it(self):
        assignment = give(self.link, AssignmentKind.QUESTIONNAIRE, "phq9")
        assessments.attempt_completed.send(
            sender=None, user=self.alice, attempt_id=uuid.uuid4(), instrument="gad7"
        )
        self.assertEqual(assignment.completions.count(), 0)

    def test_writing_from_the_prompt_in_the_journal_completes_it(self):
        assignment = give(self.link, AssignmentKind.PROMPT, PROMPT)
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("journal:new"),
                {"kind": "entry", "body": "In the school yard.", "prompt_id": PROMPT},
            )
        self.assertEqual(response.status_code, 302)
        completion = assignment.completions.get()
        self.assertTrue(completion.result_ref.startswith("entry:"))

    def test_a_failure_to_record_the_completion_never_breaks_the_journal_page(self):
        from unittest import mock

        give(self.link, AssignmentKind.PROMPT, PROMPT)
        self.login(self.alice)
        broken = mock.patch(
            "innerchild.care.actions.assignments.do_record_completion",
            side_effect=RuntimeError("database went away"),
        )
        with broken, self.assertLogs("innerchild.care", "ERROR"):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    reverse("journal:new"),
                    {"kind": "entry", "body": "Still saved.", "prompt_id": PROMPT},
                )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AssignmentCompletion.objects.exists())

    def test_an_entry_without_the_prompt_does_not_complete_it(self):
        assignment = give(self.link, AssignmentKind.PROMPT, PROMPT)
        journal.entry_created.send(
            sender=None, user=self.alice, entry_id=uuid.uuid4(), kind="entry", prompt_id=""
        )
        self.assertEqual(assignment.completions.count(), 0)

    def test_someone_elses_session_does_not_complete_alices_assignment(self):
        assignment = give(self.link, AssignmentKind.SCRIPT, "safe-place")
        guide.run_completed.send(
            sender=None, user=self.bob, run_id=uuid.uuid4(), script_id="safe-place"
        )
        self.assertEqual(assignment.completions.count(), 0)

    def test_a_stopped_assignment_is_not_completed(self):
        assignment = give(self.link, AssignmentKind.SCRIPT, "safe-place")
        Assignment.objects.filter(id=assignment.id).update(archived_at=timezone.now())
        guide.run_completed.send(
            sender=None, user=self.alice, run_id=uuid.uuid4(), script_id="safe-place"
        )
        self.assertEqual(assignment.completions.count(), 0)


class RecurrenceTests(AssignmentTestCase):
    def test_completing_a_recurring_questionnaire_moves_it_to_the_next_occurrence(self):
        start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        with time_machine.travel(start, tick=False):
            assignment = give(
                self.link,
                AssignmentKind.QUESTIONNAIRE,
                "phq9",
                due_in=timedelta(days=2),
                every_weeks=4,
            )
        with time_machine.travel(start + timedelta(days=1), tick=False):
            assessments.attempt_completed.send(
                sender=None, user=self.alice, attempt_id=uuid.uuid4(), instrument="phq9"
            )
            assignment.refresh_from_db()
            self.assertEqual(assignment.due_at, start + timedelta(days=2, weeks=4))
            # The next one opens a week before it is due, not straight away.
            self.assertEqual(assignment.opens_at, start + timedelta(days=2 + 21))
            self.assertEqual(assignment_queries.open_for_member(self.alice), [])
            self.assertEqual(assignment_queries.status_of(assignment, timezone.now()), "due")
        with time_machine.travel(start + timedelta(days=24), tick=False):
            rows = assignment_queries.open_for_member(self.alice)
            self.assertEqual([row["id"] for row in rows], [assignment.id])

    def test_a_late_completion_moves_on_past_the_missed_occurrences(self):
        start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        with time_machine.travel(start, tick=False):
            assignment = give(
                self.link, AssignmentKind.PROMPT, PROMPT, due_in=timedelta(days=1), every_weeks=1
            )
        with time_machine.travel(start + timedelta(days=10), tick=False):
            journal.entry_created.send(
                sender=None, user=self.alice, entry_id=uuid.uuid4(), kind="entry", prompt_id=PROMPT
            )
        assignment.refresh_from_db()
        self.assertEqual(assignment.due_at, start + timedelta(days=15))

    def test_a_weekly_assignment_keeps_the_facilitators_hour_across_daylight_saving(self):
        # Due Monday 2 March 2026 at 18:00 in New York (23:00 UTC); clocks change on 8 March.
        start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
        with time_machine.travel(start, tick=False):
            assignment = give(
                self.link,
                AssignmentKind.QUESTIONNAIRE,
                "phq9",
                due_at=datetime(2026, 3, 2, 23, 0, tzinfo=UTC),
                every_weeks=1,
            )
            assessments.attempt_completed.send(
                sender=None, user=self.alice, attempt_id=uuid.uuid4(), instrument="phq9"
            )
        assignment.refresh_from_db()
        # Monday 9 March at 18:00 in New York is 22:00 UTC (daylight-saving time).
        self.assertEqual(assignment.due_at, datetime(2026, 3, 9, 22, 0, tzinfo=UTC))

    def test_a_one_off_is_done_after_one_completion(self):
        assignment = give(self.link, AssignmentKind.QUESTIONNAIRE, "phq9")
        for _each in range(2):
            assessments.attempt_completed.send(
                sender=None, user=self.alice, attempt_id=uuid.uuid4(), instrument="phq9"
            )
        self.assertEqual(assignment.completions.count(), 1)
        self.assertEqual(assignment_queries.open_for_member(self.alice), [])


class FacilitatorFollowsAssignmentsTests(AssignmentTestCase):
    def test_the_client_page_shows_done_due_and_overdue(self):
        done = give(self.link, title="Done one")
        AssignmentCompletion.objects.create(
            assignment=done, completed_at=timezone.now(), result_ref="practice:once"
        )
        give(self.link, title="Due one")
        give(self.link, title="Late one", due_in=-timedelta(days=1))
        self.login(self.fay)
        page = self.client.get(reverse("care:assignments", args=[self.link.id]))
        text = page.content.decode()
        for title, status in (("Done one", "done"), ("Due one", "due"), ("Late one", "overdue")):
            row = text[text.index(title) :].split("</tr>")[0]
            self.assertIn(f"status-{status}", row, title)

    def test_a_shared_questionnaire_result_is_shown_with_its_band(self):
        attempt_id = self._completed_phq9()
        Share.objects.create(link=self.link, kind=ShareKind.ASSESSMENTS, granted_at=timezone.now())
        assignment = Assignment.objects.get()
        self.login(self.fay)
        page = self.client.get(reverse("care:assignment", args=[self.link.id, assignment.id]))
        band = assessments.history_for(self.alice, "phq9")["rows"][0]["band"]
        self.assertTrue(attempt_id and band)
        self.assertContains(page, band)

    def test_without_the_share_only_done_is_shown(self):
        self._completed_phq9()
        assignment = Assignment.objects.get()
        self.login(self.fay)
        page = self.client.get(reverse("care:assignment", args=[self.link.id, assignment.id]))
        self.assertContains(page, "Done on")
        band = assessments.history_for(self.alice, "phq9")["rows"][0]["band"]
        self.assertNotContains(page, band)
        self.assertContains(page, "does not share this kind of result")

    def test_a_shared_guided_session_shows_distress_before_and_after(self):
        assignment = give(self.link, AssignmentKind.SCRIPT, "safe-place")
        self.login(self.alice)
        from innerchild.guide.tests.helpers import start_run, walk

        run = start_run(self.client, "safe-place")
        with self.captureOnCommitCallbacks(execute=True):
            walk(self.client, run, distress=4)
        Share.objects.create(
            link=self.link, kind=ShareKind.GUIDE_SESSIONS, granted_at=timezone.now()
        )
        self.login(self.fay)
        page = self.client.get(reverse("care:assignment", args=[self.link.id, assignment.id]))
        self.assertContains(page, "distress 4 before, 4 after")

    def test_an_entry_written_from_the_prompt_is_linked_only_once_shared(self):
        assignment = give(self.link, AssignmentKind.PROMPT, PROMPT)
        entry_id = journal.create_entry_from(
            self.alice, kind="entry", title="The yard", body="In the school yard."
        )
        journal.entry_created.send(
            sender=None, user=self.alice, entry_id=entry_id, kind="entry", prompt_id=PROMPT
        )
        url = reverse("care:assignment", args=[self.link.id, assignment.id])
        entry_url = reverse("care:client_entry", args=[self.link.id, entry_id])
        self.login(self.fay)
        self.assertNotContains(self.client.get(url), entry_url)
        Share.objects.create(
            link=self.link, kind=ShareKind.ENTRY, item_id=entry_id, granted_at=timezone.now()
        )
        self.assertContains(self.client.get(url), entry_url)

    def test_the_assignment_of_another_facilitators_client_is_404(self):
        assignment = give(self.link)
        self.login(self.gus)
        url = reverse("care:assignment", args=[self.link.id, assignment.id])
        self.assertEqual(self.client.get(url).status_code, 404)

    def _completed_phq9(self):
        from innerchild.assessments.tests.helpers import complete

        give(self.link, AssignmentKind.QUESTIONNAIRE, "phq9", title="PHQ-9")
        with self.captureOnCommitCallbacks(execute=True):
            attempt = complete(self.alice, "phq9", [2] * 9)
        return attempt.id


class QueryCountTests(AssignmentTestCase):
    def _clients(self, count):
        for _each in range(count):
            i = CareLink.objects.count()
            member = make_person(f"client{i}@example.org", f"Client {i}")
            link = CareLink.objects.create(
                facilitator=self.gus, member=member, started_at=timezone.now()
            )
            done = give(link, title=f"Practice {i}")
            AssignmentCompletion.objects.create(
                assignment=done, completed_at=timezone.now(), result_ref="practice:once"
            )
            give(link, AssignmentKind.QUESTIONNAIRE, "phq9", due_in=-timedelta(hours=2))

    def _queries(self, function):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            function(self.gus)
        return len(context.captured_queries)

    def test_what_is_due_takes_the_same_queries_for_1_and_20_clients(self):
        self._clients(1)
        one = self._queries(assignment_queries.due_or_overdue_for_facilitator)
        self._clients(19)
        rows = assignment_queries.due_or_overdue_for_facilitator(self.gus)
        self.assertEqual(len(rows), 20)
        self.assertTrue(rows[0]["member_name"].startswith("Client "))
        self.assertTrue(rows[0]["due_label"].startswith("Overdue since"), rows[0]["due_label"])
        self.assertEqual(self._queries(assignment_queries.due_or_overdue_for_facilitator), one)

    def test_counts_per_client_take_the_same_queries_for_1_and_20_clients(self):
        self._clients(1)
        one = self._queries(assignment_queries.status_counts_for_facilitator)
        self._clients(19)
        counts = assignment_queries.status_counts_for_facilitator(self.gus)
        self.assertEqual(len(counts), 20)
        self.assertTrue(all(c == {"done": 1, "due": 0, "overdue": 1} for c in counts.values()))
        self.assertEqual(self._queries(assignment_queries.status_counts_for_facilitator), one)
