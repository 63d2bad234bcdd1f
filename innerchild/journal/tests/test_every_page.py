"""Every journal page: login required (redirect), wrong method 405, writing kept out of error reports."""

from django.urls import reverse
from django.utils import timezone

from innerchild.core.testing import InnerchildTestCase
from innerchild.journal import actions
from innerchild.journal.models import ImportUpload
from innerchild.journal.tests.helpers import write

GET_PAGES = [
    ("journal:index", "post"),
    ("journal:new", "put"),
    ("journal:new_dialogue", "put"),
    ("journal:new_trigger", "put"),
    ("journal:prompts", "post"),
    ("journal:triggers", "post"),
    ("journal:affirmations", "put"),
    ("journal:younger_self", "put"),
    ("journal:import", "put"),
]
POST_ONLY = [
    "journal:save_draft",
    "journal:discard_draft",
    "journal:upload_photo",
    "journal:remove_photo",
]


class EveryPageTests(InnerchildTestCase):
    def setUp(self):
        self.entry = write(self.alice)
        self.profile = actions.do_set_younger_self_photo(self.alice, b"jpeg")
        self.affirmation = actions.do_add_affirmation(self.alice, "kind words")
        self.upload = ImportUpload.objects.create(
            owner=self.alice, created_at=timezone.now(), status="done", report="{}"
        )

    def entry_urls(self):
        return [
            (reverse("journal:entry", args=[self.entry.id]), "post"),
            (reverse("journal:edit", args=[self.entry.id]), "put"),
            (reverse("journal:delete", args=[self.entry.id]), "put"),
            (reverse("journal:younger_self_photo", args=[self.profile.id]), "post"),
            (reverse("journal:import_result", args=[self.upload.id]), "post"),
            (reverse("journal:delete_affirmation", args=[self.affirmation.id]), "get"),
        ]

    def all_urls(self):
        urls = [(reverse(name), wrong) for name, wrong in GET_PAGES]
        urls += [(reverse(name), "get") for name in POST_ONLY]
        return urls + self.entry_urls()

    def test_every_page_needs_a_login(self):
        login = reverse("accounts:login")
        for url, wrong in self.all_urls():
            method = "post" if wrong == "get" else "get"
            response = getattr(self.client, method)(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(login), url)

    def test_a_wrong_method_is_405(self):
        self.login(self.alice)
        for url, wrong in self.all_urls():
            self.assertEqual(getattr(self.client, wrong)(url).status_code, 405, f"{wrong} {url}")

    def test_every_page_works_for_the_owner(self):
        self.login(self.alice)
        for name, _wrong in GET_PAGES:
            self.assertEqual(self.client.get(reverse(name)).status_code, 200, name)
        for url, _wrong in self.entry_urls()[:4]:
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_submitted_writing_is_hidden_from_error_reports(self):
        self.login(self.alice)
        for name in (
            "journal:new",
            "journal:new_dialogue",
            "journal:new_trigger",
            "journal:save_draft",
            "journal:affirmations",
            "journal:younger_self",
            "journal:import",
        ):
            response = self.client.post(reverse(name), {"draft_slot": "new:entry"})
            self.assertEqual(response.wsgi_request.sensitive_post_parameters, "__ALL__", name)
        response = self.client.post(reverse("journal:edit", args=[self.entry.id]), {})
        self.assertEqual(response.wsgi_request.sensitive_post_parameters, "__ALL__")

    def test_the_affirmations_list_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        url = reverse("journal:affirmations")
        with self.assertNumQueries(2):
            self.client.get(url)
        for i in range(10):
            actions.do_add_affirmation(self.alice, f"kind words {i}")
        with self.assertNumQueries(2):
            self.client.get(url)
