from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from innerchild.core.testing import InnerchildTestCase, raw_column_values
from innerchild.journal.models import EntryToken
from innerchild.journal.search import Query, normalise, search_entries, words_in
from innerchild.journal.tests.helpers import write, write_dialogue, write_trigger


class WordTests(InnerchildTestCase):
    def test_words_are_normalised_without_accents_or_case(self):
        self.assertEqual(normalise("Corazón"), "corazon")
        self.assertEqual(words_in("The RIVER, the río!"), {"river", "rio"})


class SearchTests(InnerchildTestCase):
    def setUp(self):
        now = timezone.now()
        self.river = write(
            self.alice,
            title="River walk",
            body="The water was calm and grey.",
            emotion="peaceful",
            signs=["stress"],
            tags=["Outdoors"],
            created_at=now - timedelta(days=40),
        )
        self.letter = write(
            self.alice,
            kind="letter_to",
            body="Dear little one, the river is still there.",
            emotion="tender",
            signs=["loneliness"],
        )
        self.talk = write_dialogue(
            self.alice, turns=("Do you remember the treehouse?", "Yes! With grandad.")
        )
        self.trigger = write_trigger(self.alice, situation="Shouting at the dinner table")
        write(self.bob, body="river river river")

    def find(self, **kwargs):
        return set(search_entries(self.alice, Query(**kwargs)))

    def test_it_finds_words_anywhere_in_my_writing(self):
        self.assertEqual(self.find(words="river"), {self.river, self.letter})
        self.assertEqual(self.find(words="grandad"), {self.talk})
        self.assertEqual(self.find(words="dinner"), {self.trigger})

    def test_all_words_must_match(self):
        self.assertEqual(self.find(words="river calm"), {self.river})

    def test_it_ignores_case_and_accents(self):
        self.assertEqual(self.find(words="RÍVER"), {self.river, self.letter})

    def test_it_filters_by_emotion_sign_type_tag_and_date(self):
        self.assertEqual(self.find(emotion="tender"), {self.letter})
        self.assertEqual(self.find(sign="stress"), {self.river})
        self.assertEqual(self.find(kind="dialogue"), {self.talk})
        self.assertEqual(self.find(tag="outdoors"), {self.river})
        today = timezone.localdate()
        self.assertEqual(
            self.find(date_from=today - timedelta(days=1)), {self.letter, self.talk, self.trigger}
        )
        self.assertEqual(self.find(date_to=today - timedelta(days=30)), {self.river})

    def test_frequent_words_give_the_same_results_by_the_other_route(self):
        from unittest import mock

        with mock.patch("innerchild.journal.search.WANTED", 0):
            self.assertEqual(self.find(words="river"), {self.river, self.letter})
            self.assertEqual(self.find(words="river calm", emotion="peaceful"), {self.river})
            self.assertEqual(self.find(words="river treehouse"), set())

    def test_a_word_nobody_wrote_finds_nothing(self):
        self.assertEqual(self.find(words="zeppelin"), set())

    def test_common_words_are_left_out_and_reported(self):
        query = Query(words="the river")
        self.assertEqual(set(search_entries(self.alice, query)), {self.river, self.letter})
        self.assertEqual(query.ignored_words, ["the"])

    def test_the_index_holds_no_words(self):
        stored = raw_column_values("journal_entrytoken", "token")
        self.assertTrue(stored)
        self.assertTrue(all(isinstance(t, int) for t in stored))

    def test_the_same_word_gives_different_hashes_for_different_people(self):
        alice = set(EntryToken.objects.filter(owner=self.alice).values_list("token", flat=True))
        bob = set(EntryToken.objects.filter(owner=self.bob).values_list("token", flat=True))
        self.assertFalse(alice & bob)


class SearchPageTests(InnerchildTestCase):
    url = reverse("journal:index")
    search_url = reverse("journal:search")

    def search(self, **fields):
        return self.client.post(self.search_url, fields)

    def test_it_shows_matches_only(self):
        write(self.alice, title="Lighthouse", body="lighthouse")
        write(self.alice, title="Kitchen", body="kitchen")
        self.login(self.alice)
        response = self.client.get(self.search(q="lighthouse")["Location"])
        self.assertContains(response, "Lighthouse")
        self.assertNotContains(response, ">Kitchen<")
        self.assertContains(response, 'value="lighthouse"')

    def test_the_words_and_tag_never_appear_in_the_address(self):
        entry = write(self.alice, body="lighthouse", tags=["Harbour"], emotion="tender")
        write(self.alice, body="lighthouse", emotion="peaceful")
        self.login(self.alice)
        response = self.search(q="lighthouse", tag="harbour", emotion="tender", kind="entry")
        self.assertEqual(response.status_code, 302)
        address = response["Location"]
        self.assertNotIn("lighthouse", address.lower())
        self.assertNotIn("harbour", address.lower())
        self.assertIn("emotion=tender", address)
        self.assertIn("kind=entry", address)
        self.assertIn("search=", address)
        page = self.client.get(address)
        self.assertEqual([item.entry.id for item in page.context["entries"]], [entry.id])

    def test_only_picked_filters_need_no_saved_search(self):
        self.login(self.alice)
        response = self.search(sign="stress", date_from="2025-01-01")
        self.assertEqual(response["Location"], f"{self.url}?date_from=2025-01-01&sign=stress")
        self.assertEqual(self.search()["Location"], self.url)

    def test_the_words_are_kept_encrypted_in_the_session(self):
        from django.contrib.sessions.models import Session

        self.login(self.alice)
        self.search(q="lighthouse")
        stored = Session.objects.get(session_key=self.client.session.session_key)
        self.assertIn("journal_searches", stored.get_decoded())
        self.assertNotIn("lighthouse", str(stored.get_decoded()))

    def test_words_put_in_the_address_by_hand_are_not_searched(self):
        write(self.alice, title="Kitchen", body="kitchen")
        self.login(self.alice)
        response = self.client.get(self.url, {"q": "lighthouse", "tag": "sea"})
        self.assertContains(response, ">Kitchen<")
        self.assertNotContains(response, "lighthouse")

    def test_a_search_id_from_someone_elses_session_finds_nothing_of_theirs(self):
        write(self.alice, title="Lighthouse", body="lighthouse")
        self.login(self.bob)
        address = self.search(q="lighthouse")["Location"]
        self.login(self.alice)
        response = self.client.get(address)
        self.assertContains(response, "no longer kept")
        self.assertNotContains(response, 'value="lighthouse"')

    def test_a_search_is_forgotten_after_a_while_and_says_so(self):
        import time_machine

        write(self.alice, title="Lighthouse", body="lighthouse")
        self.login(self.alice)
        address = self.search(q="lighthouse")["Location"]
        with time_machine.travel(timezone.now() + timedelta(hours=13)):
            response = self.client.get(address)
        self.assertContains(response, "no longer kept")

    def test_the_page_links_keep_the_search_without_its_words(self):
        for i in range(25):
            write(self.alice, title=f"Sea {i}", body="sea")
        self.login(self.alice)
        address = self.search(q="sea", kind="entry")["Location"]
        response = self.client.get(address)
        token = address.split("search=")[1]
        self.assertContains(response, f"kind=entry&amp;search={token}&amp;page=2")
        second = self.client.get(f"{address}&page=2")
        self.assertEqual(len(second.context["entries"]), 5)

    def test_it_rejects_a_backwards_date_range_and_keeps_my_words(self):
        self.login(self.alice)
        response = self.search(q="sea", date_from="2024-05-01", date_to="2024-04-01")
        self.assertContains(response, "The start date is after the end date", status_code=422)
        self.assertContains(response, 'value="sea"', status_code=422)

    def test_searching_needs_a_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.search_url, {"q": "sea"}).status_code, 405)

    def test_searching_requires_login(self):
        self.assertEqual(self.search(q="sea").status_code, 302)
        self.assertFalse(self.client.session.get("journal_searches"))

    def test_it_pages_through_older_entries(self):
        for i in range(25):
            write(
                self.alice,
                title=f"Entry {i}",
                created_at=datetime(2025, 1, 1, tzinfo=timezone.get_current_timezone())
                + timedelta(days=i),
            )
        self.login(self.alice)
        first = self.client.get(self.url)
        self.assertContains(first, "Older entries")
        second = self.client.get(self.url, {"page": 2})
        self.assertContains(second, "Entry 0")
        self.assertNotContains(second, "Older entries")

    def test_the_list_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        write(self.alice, body="one sea")
        self.client.get(self.url)  # the day's prompt is chosen once
        address = self.search(q="sea")["Location"]
        with self.assertNumQueries(6):
            self.client.get(address)
        for _ in range(15):
            write_trigger(self.alice, situation="sea again")
            write_dialogue(self.alice, turns=("sea", "sea"))
        with self.assertNumQueries(6):
            self.client.get(address)
        with self.assertNumQueries(2):  # the person, and one page of entries
            self.client.get(self.url)
        with self.assertNumQueries(1):  # nothing changed since: the page is kept rendered
            self.client.get(self.url)

    def test_the_kept_list_shows_a_new_entry_at_once(self):
        self.login(self.alice)
        write(self.alice, title="Before", body="one")
        self.assertContains(self.client.get(self.url), "Before")
        write(self.alice, title="Written later", body="two")  # outside a request: a signal
        self.assertContains(self.client.get(self.url), "Written later")
        response = self.client.post(
            reverse("journal:new"), {"kind": "entry", "title": "Through the page", "body": "three"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(self.url), "Through the page")

    def test_it_requires_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_date_filter_uses_my_timezone(self):
        self.alice.timezone = "Pacific/Auckland"
        self.alice.save(update_fields=["timezone"])
        import zoneinfo

        late = datetime(2025, 6, 1, 23, 30, tzinfo=zoneinfo.ZoneInfo("Pacific/Auckland"))
        entry = write(self.alice, body="late night", created_at=late)
        self.login(self.alice)
        response = self.client.get(self.url, {"date_from": "2025-06-01", "date_to": "2025-06-01"})
        self.assertContains(response, entry.get_absolute_url())
        self.assertEqual(date(2025, 6, 1), late.date())
