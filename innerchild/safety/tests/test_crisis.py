from innerchild.core.testing import InnerchildTestCase, make_person
from innerchild.safety.actions import do_save_plan


class CrisisPageTests(InnerchildTestCase):
    url = "/safety/crisis/"

    def test_it_shows_the_lines_of_the_persons_country(self):
        self.login(self.alice)  # US
        response = self.client.get(self.url)
        self.assertContains(response, 'href="tel:988"')
        self.assertContains(response, 'href="sms:741741?&amp;body=HOME"')
        self.assertContains(response, 'href="tel:911"')

    def test_it_works_without_login_and_with_a_country_given(self):
        response = self.client.get(self.url, {"country": "gb"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'href="tel:116123"')
        self.assertContains(response, 'href="tel:999"')

    def test_young_people_see_youth_lines_first(self):
        self.login(self.tess)  # 16, GB
        body = self.client.get(self.url).content.decode()
        self.assertLess(body.index("Childline"), body.index("Samaritans"))

    def test_youth_mode_can_be_asked_for_without_an_account(self):
        body = self.client.get(self.url, {"country": "CA", "youth": "1"}).content.decode()
        self.assertLess(body.index("Kids Help Phone"), body.index("988 Suicide Crisis Helpline"))

    def test_adults_see_general_lines_first(self):
        body = self.client.get(self.url, {"country": "GB"}).content.decode()
        self.assertLess(body.index("Samaritans"), body.index("Childline"))

    def test_an_unknown_country_gets_the_international_directory(self):
        person = make_person("nocountry@example.org", "Noa", country="")
        self.login(person)
        response = self.client.get(self.url)
        self.assertContains(response, "https://findahelpline.com/")
        self.assertContains(response, 'href="tel:112"')

    def test_it_shows_the_persons_own_safety_plan(self):
        do_save_plan(self.alice, {"reasons_for_living": "My dog Pepper"})
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), "My dog Pepper")

    def test_it_never_shows_someone_elses_plan(self):
        do_save_plan(self.bob, {"reasons_for_living": "Bob's garden"})
        self.login(self.alice)
        self.assertNotContains(self.client.get(self.url), "Bob&#x27;s garden")

    def test_it_offers_to_continue_to_a_local_next_page_only(self):
        response = self.client.get(self.url, {"next": "/safety/check-in/"})
        self.assertContains(response, 'href="/safety/check-in/"')
        response = self.client.get(self.url, {"next": "https://evil.example/"})
        self.assertNotContains(response, "Continue where I was")
        self.assertNotContains(response, 'href="https://evil.example/"')

    def test_it_only_answers_get(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)


class AreYouSafePageTests(InnerchildTestCase):
    url = "/safety/are-you-safe/"

    def test_it_asks_gently_and_offers_four_ways_forward(self):
        self.login(self.alice)
        response = self.client.get(self.url, {"next": "/safety/check-in/"})
        self.assertContains(response, "It sounds like a lot to hold. Are you safe right now?")
        self.assertContains(response, "I'm okay")
        self.assertContains(response, 'href="/safety/check-in/"')
        self.assertContains(response, "/safety/pause/?from=%2Fsafety%2Fcheck-in%2F")
        self.assertContains(response, "/safety/crisis/?next=%2Fsafety%2Fcheck-in%2F")
        self.assertContains(response, 'href="/safety/plan/"')

    def test_it_works_without_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_only_answers_get(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)
