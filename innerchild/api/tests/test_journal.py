import json

from django.urls import reverse

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal.models import Entry
from innerchild.journal.tests.helpers import write

search_url = reverse("api-v1:search_entries")


class JsonApiTests(InnerchildTestCase):
    list_url = reverse("api-v1:list_entries")

    def post(self, payload):
        return self.client.post(self.list_url, json.dumps(payload), content_type="application/json")

    def test_it_creates_reads_updates_and_deletes_my_entry(self):
        self.login(self.alice)
        created = self.post(
            {"title": "From the app", "body": "Hello", "tags": ["x"], "emotion": "hopeful"}
        )
        self.assertEqual(created.status_code, 201)
        entry_id = created.json()["entry"]["id"]
        url = reverse("api-v1:read_entry", args=[entry_id])
        self.assertEqual(self.client.get(url).json()["entry"]["body"], "Hello")
        patched = self.client.patch(
            url, json.dumps({"body": "Changed"}), content_type="application/json"
        )
        self.assertEqual(patched.json()["entry"]["body"], "Changed")
        self.assertEqual(patched.json()["entry"]["title"], "From the app")
        put = self.client.put(url, json.dumps({"body": "Whole"}), content_type="application/json")
        self.assertEqual((put.json()["entry"]["body"], put.json()["entry"]["title"]), ("Whole", ""))
        self.assertEqual(self.client.delete(url).status_code, 204)
        self.assertFalse(Entry.objects.exists())

    def test_it_creates_a_dialogue_and_a_trigger_log(self):
        self.login(self.alice)
        dialogue = self.post(
            {
                "kind": "dialogue",
                "details": {
                    "turns": [{"voice": "now", "text": "Hi"}, {"voice": "little", "text": "Hello"}]
                },
            }
        )
        self.assertEqual(
            dialogue.json()["entry"]["details"]["turns"][1], {"voice": "little", "text": "Hello"}
        )
        trigger = self.post(
            {"kind": "trigger", "intensity": 4, "need": "play", "details": {"situation": "Noise"}}
        )
        self.assertEqual(trigger.status_code, 201)
        self.assertEqual(trigger.json()["entry"]["details"]["situation"], "Noise")

    def search(self, payload):
        return self.client.post(search_url, json.dumps(payload), content_type="application/json")

    def test_it_searches_my_entries_with_the_words_in_the_body(self):
        write(self.alice, body="blue kite", tags=["Sky"])
        write(self.alice, body="blue kite")
        write(self.alice, body="red ball")
        self.login(self.alice)
        found = self.search({"q": "kite", "tag": "sky"}).json()
        self.assertEqual(
            [(e["body"], e["tags"]) for e in found["entries"]], [("blue kite", ["Sky"])]
        )
        self.assertFalse(found["has_more"])

    def test_search_pages_and_filters_come_in_the_body_too(self):
        for _ in range(21):
            write(self.alice, body="kite", emotion="hopeful")
        write(self.alice, body="kite", emotion="tender")
        self.login(self.alice)
        first = self.search({"q": "kite", "emotion": "hopeful"}).json()
        second = self.search({"q": "kite", "emotion": "hopeful", "page": 2}).json()
        self.assertEqual((len(first["entries"]), first["has_more"]), (20, True))
        self.assertEqual((len(second["entries"]), second["page"]), (1, 2))

    def test_search_rejects_bad_input_with_the_reason(self):
        self.login(self.alice)
        response = self.search({"q": "kite", "date_from": "2024-05-01", "date_to": "2024-04-01"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("start date", json.dumps(response.json()))
        bad = self.client.post(search_url, "{nope", content_type="application/json")
        self.assertEqual(bad.status_code, 400)

    def test_search_needs_a_login_and_a_post(self):
        self.assertEqual(self.search({"q": "kite"}).status_code, 401)
        self.login(self.alice)
        self.assertEqual(self.client.get(search_url).status_code, 405)

    def test_words_in_the_address_are_refused_pointing_to_the_post(self):
        write(self.alice, body="blue kite")
        self.login(self.alice)
        response = self.client.get(self.list_url, {"q": "kite"})
        self.assertEqual(response.status_code, 400)
        self.assertIn(search_url, response.json()["detail"])
        self.assertEqual(self.client.get(self.list_url, {"tag": "sky"}).status_code, 400)

    def test_the_list_still_filters_by_picked_values_in_the_address(self):
        write(self.alice, body="one", emotion="tender")
        write(self.alice, body="two", emotion="hopeful")
        self.login(self.alice)
        found = self.client.get(self.list_url, {"emotion": "tender"}).json()
        self.assertEqual([e["body"] for e in found["entries"]], ["one"])

    def test_it_rejects_bad_input_with_the_reason(self):
        self.login(self.alice)
        response = self.post({"body": "", "kind": "entry"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("body", response.json()["errors"])
        response = self.post({"body": "x" * 100_001})
        self.assertIn("100000", json.dumps(response.json()))
        bad = self.client.post(self.list_url, "{nope", content_type="application/json")
        self.assertEqual(bad.status_code, 400)

    def test_odd_shapes_are_refused_or_read_sensibly_never_a_crash(self):
        self.login(self.alice)
        for payload in (
            {"body": "x", "tags": "one, two", "signs": "stress"},
            {"body": "x", "tags": {"a": 1}, "pleasantness": "loud"},
            {
                "kind": "dialogue",
                "details": {"turns": ["not a turn", {"voice": "little", "text": "hi"}]},
            },
            {"kind": "dialogue", "details": "nope"},
            {"kind": "trigger", "intensity": [], "details": {"situation": 5}},
            {"kind": "nonsense", "body": "x"},
            [1, 2, 3],
        ):
            response = self.post(payload)
            self.assertIn(response.status_code, (201, 400, 422), payload)
        first = Entry.objects.order_by("created_at").first()
        self.assertEqual((first.tag_list, first.sign_list), (["one", "two"], ["stress"]))

    def test_it_needs_a_login(self):
        self.assertEqual(self.client.get(self.list_url).status_code, 401)

    def test_wrong_method_is_405(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(self.list_url).status_code, 405)

    def test_the_list_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        write(self.alice)
        with self.assertNumQueries(2):
            self.client.get(self.list_url)
        with self.assertNumQueries(4):
            self.search({"q": "river"})
        for _ in range(10):
            write(self.alice)
        with self.assertNumQueries(2):
            self.client.get(self.list_url)
        with self.assertNumQueries(4):
            self.search({"q": "river"})
