"""A facilitator downloads their practice records: every note (amendments, locks), summary and
session, for current and past clients, in their time zone; nobody else's; after confirming it is
them; recorded in the audit log without content."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from innerchild.audit.models import AuditEvent
from innerchild.care.actions.notes import (
    do_amend_note,
    do_create_note,
    do_lock_note,
    do_send_summary,
)
from innerchild.care.models import Booking, CareLink
from innerchild.core.testing import InnerchildTestCase, make_person, verified_session

PAGE = reverse("care:records")
DOWNLOAD = reverse("care:records_download")
NOON_UTC = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def unzip(response) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


@time_machine.travel(NOON_UTC, tick=False)
class PracticeRecordsTests(InnerchildTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fay.timezone = "America/Chicago"
        cls.fay.save(update_fields=["timezone"])
        cls.link = CareLink.objects.create(
            facilitator=cls.fay, member=cls.alice, started_at=NOON_UTC - timedelta(days=30)
        )
        cls.past = CareLink.objects.create(
            facilitator=cls.fay,
            member=cls.bob,
            started_at=NOON_UTC - timedelta(days=300),
            ended_at=NOON_UTC - timedelta(days=100),
        )
        note = do_create_note(cls.link, template="soap", sections={"subjective": "Sleeps badly."})
        do_lock_note(note)
        do_amend_note(note, body="It was two weeks, not one.")
        do_create_note(cls.past, template="free", sections={"body": "Worked on boundaries."})
        do_send_summary(cls.fay, cls.alice, body="Remember the safe place.")
        booking = Booking.objects.create(
            facilitator=cls.fay,
            starts_at=NOON_UTC + timedelta(days=2),
            ends_at=NOON_UTC + timedelta(days=2, minutes=50),
            created_at=NOON_UTC,
            updated_at=NOON_UTC,
        )
        booking.attendees.add(cls.alice)
        # Another facilitator's client and note: never in Fay's records.
        cls.other = CareLink.objects.create(
            facilitator=cls.gus,
            member=make_person("carol@example.org", "Carol"),
            started_at=NOON_UTC,
        )
        do_create_note(cls.other, template="free", sections={"body": "Gus's own words."})

    def download(self):
        self.login(self.fay)
        return self.client.post(DOWNLOAD)

    def test_the_page_says_what_the_download_holds(self):
        self.login(self.fay)
        response = self.client.get(PAGE)
        self.assertContains(response, "including clients you no longer work with")
        self.assertContains(response, f'action="{DOWNLOAD}"')

    def test_every_note_summary_and_session_of_current_and_past_clients(self):
        response = self.download()
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertEqual(response["Cache-Control"], "no-store")
        files = unzip(response)
        data = json.loads(files["records.json"])
        self.assertEqual([client["name"] for client in data["clients"]], ["Alice", "Bob"])
        alice, bob = data["clients"]
        self.assertEqual(len(alice["notes"]), 2)
        first, amendment = alice["notes"]
        self.assertEqual(first["sections"][0]["text"], "Sleeps badly.")
        self.assertTrue(first["locked"])
        self.assertEqual(amendment["amends"], first["id"])
        self.assertEqual(alice["summaries_sent"][0]["text"], "Remember the safe place.")
        self.assertEqual(len(alice["sessions"]), 1)
        self.assertTrue(bob["ended"])
        self.assertEqual(bob["notes"][0]["sections"][0]["text"], "Worked on boundaries.")
        markdown = "".join(text for name, text in files.items() if name.endswith(".md"))
        for words in ("Sleeps badly.", "It was two weeks, not one.", "Worked on boundaries."):
            self.assertIn(words, markdown)

    def test_times_are_in_the_facilitators_zone_with_its_offset(self):
        data = json.loads(unzip(self.download())["records.json"])
        self.assertEqual(data["time_zone"], "America/Chicago")
        self.assertEqual(data["exported"], "2026-07-01T07:00:00-05:00")
        self.assertIn("1 July 2026, 07:00", "".join(unzip(self.download()).values()))

    def test_nothing_of_another_facilitators_practice(self):
        files = unzip(self.download())
        self.assertNotIn("Gus's own words", "".join(files.values()))
        self.assertNotIn("Carol", "".join(files.values()))

    def test_the_download_is_in_the_audit_log_without_content(self):
        self.download()
        event = AuditEvent.objects.get(event="data_exported", target_kind="practice_records")
        self.assertEqual((event.actor, event.subject), (self.fay, self.fay))
        self.assertNotIn("Sleeps", json.dumps(event.details or {}))

    def test_after_a_while_it_asks_for_the_password_first(self):
        self.client.force_login(self.fay)
        session = self.client.session
        session.update(verified_session(self.fay))
        session.save()
        # A verified session without a recent password or code: confirm first, then come back.
        with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
            response = self.client.post(DOWNLOAD)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:confirm_it_is_you"), response["Location"])
        self.assertFalse(AuditEvent.objects.filter(target_kind="practice_records").exists())

    def test_members_and_strangers_get_nothing(self):
        for person in (self.alice, self.bob):
            self.login(person)
            self.assertEqual(self.client.get(PAGE).status_code, 404)
            self.assertEqual(self.client.post(DOWNLOAD).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(PAGE).status_code, 302)
        self.assertEqual(self.client.post(DOWNLOAD).status_code, 302)

    def test_wrong_methods(self):
        self.login(self.fay)
        self.assertEqual(self.client.post(PAGE).status_code, 405)
        self.assertEqual(self.client.get(DOWNLOAD).status_code, 405)
