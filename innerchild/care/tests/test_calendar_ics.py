""".ics invitations attached to booking emails, read back with the icalendar library."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from icalendar import Calendar

from innerchild.care.tests.scheduling_support import FIRST_SLOT, SchedulingTestCase


def invitation_in(message) -> Calendar:
    ((name, content, mimetype),) = message.attachments
    assert name.endswith(".ics"), name
    assert mimetype.startswith("text/calendar"), mimetype
    return Calendar.from_ical(content)


def only_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


class InvitationTests(SchedulingTestCase):
    def setUp(self):
        self.booking = self.book(self.alice, FIRST_SLOT)
        self.sent = {m.to[0]: m for m in self.send_queued_mail()}

    def test_the_confirmation_carries_a_request_with_the_exact_instant(self):
        calendar = invitation_in(self.sent["alice@example.org"])
        event = only_event(calendar)
        self.assertEqual(str(calendar["METHOD"]), "REQUEST")
        self.assertEqual(event.decoded("DTSTART"), FIRST_SLOT)
        self.assertEqual(event.decoded("DTEND"), FIRST_SLOT + timedelta(minutes=50))
        self.assertEqual(str(event["STATUS"]), "CONFIRMED")
        self.assertEqual(str(event["LOCATION"]), "Online")

    def test_titles_name_only_a_first_name_or_an_initial(self):
        self.alice.display_name = "Alice Liddell"
        self.alice.save(update_fields=["display_name"])
        self.fay.display_name = "Fay Morgan"
        self.fay.save(update_fields=["display_name"])
        self.book(self.alice, FIRST_SLOT + timedelta(hours=1))
        sent = {m.to[0]: m for m in self.send_queued_mail()}
        member_title = str(only_event(invitation_in(sent["alice@example.org"]))["SUMMARY"])
        facilitator_title = str(only_event(invitation_in(sent["fay@example.org"]))["SUMMARY"])
        self.assertEqual(member_title, "Session with F.")
        self.assertEqual(facilitator_title, "Session with Alice")

    def test_a_change_keeps_the_uid_and_raises_the_sequence(self):
        first = only_event(invitation_in(self.sent["alice@example.org"]))
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("care:booking_reschedule", args=[self.booking.id]),
                {"starts_at": (FIRST_SLOT + timedelta(hours=1)).isoformat()},
            )
        moved = only_event(invitation_in(self.send_queued_mail()[0]))
        self.assertEqual(str(moved["UID"]), str(first["UID"]))
        self.assertEqual((int(first["SEQUENCE"]), int(moved["SEQUENCE"])), (0, 1))
        self.assertEqual(moved.decoded("DTSTART"), FIRST_SLOT + timedelta(hours=1))

    def test_a_cancellation_carries_a_cancel_for_the_same_event(self):
        first = only_event(invitation_in(self.sent["fay@example.org"]))
        self.login(self.fay)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("care:booking_cancel", args=[self.booking.id]))
        sent = {m.to[0]: m for m in self.send_queued_mail()}
        calendar = invitation_in(sent["alice@example.org"])
        event = only_event(calendar)
        self.assertEqual(str(calendar["METHOD"]), "CANCEL")
        self.assertEqual(str(event["STATUS"]), "CANCELLED")
        self.assertEqual(str(event["UID"]), str(first["UID"]))
        self.assertGreater(int(event["SEQUENCE"]), int(first["SEQUENCE"]))

    def test_an_in_person_session_gives_its_place_as_location(self):
        from innerchild.care.actions.bookings import do_propose_booking

        with self.captureOnCommitCallbacks(execute=True):
            do_propose_booking(
                facilitator=self.fay,
                members=[self.alice],
                starts_at=FIRST_SLOT + timedelta(days=1),
                minutes=60,
                mode="in_person",
                place="Calle Mayor 1, Madrid",
            )
        event = only_event(invitation_in(self.send_queued_mail()[0]))
        self.assertEqual(str(event["LOCATION"]), "Calle Mayor 1, Madrid")
        self.assertEqual(str(event["STATUS"]), "TENTATIVE")

    def test_the_email_body_gives_the_time_in_each_persons_zone(self):
        self.assertIn("19 October 2026, 02:00", self.sent["alice@example.org"].body)
        self.assertIn("America/Chicago", self.sent["alice@example.org"].body)
        self.assertIn("19 October 2026, 09:00", self.sent["fay@example.org"].body)
        self.assertIn("Europe/Madrid", self.sent["fay@example.org"].body)


class DownloadTests(SchedulingTestCase):
    def setUp(self):
        self.booking = self.book(self.alice, FIRST_SLOT)
        self.url = reverse("care:booking_ics", args=[self.booking.id])

    def test_each_side_downloads_the_session_for_their_calendar(self):
        for person, title in ((self.alice, "Session with F."), (self.fay, "Session with Alice")):
            self.login(person)
            response = self.client.get(self.url)
            self.assertEqual(response.status_code, 200)
            self.assertIn("attachment", response["Content-Disposition"])
            event = only_event(Calendar.from_ical(response.content))
            self.assertEqual(str(event["SUMMARY"]), title)
            self.assertEqual(event.decoded("DTSTART"), FIRST_SLOT)

    def test_others_get_404_and_anonymous_the_login_page(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url).status_code, 405)
