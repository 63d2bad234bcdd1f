from django.utils import timezone

from innerchild.care.models import CareLink
from innerchild.core import registry
from innerchild.core.testing import InnerchildTestCase
from innerchild.live import actions
from innerchild.live.access import seat_for
from innerchild.live.hooks import export_section
from innerchild.live.tests.helpers import book


class ExportTests(InnerchildTestCase):
    def setUp(self):
        CareLink.objects.create(facilitator=self.fay, member=self.alice, started_at=timezone.now())
        booking = book(self.fay, [self.alice])
        self.room = seat_for(self.fay, booking).room
        alice_seat = seat_for(self.alice, booking)
        actions.do_confirm_location(
            alice_seat.participant, country="GB", city="Leeds", private=True
        )
        actions.do_post_chat(self.room, self.alice, "My words to keep")
        actions.do_post_chat(self.room, self.fay, "Fay's words are hers")
        actions.do_check_in(self.room, self.alice, rating=4)

    def test_the_member_gets_her_own_words_and_ratings_and_not_the_facilitators(self):
        self.assertIn(export_section, registry.export_sections)
        [session] = export_section(self.alice).data
        self.assertEqual([m["text"] for m in session["my_chat_messages"]], ["My words to keep"])
        self.assertEqual([c["rating"] for c in session["my_check_ins"]], [4])
        self.assertEqual(session["location"]["city"], "Leeds")

    def test_someone_who_was_never_in_a_room_gets_nothing(self):
        self.assertEqual(export_section(self.bob).data, [])
