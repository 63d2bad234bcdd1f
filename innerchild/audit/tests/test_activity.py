"""'Activity on my account': a member sees the events about them, including every read of what
they shared, and nobody else's; the page never shows the shared words."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innerchild.audit import api as audit
from innerchild.care.models import ShareKind
from innerchild.care.tests.base import CareTestCase
from innerchild.journal import api as journal

ACTIVITY = reverse("audit:activity")
READ = "Facilitator opened shared material"
TITLE = "The night the lights went out"
BODY = "I hid under the stairs and nobody came."


class ActivityPageTests(CareTestCase):
    def setUp(self):
        entry_id = journal.create_entry_from(self.alice, kind="letter_to", title=TITLE, body=BODY)
        self.share(ShareKind.ENTRY, item_id=entry_id)
        self.share(ShareKind.TRIGGERS)
        self.login(self.fay)
        self.client.get(reverse("care:client_entry", args=[self.link.id, entry_id]))
        self.client.get(reverse("care:client_triggers", args=[self.link.id]))

    def rows(self, response) -> list[tuple[str, str, str]]:
        return [
            (event.get_event_display(), event.actor.display_name, event.target_label)
            for event in response.context["events"]
            if event.event == "facilitator_read"
        ]

    def test_the_member_sees_each_read_of_their_material_and_who_read_it(self):
        self.login(self.alice)
        response = self.client.get(ACTIVITY)
        self.assertContains(response, READ, count=2)
        self.assertCountEqual(
            self.rows(response),
            [(READ, "Fay", "A journal entry"), (READ, "Fay", "Trigger log")],
        )

    def test_the_page_never_shows_the_shared_words(self):
        self.login(self.alice)
        response = self.client.get(ACTIVITY)
        self.assertNotContains(response, TITLE)
        self.assertNotContains(response, BODY)

    def test_another_member_sees_nothing_of_it(self):
        self.login(self.bob)
        response = self.client.get(ACTIVITY)
        self.assertNotContains(response, READ)
        self.assertNotContains(response, "Fay")
        self.assertNotContains(response, "Alice")
        self.assertEqual(
            {(e.actor_id, e.subject_id) for e in response.context["events"]},
            {(self.bob.id, self.bob.id)},  # bob's own login
        )

    def test_the_facilitator_sees_their_reads_as_done_by_them(self):
        self.login(self.fay)
        response = self.client.get(ACTIVITY)
        self.assertEqual(
            sorted(label for _event, _actor, label in self.rows(response)),
            ["A journal entry", "Trigger log"],
        )
        self.assertNotContains(response, TITLE)

    def test_it_requires_login(self):
        self.client.logout()
        response = self.client.get(ACTIVITY)
        self.assertRedirects(
            response, f"{reverse('accounts:login')}?next={ACTIVITY}", fetch_redirect_response=False
        )

    def test_it_refuses_other_methods(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(ACTIVITY).status_code, 405)
        self.client.logout()
        self.assertEqual(self.client.post(ACTIVITY).status_code, 405)

    def test_it_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        with CaptureQueriesContext(connection) as few:
            self.client.get(ACTIVITY)
        for _ in range(10):
            audit.record(
                audit.Event.FACILITATOR_READ,
                actor=self.fay,
                subject=self.alice,
                target_kind=ShareKind.TRIGGERS,
            )
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(ACTIVITY)
        self.assertContains(response, READ, count=12)
        self.assertEqual(len(many), len(few))
