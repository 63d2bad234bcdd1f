from innerchild.core.testing import InnerchildTestCase


class PausePageTests(InnerchildTestCase):
    url = "/safety/pause/"

    def test_it_works_without_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        for exercise in (
            "5-4-3-2-1",
            "Box breathing",
            "A safe place",
            "The container",
            "Butterfly hug",
        ):
            self.assertContains(response, exercise)

    def test_it_offers_a_way_back_to_a_local_page(self):
        response = self.client.get(self.url, {"from": "/journal/?page=2"})
        self.assertContains(response, 'href="/journal/?page=2"')
        self.assertContains(response, "Return to where I was")

    def test_it_refuses_to_send_people_to_other_sites(self):
        for target in (
            "https://evil.example/",
            "//evil.example/x",
            "javascript:alert(1)",
            "/\\evil.example",
        ):
            with self.subTest(target=target):
                response = self.client.get(self.url, {"from": target})
                self.assertNotContains(response, "Return to where I was")

    def test_it_does_not_return_to_itself(self):
        response = self.client.get(self.url, {"from": "/safety/pause/?from=/"})
        self.assertNotContains(response, "Return to where I was")

    def test_the_header_link_from_any_page_carries_the_current_path(self):
        response = self.client.get("/accounts/login/")
        self.assertContains(response, 'href="/safety/pause/?from=/accounts/login/"')

    def test_the_pacer_script_and_styles_are_files_not_inline(self):
        response = self.client.get(self.url)
        self.assertContains(response, "safety/pacer.js")
        self.assertContains(response, "safety/safety.css")
        self.assertNotContains(response, "style=")

    def test_it_only_answers_get(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)
