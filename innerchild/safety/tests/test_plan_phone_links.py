"""Phone numbers in a safety plan's contacts can be tapped to call."""

from __future__ import annotations

from django.test import SimpleTestCase

from innerchild.core.testing import InnerchildTestCase
from innerchild.safety.models import SafetyPlan
from innerchild.safety.phones import link_phone_numbers, tel_href


class TelHrefTests(SimpleTestCase):
    def test_it_keeps_only_the_digits_and_a_leading_plus(self):
        self.assertEqual(tel_href("+34 600 12 34 56"), "tel:+34600123456")
        self.assertEqual(tel_href("(555) 123-4567"), "tel:5551234567")
        self.assertEqual(tel_href("020.7946.0958"), "tel:02079460958")

    def test_dates_and_short_numbers_are_not_phone_numbers(self):
        for text in ("2019-05-01", "25/11/2026", "12345", "6"):
            with self.subTest(text=text):
                self.assertIsNone(tel_href(text))

    def test_a_number_longer_than_any_phone_number_is_left_alone(self):
        self.assertIsNone(tel_href("1234 5678 9012 3456"))


class LinkPhoneNumbersTests(SimpleTestCase):
    def test_each_number_becomes_a_link_and_the_words_stay(self):
        html = link_phone_numbers("Mum +34 600 12 34 56\nSam, after 6pm: 611-222-333.")
        self.assertEqual(
            html,
            'Mum <a href="tel:+34600123456">+34 600 12 34 56</a><br>'
            'Sam, after 6pm: <a href="tel:611222333">611-222-333</a>.',
        )

    def test_what_a_person_wrote_is_escaped(self):
        html = link_phone_numbers('<script>alert(1)</script> "Jo" 600 123 456')
        self.assertIn("&lt;script&gt;", html)
        self.assertIn("&quot;Jo&quot;", html)
        self.assertIn('<a href="tel:600123456">600 123 456</a>', html)

    def test_nothing_but_digits_reaches_the_link(self):
        html = link_phone_numbers("javascript:alert(1) 600 123 456")
        self.assertNotIn('href="javascript', html)


class PlanPageTests(InnerchildTestCase):
    def setUp(self):
        SafetyPlan.objects.create(
            user=self.alice,
            people_to_ask="Mum 600 123 456",
            professionals="Dr Ruiz +34 91 123 45 67",
            coping_strategies="Walk for 20 minutes, then call 600 999 888 later",
        )
        self.login(self.alice)

    def test_numbers_in_the_contacts_sections_are_links(self):
        response = self.client.get("/safety/plan/")
        self.assertContains(response, '<a href="tel:600123456">600 123 456</a>', html=True)
        self.assertContains(response, '<a href="tel:+34911234567">+34 91 123 45 67</a>', html=True)

    def test_other_sections_stay_plain_text(self):
        self.assertNotContains(self.client.get("/safety/plan/"), 'href="tel:600999888"')

    def test_the_crisis_screen_links_them_too(self):
        response = self.client.get("/safety/crisis/")
        self.assertContains(response, 'href="tel:600123456"')
