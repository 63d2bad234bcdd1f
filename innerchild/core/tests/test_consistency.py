"""One date style, a page of our own for a method a page does not take, the icon, and onboarding
before member pages."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import timezone, translation

from innerchild.core import dates
from innerchild.core.testing import InnerchildTestCase, make_person

LATE_EVENING_IN_LONDON = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


class DateStyleTests(SimpleTestCase):
    def setUp(self):
        timezone.activate(zoneinfo.ZoneInfo("Pacific/Auckland"))
        self.addCleanup(timezone.deactivate)

    def test_a_moment_is_shown_in_the_persons_zone_in_english(self):
        with translation.override("en"):
            self.assertEqual(dates.shown(LATE_EVENING_IN_LONDON), "25 November 2026, 12:30")
            self.assertEqual(dates.shown(LATE_EVENING_IN_LONDON, "day"), "25 November 2026")
            self.assertEqual(
                dates.shown(LATE_EVENING_IN_LONDON, "weekday"), "Wednesday 25 November 2026, 12:30"
            )

    def test_spanish_orders_and_joins_the_parts_its_own_way(self):
        with translation.override("es"):
            self.assertEqual(dates.shown(LATE_EVENING_IN_LONDON), "25 de noviembre de 2026, 12:30")
            self.assertEqual(dates.shown(date(2026, 3, 1)), "1 de marzo de 2026")

    def test_another_zone_can_be_asked_for(self):
        with translation.override("en"):
            self.assertEqual(
                dates.shown(LATE_EVENING_IN_LONDON, zone=zoneinfo.ZoneInfo("Europe/London")),
                "24 November 2026, 23:30",
            )

    def test_the_filter_wraps_the_text_in_a_time_element_with_an_iso_value(self):
        template = Template('{% load when %}{{ moment|when }} {{ moment|when:"day" }}')
        with translation.override("en"):
            html = template.render(Context({"moment": LATE_EVENING_IN_LONDON}))
        self.assertEqual(
            html,
            '<time datetime="2026-11-25T12:30:00+13:00">25 November 2026, 12:30</time> '
            '<time datetime="2026-11-25">25 November 2026</time>',
        )

    def test_a_time_of_day_is_shown_on_the_24_hour_clock(self):
        html = Template('{% load when %}{{ start|when:"time" }}').render(
            Context({"start": time(9, 5)})
        )
        self.assertEqual(html, '<time datetime="09:05">09:05</time>')

    def test_a_value_that_is_not_a_date_is_shown_as_it_is(self):
        self.assertEqual(dates.shown("soon"), "soon")

    def test_nothing_is_shown_for_no_date(self):
        self.assertEqual(Template("{% load when %}{{ moment|when }}").render(Context({})), "")

    def test_no_template_formats_a_date_its_own_way(self):
        import re
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        own_way = re.compile(
            r'\|date:"(DATE|DATETIME|SHORT_DATE)_FORMAT"|\|date:day_format|\|time:|naturalday'
        )
        offenders = [
            str(path.relative_to(root))
            for path in root.glob("*/templates/**/*.html")
            if own_way.search(path.read_text())
        ]
        self.assertEqual(offenders, [])


class MethodNotAllowedPageTests(InnerchildTestCase):
    def test_opening_an_address_for_a_form_shows_a_page_that_says_what_to_do(self):
        self.login(self.alice)
        response = self.client.get("/accounts/logout/")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "POST")
        self.assertContains(response, "This address is for sending a form", status_code=405)
        self.assertContains(response, "go back to the page with the form", status_code=405)

    def test_it_works_for_someone_not_logged_in(self):
        response = self.client.get("/accounts/logout/")
        self.assertContains(response, "This address is for sending a form", status_code=405)

    def test_a_json_client_still_gets_json(self):
        self.login(self.alice)
        response = self.client.get("/accounts/logout/", HTTP_ACCEPT="application/json")
        self.assertEqual(response.status_code, 405)
        self.assertIn("error", response.json())


class FaviconTests(InnerchildTestCase):
    def test_favicon_ico_leads_to_the_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith(".svg"))
        self.assertEqual(self.client.get(response["Location"]).status_code, 200)

    def test_every_page_links_the_icon(self):
        self.assertContains(self.client.get("/"), 'rel="icon"')


class OnboardingFirstTests(InnerchildTestCase):
    def setUp(self):
        self.newcomer = make_person("nina@example.org", "Nina", onboarded=False)
        self.login(self.newcomer)

    def test_member_pages_send_a_newcomer_to_onboarding_and_back(self):
        for address in ("/journal/", "/guide/", "/assessments/", "/safety/plan/", "/care/"):
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertRedirects(
                    response,
                    f"/accounts/onboarding/?next={address.replace('/', '%2F')}",
                    fetch_redirect_response=False,
                )

    def test_pause_and_crisis_lines_always_open(self):
        for address in ("/safety/pause/", "/safety/crisis/"):
            with self.subTest(address=address):
                self.assertEqual(self.client.get(address).status_code, 200)

    def test_finishing_onboarding_goes_on_to_the_page_asked_for(self):
        response = self.client.post(
            "/accounts/onboarding/?next=%2Fjournal%2F",
            {
                "understands_self_help": "on",
                "understands_pause": "on",
                "accepts_terms": "on",
                "path": "self_guided",
            },
        )
        self.assertRedirects(
            response, "/safety/readiness/?next=%2Fjournal%2F", fetch_redirect_response=False
        )

    def test_a_next_address_elsewhere_is_ignored(self):
        response = self.client.post(
            "/accounts/onboarding/?next=https%3A%2F%2Fexample.com%2F",
            {
                "understands_self_help": "on",
                "understands_pause": "on",
                "accepts_terms": "on",
                "path": "self_guided",
            },
        )
        self.assertRedirects(
            response, "/safety/readiness/?next=%2Fdashboard%2F", fetch_redirect_response=False
        )

    def test_an_onboarded_member_goes_straight_in(self):
        self.login(self.alice)
        self.assertEqual(self.client.get("/journal/").status_code, 200)

    def test_a_new_facilitator_is_sent_to_their_own_onboarding(self):
        newcomer = make_person("fern@example.org", "Fern", role="facilitator", onboarded=False)
        self.login(newcomer)
        response = self.client.get("/journal/")
        self.assertTrue(response["Location"].startswith("/care/practice/"))
        self.assertEqual(self.client.get("/care/practice/profile/").status_code, 200)
