from __future__ import annotations

import re
from datetime import timedelta

import segno
from django.urls import reverse
from django.utils import timezone

from innerchild.care.models import CareLink
from innerchild.core.testing import InnerchildTestCase
from innerchild.live.models import Participant, Room
from innerchild.live.tests.helpers import book


class RoomPageTests(InnerchildTestCase):
    def setUp(self):
        CareLink.objects.create(facilitator=self.fay, member=self.alice, started_at=timezone.now())
        self.booking_id = book(self.fay, [self.alice])
        self.url = reverse("live:room", args=[self.booking_id])

    def test_it_says_that_nothing_is_recorded(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Nothing is recorded.")

    def test_it_lets_the_page_talk_to_its_own_websocket_only(self):
        self.login(self.alice)
        csp = self.client.get(self.url)["Content-Security-Policy"]
        connect = next(part for part in csp.split(";") if "connect-src" in part)
        self.assertIn("ws://testserver", connect)
        self.assertIn("wss://testserver", connect)
        self.assertNotIn("ws:", self.client.get(reverse("core:about"))["Content-Security-Policy"])

    def test_it_asks_the_member_where_they_are_in_the_waiting_room(self):
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "Where are you right now?")

    def test_it_hides_the_room_from_bob(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_hides_the_room_from_another_facilitator(self):
        self.login(self.gus)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_requires_login(self):
        self.assertRedirects(
            self.client.get(self.url), f"{reverse('accounts:login')}?next={self.url}"
        )

    def test_it_says_when_the_room_opens(self):
        later = book(self.fay, [self.alice], starts_in=timedelta(hours=3))
        self.login(self.alice)
        response = self.client.get(reverse("live:room", args=[later]))
        self.assertContains(response, "The room opens at")
        self.assertNotContains(response, "live/room.js")


class JoinCodeTests(InnerchildTestCase):
    def setUp(self):
        CareLink.objects.create(facilitator=self.fay, member=self.alice, started_at=timezone.now())
        self.booking_id = book(self.fay, [self.alice], mode="in_person")

    def code(self):
        self.login(self.fay)
        response = self.client.get(reverse("live:room", args=[self.booking_id]))
        return Room.objects.get(booking_id=self.booking_id).join_code, response

    def test_the_facilitator_sees_a_join_code_for_an_in_person_session(self):
        code, response = self.code()
        self.assertContains(response, code)

    def test_the_facilitator_shows_a_qr_code_of_the_join_page_with_the_code(self):
        code, response = self.code()
        join_url = "http://testserver" + reverse("live:join") + "?code=" + code
        # The very drawing segno makes of that address: the QR code holds it, nothing else.
        expected = segno.make(join_url, error="m").svg_inline(scale=4, border=2)
        drawn = re.search(r"<path [^>]*/>", expected).group(0)
        self.assertContains(response, drawn)
        self.assertContains(
            response, f'aria-label="QR code: opens the join page with the code {code}'
        )
        self.login(self.alice)
        member_view = self.client.get(reverse("live:room", args=[self.booking_id]))
        self.assertNotContains(member_view, drawn)

    def test_the_qr_code_opens_the_join_page_with_the_code_filled_in(self):
        code, _ = self.code()
        self.login(self.alice)
        response = self.client.get(reverse("live:join") + "?code=" + code)
        self.assertContains(response, f'value="{code}"')
        # Joining is still the member's press of the button.
        self.assertFalse(
            Participant.objects.filter(
                user=self.alice, room__booking_id=self.booking_id, online=True
            ).exists()
        )

    def test_the_member_joins_from_a_phone_with_the_code(self):
        code, _ = self.code()
        self.login(self.alice)
        response = self.client.post(reverse("live:join"), {"code": code.lower()})
        self.assertRedirects(
            response,
            reverse("live:room", args=[self.booking_id]) + "?phone=1",
            fetch_redirect_response=False,
        )

    def test_the_code_opens_nothing_for_someone_else(self):
        code, _ = self.code()
        self.login(self.bob)
        response = self.client.post(reverse("live:join"), {"code": code})
        self.assertContains(response, "No session of yours has this code", status_code=422)


class SummaryTests(InnerchildTestCase):
    def setUp(self):
        CareLink.objects.create(facilitator=self.fay, member=self.alice, started_at=timezone.now())
        self.booking_id = book(self.fay, [self.alice])
        self.url = reverse("live:summary", args=[self.booking_id])

    def test_the_facilitator_sends_a_summary_the_member_keeps(self):
        from innerchild.care.models.notes import SharedSummary

        self.login(self.fay)
        response = self.client.post(
            self.url, {"member": self.alice.pk, "body": "We met the child."}
        )
        self.assertRedirects(response, reverse("live:room", args=[self.booking_id]))
        self.assertEqual(SharedSummary.objects.get().member, self.alice)

    def test_the_member_cannot_send_one(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"member": self.alice.pk, "body": "x"})
        self.assertEqual(response.status_code, 404)

    def test_the_facilitator_has_their_notes_beside_the_room(self):
        self.login(self.fay)
        response = self.client.get(reverse("live:room", args=[self.booking_id]))
        self.assertContains(response, "Open my private notes for this session")
