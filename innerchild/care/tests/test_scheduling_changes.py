"""A booking's page, cancelling and moving it with a notice period, proposals and group sessions."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import override_settings
from django.urls import reverse

from innerchild.care.models import Booking, BookingStatus, CareLink
from innerchild.care.tests.scheduling_support import FIRST_SLOT, NOW, SchedulingTestCase, utc
from innerchild.core.testing import make_person

SECOND_SLOT = FIRST_SLOT + timedelta(hours=1)


class BookingPageTests(SchedulingTestCase):
    def setUp(self):
        self.booking = self.book(self.alice, FIRST_SLOT)
        self.url = reverse("care:booking", args=[self.booking.id])

    def test_the_member_sees_the_time_in_their_own_zone(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Monday 19 October 2026, 02:00")
        self.assertContains(response, "America/Chicago")
        self.assertContains(response, "Session with Fay")

    def test_the_facilitator_sees_the_same_instant_in_theirs(self):
        self.login(self.fay)
        response = self.client.get(self.url)
        self.assertContains(response, "Monday 19 October 2026, 09:00")
        self.assertContains(response, "Session with Alice")

    def test_an_in_person_session_shows_its_place(self):
        Booking.objects.filter(id=self.booking.id).update(mode="in_person")
        booking = Booking.objects.get(id=self.booking.id)
        booking.place = "Calle Mayor 1, Madrid"
        booking.save(update_fields=["place"])
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "Calle Mayor 1, Madrid")

    def test_someone_else_gets_404(self):
        for person in (self.bob, self.gus):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_requires_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url).status_code, 405)


class CancelTests(SchedulingTestCase):
    def setUp(self):
        self.booking = self.book(self.alice, FIRST_SLOT)
        self.url = reverse("care:booking_cancel", args=[self.booking.id])

    def cancel(self, person):
        self.login(person)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url)

    def test_the_member_cancels_well_before_the_session_and_both_are_told(self):
        self.send_queued_mail()
        response = self.cancel(self.alice)
        self.assertRedirects(response, reverse("care:booking", args=[self.booking.id]))
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, BookingStatus.CANCELLED)
        self.assertEqual(self.booking.cancelled_by, self.alice)
        sent = self.send_queued_mail()
        self.assertEqual(sorted(m.to[0] for m in sent), ["alice@example.org", "fay@example.org"])
        self.assertTrue(all(m.subject == "Session cancelled" for m in sent))

    def test_a_cancelled_slot_can_be_booked_again(self):
        self.cancel(self.alice)
        self.assertEqual(self.book(self.bob, FIRST_SLOT).status, BookingStatus.CONFIRMED)

    def test_inside_the_notice_period_the_member_is_told_to_contact_the_facilitator(self):
        with time_machine.travel(FIRST_SLOT - timedelta(hours=23), tick=False):
            self.login(self.alice)
            page = self.client.get(reverse("care:booking", args=[self.booking.id]))
            response = self.cancel(self.alice)
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Please contact your facilitator", status_code=422)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, BookingStatus.CONFIRMED)
        self.assertNotContains(page, "Cancel this session")
        self.assertContains(page, "Please contact your facilitator")

    @override_settings(CARE_CANCEL_NOTICE_HOURS=48)
    def test_the_notice_period_is_a_setting(self):
        with time_machine.travel(FIRST_SLOT - timedelta(hours=47), tick=False):
            response = self.cancel(self.alice)
        self.assertEqual(response.status_code, 422)

    def test_the_facilitator_can_cancel_at_any_time(self):
        with time_machine.travel(FIRST_SLOT - timedelta(minutes=30), tick=False):
            response = self.cancel(self.fay)
        self.assertEqual(response.status_code, 302)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, BookingStatus.CANCELLED)

    def test_a_cancelled_booking_cannot_be_cancelled_again(self):
        self.cancel(self.alice)
        response = self.cancel(self.alice)
        self.assertContains(response, "no longer open", status_code=422)

    def test_someone_else_gets_404_and_nothing_changes(self):
        self.assertEqual(self.cancel(self.bob).status_code, 404)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, BookingStatus.CONFIRMED)

    def test_it_needs_login_and_post(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)


class RescheduleTests(SchedulingTestCase):
    def setUp(self):
        self.booking = self.book(self.alice, FIRST_SLOT)
        self.url = reverse("care:booking_reschedule", args=[self.booking.id])

    def move(self, person, **data):
        self.login(person)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data)

    def test_the_member_moves_to_another_open_slot_and_the_sequence_rises(self):
        self.send_queued_mail()
        response = self.move(self.alice, starts_at=SECOND_SLOT.isoformat())
        self.assertEqual(response.status_code, 302)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.starts_at, SECOND_SLOT)
        self.assertEqual(self.booking.sequence, 1)
        sent = self.send_queued_mail()
        self.assertEqual({m.subject for m in sent}, {"Session moved"})

    def test_the_member_sees_the_open_slots_in_their_zone(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, f'value="{SECOND_SLOT.isoformat()}"')
        # Their own current slot is offered too (moving within the same morning).
        self.assertContains(response, f'value="{FIRST_SLOT.isoformat()}"')

    def test_a_taken_slot_is_refused_and_the_booking_stays(self):
        self.book(self.bob, SECOND_SLOT)
        response = self.move(self.alice, starts_at=SECOND_SLOT.isoformat())
        self.assertContains(response, "just taken", status_code=422)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.starts_at, FIRST_SLOT)

    def test_the_member_cannot_move_inside_the_notice_period(self):
        with time_machine.travel(FIRST_SLOT - timedelta(hours=2), tick=False):
            response = self.move(
                self.alice, starts_at=(FIRST_SLOT + timedelta(weeks=1)).isoformat()
            )
        self.assertContains(response, "Please contact your facilitator", status_code=422)

    def test_the_facilitator_moves_to_any_free_time_in_their_own_zone(self):
        response = self.move(self.fay, date="2026-10-21", time="18:30")
        self.assertEqual(response.status_code, 302)
        self.booking.refresh_from_db()
        # 18:30 in Madrid, summer time.
        self.assertEqual(self.booking.starts_at, utc(2026, 10, 21, 16, 30))
        self.assertEqual(self.booking.ends_at - self.booking.starts_at, timedelta(minutes=50))

    def test_the_facilitator_cannot_move_into_the_past(self):
        response = self.move(self.fay, date="2026-10-01", time="10:00")
        self.assertContains(response, "That time has passed", status_code=422)
        self.assertContains(response, 'value="2026-10-01"', status_code=422)

    def test_a_missing_time_is_a_clear_error(self):
        response = self.move(self.fay, date="2026-10-21", time="")
        self.assertContains(response, "This field is required", status_code=422)

    def test_someone_else_gets_404(self):
        self.assertEqual(self.move(self.bob, starts_at=SECOND_SLOT.isoformat()).status_code, 404)

    def test_it_refuses_other_methods(self):
        self.login(self.alice)
        self.assertEqual(self.client.delete(self.url).status_code, 405)


class ProposalTests(SchedulingTestCase):
    def propose(self, **data):
        self.login(self.fay)
        fields = {"date": "2026-10-20", "time": "17:00", "minutes": "60", "mode": "online"}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                reverse("care:propose_session", args=[self.link.id]), fields | data
            )

    def test_the_facilitator_proposes_a_time_outside_their_windows(self):
        response = self.propose()
        booking = Booking.objects.get()
        self.assertRedirects(response, reverse("care:booking", args=[booking.id]))
        self.assertEqual(booking.status, BookingStatus.PROPOSED)
        self.assertEqual(booking.starts_at, utc(2026, 10, 20, 15))
        self.assertEqual(
            [m.subject for m in self.send_queued_mail()], ["A session time is proposed"] * 2
        )

    def test_the_member_accepts_and_it_is_confirmed(self):
        self.propose()
        booking = Booking.objects.get()
        self.login(self.alice)
        page = self.client.get(reverse("care:booking", args=[booking.id]))
        self.assertContains(page, "Accept this time")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("care:booking_accept", args=[booking.id]))
        booking.refresh_from_db()
        self.assertEqual(booking.status, BookingStatus.CONFIRMED)

    def test_the_member_declines_and_the_time_is_free_again(self):
        self.propose()
        booking = Booking.objects.get()
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("care:booking_decline", args=[booking.id]))
        booking.refresh_from_db()
        self.assertEqual(booking.status, BookingStatus.DECLINED)
        self.assertEqual(self.propose().status_code, 302)

    def test_the_member_answers_a_proposal_rather_than_moving_it(self):
        self.propose()
        booking = Booking.objects.get()
        self.login(self.alice)
        page = self.client.get(reverse("care:booking", args=[booking.id]))
        self.assertNotContains(page, "Move to another time")
        response = self.client.post(
            reverse("care:booking_reschedule", args=[booking.id]),
            {"starts_at": FIRST_SLOT.isoformat()},
        )
        self.assertEqual(response.status_code, 422)
        booking.refresh_from_db()
        self.assertEqual(booking.starts_at, utc(2026, 10, 20, 15))

    def test_the_facilitator_cannot_answer_their_own_proposal(self):
        self.propose()
        booking = Booking.objects.get()
        response = self.client.post(reverse("care:booking_accept", args=[booking.id]))
        self.assertEqual(response.status_code, 404)

    def test_an_in_person_proposal_needs_a_place(self):
        response = self.propose(mode="in_person", place="")
        self.assertContains(response, "Please give the place", status_code=422)
        self.assertFalse(Booking.objects.exists())

    def test_an_in_person_proposal_keeps_its_place_encrypted(self):
        from innerchild.core.testing import raw_column_values

        self.propose(mode="in_person", place="Calle Mayor 1")
        self.assertEqual(Booking.objects.get().place, "Calle Mayor 1")
        self.assertNotIn("Calle Mayor 1", str(raw_column_values("care_booking", "place")))

    def test_a_time_overlapping_another_session_is_refused_with_what_was_typed(self):
        self.book(self.bob, FIRST_SLOT)
        response = self.propose(date="2026-10-19", time="09:30")
        self.assertContains(response, "just taken", status_code=422)
        self.assertContains(response, 'value="09:30"', status_code=422)
        self.assertEqual(Booking.objects.count(), 1)

    def test_a_time_in_the_past_is_refused(self):
        response = self.propose(date="2026-10-13")
        self.assertContains(response, "That time has passed", status_code=422)

    def test_a_time_skipped_by_the_clocks_is_refused(self):
        response = self.propose(date="2027-03-28", time="02:30")
        self.assertContains(response, "does not exist on that day", status_code=422)

    def test_only_the_linked_facilitator_can_propose(self):
        self.login(self.gus)
        response = self.client.get(reverse("care:propose_session", args=[self.link.id]))
        self.assertEqual(response.status_code, 404)

    def test_the_page_needs_login_and_refuses_other_methods(self):
        url = reverse("care:propose_session", args=[self.link.id])
        self.assertEqual(self.client.get(url).status_code, 302)
        self.login(self.fay)
        page = self.client.get(url)
        self.assertContains(page, "Europe/Madrid")
        self.assertContains(page, "Alice accepts or declines")
        self.assertEqual(self.client.put(url).status_code, 405)


class GroupSessionTests(SchedulingTestCase):
    def post(self, members, **data):
        self.login(self.fay)
        fields = {"date": "2026-10-22", "time": "18:00", "minutes": "90", "mode": "online"}
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                reverse("care:group_session"),
                fields | data | {"members": [str(m.pk) for m in members]},
            )

    def test_the_facilitator_creates_a_group_session_with_several_clients(self):
        response = self.post([self.alice, self.bob])
        booking = Booking.objects.get()
        self.assertRedirects(response, reverse("care:booking", args=[booking.id]))
        self.assertTrue(booking.is_group)
        self.assertEqual(booking.status, BookingStatus.CONFIRMED)
        self.assertEqual(set(booking.attendees.all()), {self.alice, self.bob})
        sent = self.send_queued_mail()
        self.assertEqual(len(sent), 3)
        for message in sent:
            # Each copy of the invitation names only its own recipient.
            invite = message.attachments[0][1]
            invite = invite.decode() if isinstance(invite, bytes) else invite
            others = {"alice@example.org", "bob@example.org", "fay@example.org"} - set(message.to)
            for address in others:
                self.assertNotIn(address, invite)

    def test_more_than_twelve_members_are_refused(self):
        members = []
        for number in range(13):
            person = make_person(f"m{number}@example.org", f"M{number}")
            CareLink.objects.create(facilitator=self.fay, member=person, started_at=NOW)
            members.append(person)
        response = self.post(members)
        self.assertContains(response, "at most 12 members", status_code=422)
        self.assertFalse(Booking.objects.exists())

    def test_only_linked_clients_can_be_chosen(self):
        response = self.post([self.alice, self.tess])
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Booking.objects.exists())

    def test_a_member_leaving_a_group_session_keeps_it_for_the_others(self):
        self.post([self.alice, self.bob])
        booking = Booking.objects.get()
        self.login(self.alice)
        self.client.post(reverse("care:booking_cancel", args=[booking.id]))
        booking.refresh_from_db()
        self.assertEqual(booking.status, BookingStatus.CONFIRMED)
        self.assertEqual(list(booking.attendees.all()), [self.bob])

    def test_a_member_cannot_move_a_group_session_for_everyone(self):
        self.post([self.alice, self.bob])
        booking = Booking.objects.get()
        self.login(self.alice)
        url = reverse("care:booking_reschedule", args=[booking.id])
        self.assertContains(self.client.get(url), "Only the facilitator can move this session")
        response = self.client.post(url, {"starts_at": FIRST_SLOT.isoformat()})
        self.assertEqual(response.status_code, 422)
        booking.refresh_from_db()
        self.assertEqual(booking.starts_at, utc(2026, 10, 22, 16))

    def test_members_get_404_on_the_group_page(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("care:group_session")).status_code, 404)


class EndedLinkTests(SchedulingTestCase):
    def test_ending_a_link_cancels_its_future_sessions_and_leaves_groups(self):
        from innerchild.care.actions.bookings import (
            do_cancel_bookings_of_ended_link,
            do_propose_booking,
        )

        own = self.book(self.alice, FIRST_SLOT)
        bobs = self.book(self.bob, SECOND_SLOT)
        with self.captureOnCommitCallbacks(execute=True):
            group = do_propose_booking(
                facilitator=self.fay,
                members=[self.alice, self.bob],
                starts_at=FIRST_SLOT + timedelta(days=1),
                minutes=90,
                mode="online",
            )
        self.send_queued_mail()
        with self.captureOnCommitCallbacks(execute=True):
            changed = do_cancel_bookings_of_ended_link(self.fay, self.alice, by=self.alice)
        self.assertEqual(changed, 2)
        own.refresh_from_db()
        bobs.refresh_from_db()
        group.refresh_from_db()
        self.assertEqual(own.status, BookingStatus.CANCELLED)
        self.assertEqual(bobs.status, BookingStatus.CONFIRMED)
        self.assertEqual(list(group.attendees.all()), [self.bob])
        self.assertEqual(group.status, BookingStatus.CONFIRMED)
        sent = self.send_queued_mail()
        self.assertEqual(
            sorted(m.to[0] for m in sent),
            ["alice@example.org", "alice@example.org", "fay@example.org"],
        )


class MethodsAndAnswersTests(SchedulingTestCase):
    def test_post_only_urls_refuse_get(self):
        from innerchild.care.models import AvailabilityException, AvailabilityRule

        booking = self.book(self.alice, FIRST_SLOT)
        rule = AvailabilityRule.objects.get()
        away = AvailabilityException.objects.create(
            facilitator=self.fay, starts_on=FIRST_SLOT.date(), ends_on=FIRST_SLOT.date()
        )
        self.login(self.fay)
        for url in (
            reverse("care:availability_delete", args=[rule.id]),
            reverse("care:away_add"),
            reverse("care:away_delete", args=[away.id]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.put(reverse("care:group_session")).status_code, 405)
        self.login(self.alice)
        for name in ("booking_accept", "booking_decline"):
            with self.subTest(name=name):
                url = reverse(f"care:{name}", args=[booking.id])
                self.assertEqual(self.client.get(url).status_code, 405)

    def test_answering_a_proposal_twice_says_it_is_no_longer_open(self):
        from innerchild.care.actions.bookings import do_propose_booking

        with self.captureOnCommitCallbacks(execute=True):
            booking = do_propose_booking(
                facilitator=self.fay,
                members=[self.alice],
                starts_at=FIRST_SLOT,
                minutes=50,
                mode="online",
            )
        self.login(self.alice)
        self.client.post(reverse("care:booking_decline", args=[booking.id]))
        response = self.client.post(reverse("care:booking_accept", args=[booking.id]))
        self.assertContains(response, "no longer open", status_code=422)
        booking.refresh_from_db()
        self.assertEqual(booking.status, BookingStatus.DECLINED)

    def test_a_group_session_needs_at_least_two_members(self):
        self.login(self.fay)
        response = self.client.post(
            reverse("care:group_session"),
            {
                "members": [str(self.alice.pk)],
                "date": "2026-10-22",
                "time": "18:00",
                "minutes": "60",
                "mode": "online",
            },
        )
        self.assertContains(response, "at least two members", status_code=422)
        self.assertContains(response, 'value="18:00"', status_code=422)
        self.assertFalse(Booking.objects.exists())
