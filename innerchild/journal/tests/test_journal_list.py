"""The journal list: each entry with its link, time, feeling, excerpt and tags, escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.tests.helpers import write


class JournalListTests(InnerchildTestCase):
    def test_each_entry_links_to_itself_with_its_time_feeling_excerpt_and_tags(self):
        entry = write(
            self.alice,
            title="Morning",
            body="The kettle sang.",
            emotion="lonely",
            tags=["home"],
            created_at=datetime(2026, 3, 10, 6, 30, tzinfo=UTC),
        )
        self.alice.timezone = "America/Los_Angeles"
        self.alice.save(update_fields=["timezone"])
        self.login(self.alice)
        response = self.client.get(reverse("journal:index"))
        self.assertContains(response, f'<a href="{entry.get_absolute_url()}">Morning</a>')
        # 06:30 UTC is still the 9th in Los Angeles.
        self.assertContains(response, 'datetime="2026-03-09T23:30:00-07:00"')
        self.assertContains(response, "9 March 2026, 23:30")
        self.assertContains(response, " · Lonely</p>")
        self.assertContains(response, "<p>The kettle sang.</p>")
        self.assertContains(response, '<span class="tag">home</span>')

    def test_what_a_person_wrote_is_escaped(self):
        write(self.alice, title="<b>Bold</b> & co", body="<script>x</script>", tags=["<i>t</i>"])
        self.login(self.alice)
        response = self.client.get(reverse("journal:index"))
        self.assertContains(response, "&lt;b&gt;Bold&lt;/b&gt; &amp; co")
        self.assertContains(response, "&lt;script&gt;x&lt;/script&gt;")
        self.assertContains(response, '<span class="tag">&lt;i&gt;t&lt;/i&gt;</span>')
        self.assertNotContains(response, "<script>x")

    def test_spanish_dates_are_in_spanish(self):
        self.alice.language = "es"
        self.alice.save(update_fields=["language"])
        write(self.alice, title="Mañana", created_at=datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("journal:index")), "marzo")
