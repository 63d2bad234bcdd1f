"""Facilitators' private notes (templates, lock and amend, never the member's) and the summaries
a member keeps."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innerchild.accounts.actions import build_export
from innerchild.care import api as care_api
from innerchild.care.models import CareLink, Note, SharedSummary
from innerchild.core import jobs
from innerchild.core.testing import InnerchildTestCase, raw_column_values

SECRET = "Wonders whether her father knew."


def export_of(user) -> str:
    with zipfile.ZipFile(io.BytesIO(build_export(user))) as archive:
        return archive.read("data.json").decode()


class NotesTestCase(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.link = CareLink.objects.create(
            facilitator=cls.fay, member=cls.alice, started_at=timezone.now()
        )

    def note(self, locked=False, **sections):
        now = timezone.now()
        return Note.objects.create(
            link=self.link,
            sections=json.dumps(sections or {"body": SECRET}),
            created_at=now,
            updated_at=now,
            locked_at=now if locked else None,
        )

    def url(self, name, *args):
        return reverse(name, args=[self.link.id, *args])


class WritingNotesTests(NotesTestCase):
    def test_a_free_note_is_saved_and_encrypted_at_rest(self):
        self.login(self.fay)
        response = self.client.post(
            self.url("care:note_new"), {"template": "free", "section_body": SECRET}
        )
        note = Note.objects.get()
        self.assertRedirects(response, self.url("care:note", note.id))
        self.assertEqual(note.section_data, {"body": SECRET})
        self.assertNotIn("father", " ".join(raw_column_values("care_note", "sections")))
        self.assertContains(self.client.get(self.url("care:notes")), SECRET)

    def test_a_soap_note_keeps_its_four_sections(self):
        self.login(self.fay)
        page = self.client.get(self.url("care:note_new") + "?template=soap")
        for label in ("Subjective", "Objective", "Assessment", "Plan"):
            self.assertContains(page, label)
        self.client.post(
            self.url("care:note_new"),
            {"template": "soap", "section_subjective": "Slept badly.", "section_plan": "Rest."},
        )
        note = Note.objects.get()
        self.assertEqual(note.template, "soap")
        self.assertEqual(note.section_data["plan"], "Rest.")
        self.assertContains(self.client.get(self.url("care:note", note.id)), "Slept badly.")

    def test_a_dap_note_can_be_about_one_session(self):
        booking_id = care_api.create_booking(
            facilitator=self.fay,
            members=[self.alice],
            starts_at=timezone.now() - timedelta(hours=2),
            ends_at=timezone.now() - timedelta(hours=1),
        )
        self.login(self.fay)
        new = self.url("care:note_new") + f"?template=dap&booking={booking_id}"
        self.assertContains(self.client.get(new), f'value="{booking_id}" selected')
        self.client.post(
            self.url("care:note_new"),
            {"template": "dap", "section_data": "Talked.", "booking": str(booking_id)},
        )
        self.assertEqual(Note.objects.get().booking_id, booking_id)

    def test_an_empty_note_is_refused_with_a_message(self):
        self.login(self.fay)
        response = self.client.post(
            self.url("care:note_new"), {"template": "soap", "section_plan": "   "}
        )
        self.assertContains(response, "Write something in at least one section.", status_code=422)
        self.assertFalse(Note.objects.exists())

    def test_a_note_longer_than_allowed_is_refused_and_kept_on_the_page(self):
        self.login(self.fay)
        text = "word " * 4001
        response = self.client.post(
            self.url("care:note_new"), {"template": "free", "section_body": text}
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "word word word", status_code=422)

    def test_it_requires_login(self):
        response = self.client.get(self.url("care:notes"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_another_facilitator_gets_404(self):
        note = self.note()
        self.login(self.gus)
        for url in (self.url("care:notes"), self.url("care:note", note.id)):
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_ended_link_closes_the_notes(self):
        note = self.note()
        CareLink.objects.filter(id=self.link.id).update(ended_at=timezone.now())
        self.login(self.fay)
        self.assertEqual(self.client.get(self.url("care:note", note.id)).status_code, 404)

    def test_locking_needs_a_post(self):
        note = self.note()
        self.login(self.fay)
        self.assertEqual(self.client.get(self.url("care:note_lock", note.id)).status_code, 405)


class NeverTheMembersTests(NotesTestCase):
    def test_the_member_gets_404_on_every_note_page(self):
        note = self.note()
        self.login(self.alice)
        for url in (
            self.url("care:notes"),
            self.url("care:note_new"),
            self.url("care:note", note.id),
            self.url("care:note_edit", note.id),
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_the_members_export_holds_no_note(self):
        self.note()
        self.assertNotIn(SECRET, export_of(self.alice))


class LockAndAmendTests(NotesTestCase):
    def test_a_locked_note_cannot_be_edited(self):
        note = self.note(locked=True)
        self.login(self.fay)
        response = self.client.get(self.url("care:note_edit", note.id))
        self.assertRedirects(response, self.url("care:note_amend", note.id))
        response = self.client.post(
            self.url("care:note_edit", note.id), {"template": "free", "section_body": "Changed."}
        )
        self.assertContains(response, "This note is locked and cannot be changed.", status_code=409)
        # What was typed is offered as an amendment rather than lost.
        self.assertContains(response, "Changed.", status_code=409)
        note.refresh_from_db()
        self.assertEqual(note.section_data, {"body": SECRET})

    def test_an_unlocked_note_is_edited_then_locked(self):
        note = self.note()
        self.login(self.fay)
        self.client.post(
            self.url("care:note_edit", note.id), {"template": "free", "section_body": "Better."}
        )
        self.client.post(self.url("care:note_lock", note.id))
        note.refresh_from_db()
        self.assertEqual(note.section_data, {"body": "Better."})
        self.assertTrue(note.is_locked)

    def test_an_amendment_points_at_the_note_and_shows_under_it(self):
        note = self.note(locked=True)
        self.login(self.fay)
        response = self.client.post(
            self.url("care:note_amend", note.id), {"body": "It was Tuesday, not Monday."}
        )
        self.assertRedirects(response, self.url("care:note", note.id))
        amendment = Note.objects.get(amends=note)
        self.assertTrue(amendment.is_locked)
        page = self.client.get(self.url("care:note", note.id)).content.decode()
        self.assertLess(page.index(SECRET), page.index("It was Tuesday, not Monday."))
        listing = self.client.get(self.url("care:notes")).content.decode()
        self.assertEqual(listing.count("It was Tuesday, not Monday."), 1)

    def test_an_empty_amendment_is_refused(self):
        note = self.note(locked=True)
        self.login(self.fay)
        response = self.client.post(self.url("care:note_amend", note.id), {"body": ""})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Note.objects.filter(amends=note).exists())

    def test_an_unlocked_note_is_edited_rather_than_amended(self):
        note = self.note()
        self.login(self.fay)
        response = self.client.get(self.url("care:note_amend", note.id))
        self.assertRedirects(response, self.url("care:note_edit", note.id))


class SummaryTests(NotesTestCase):
    def send(self, body="Today we met the seven-year-old you. Be gentle this week."):
        self.login(self.fay)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url("care:summary_new"), {"body": body})

    def test_the_member_keeps_the_summary_and_gets_an_email_without_its_words(self):
        self.assertRedirects(self.send(), self.url("care:notes"))
        summary = SharedSummary.objects.get()
        self.assertEqual((summary.member, summary.facilitator_name), (self.alice, "Fay"))
        jobs.run_due_jobs()
        self.assertEqual(len(mail.outbox), 1)
        self.assertNotIn("seven-year-old", mail.outbox[0].body)
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("core:dashboard")), "From Fay")
        page = self.client.get(reverse("care:my_summary", args=[summary.id]))
        self.assertContains(page, "Today we met the seven-year-old you.")

    def test_the_summary_stays_after_the_link_ends_and_is_in_the_export(self):
        self.send()
        CareLink.objects.filter(id=self.link.id).update(ended_at=timezone.now())
        summary = SharedSummary.objects.get()
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("care:my_summaries")), "From Fay")
        self.assertEqual(
            self.client.get(reverse("care:my_summary", args=[summary.id])).status_code, 200
        )
        self.assertIn("seven-year-old", export_of(self.alice))

    def test_the_summary_is_encrypted_at_rest(self):
        self.send()
        self.assertNotIn("seven", " ".join(raw_column_values("care_sharedsummary", "body")))

    def test_an_empty_summary_is_refused(self):
        response = self.send(body="  ")
        self.assertEqual(response.status_code, 422)
        self.assertFalse(SharedSummary.objects.exists())

    def test_the_members_summary_pages_only_answer_get(self):
        self.send()
        summary = SharedSummary.objects.get()
        self.login(self.alice)
        self.assertEqual(self.client.post(reverse("care:my_summaries")).status_code, 405)
        url = reverse("care:my_summary", args=[summary.id])
        self.assertEqual(self.client.delete(url).status_code, 405)

    def test_another_member_gets_404_on_the_summary(self):
        self.send()
        self.login(self.bob)
        summary = SharedSummary.objects.get()
        self.assertEqual(
            self.client.get(reverse("care:my_summary", args=[summary.id])).status_code, 404
        )
        self.assertNotContains(self.client.get(reverse("care:my_summaries")), "From Fay")


class LiveRoomApiTests(NotesTestCase):
    def setUp(self):
        self.booking_id = care_api.create_booking(
            facilitator=self.fay,
            members=[self.alice],
            starts_at=timezone.now() + timedelta(days=1),
            ends_at=timezone.now() + timedelta(days=1, hours=1),
        )

    def test_notes_url_opens_a_new_note_then_the_note_about_that_session(self):
        url = care_api.notes_url(self.fay, self.booking_id)
        self.assertEqual(url, self.url("care:note_new") + f"?booking={self.booking_id}")
        self.login(self.fay)
        self.client.post(
            self.url("care:note_new"),
            {"template": "free", "section_body": "Live.", "booking": str(self.booking_id)},
        )
        note = Note.objects.get()
        self.assertEqual(
            care_api.notes_url(self.fay, self.booking_id), self.url("care:note_edit", note.id)
        )

    def test_notes_url_is_none_for_someone_elses_booking(self):
        self.assertIsNone(care_api.notes_url(self.gus, self.booking_id))
        self.assertIsNone(care_api.notes_url(self.fay, "not-a-booking"))

    def test_send_summary_reaches_the_member(self):
        care_api.send_summary(self.fay, self.alice, self.booking_id, "Thank you for today.")
        summary = SharedSummary.objects.get()
        self.assertEqual(
            (summary.body, summary.booking_id), ("Thank you for today.", self.booking_id)
        )

    def test_send_summary_refuses_an_unlinked_member(self):
        with self.assertRaises(ValueError):
            care_api.send_summary(self.fay, self.bob, None, "Hello.")
        self.assertFalse(SharedSummary.objects.exists())
