from __future__ import annotations

import json

from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from innerchild.assessments.models import Attempt
from innerchild.assessments.tests.helpers import bulk_results, complete, count_queries
from innerchild.core.testing import InnerchildTestCase


def chart_of(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="history-data" type="application/json">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


class HistoryPageTests(InnerchildTestCase):
    def chart(self, response) -> dict:
        return chart_of(response)

    def test_it_lists_every_completed_attempt_with_chart_data(self):
        complete(self.alice, "phq9", [2] * 9, days_ago=28)
        complete(self.alice, "phq9", [1] * 9, days_ago=14)
        complete(self.alice, "phq9", [1] * 7 + [0] * 2, days_ago=0)
        self.login(self.alice)
        response = self.client.get("/assessments/phq9/history/")
        self.assertContains(response, "vendor/chart.umd.min.js")
        self.assertContains(response, "assessments/history.js")
        data = self.chart(response)
        self.assertEqual(data["series"][0]["values"], [18, 9, 7])
        self.assertEqual((data["min"], data["max"]), (0, 27))
        self.assertContains(response, "<caption>Every time you completed it</caption>", html=True)
        self.assertContains(response, "Moderately severe")

    def test_it_shows_change_since_first_and_previous_against_the_threshold(self):
        complete(self.alice, "phq9", [2] * 9, days_ago=28)
        complete(self.alice, "phq9", [1] * 9, days_ago=14)
        complete(self.alice, "phq9", [1] * 7 + [0] * 2, days_ago=0)
        self.login(self.alice)
        response = self.client.get("/assessments/phq9/history/")
        self.assertEqual(response.context["change"].since_previous, -2)
        self.assertFalse(response.context["change"].previous_is_meaningful)
        self.assertEqual(response.context["change"].since_first, -11)
        self.assertTrue(response.context["change"].first_is_meaningful)
        self.assertContains(
            response, "Since the previous time you took it, your total score went down by 2 points."
        )
        self.assertContains(response, "This is within the usual ups and downs.")
        self.assertContains(response, "This is a meaningful change.")

    def test_the_threshold_is_inclusive(self):
        complete(self.alice, "gad7", [2] * 7, days_ago=14)
        complete(self.alice, "gad7", [2] * 5 + [0, 0], days_ago=7)
        complete(self.alice, "gad7", [2] * 5 + [1, 0], days_ago=0)
        self.login(self.alice)
        change = self.client.get("/assessments/gad7/history/").context["change"]
        self.assertEqual((change.since_first, change.first_is_meaningful), (-3, False))
        self.assertEqual((change.since_previous, change.previous_is_meaningful), (1, False))
        complete(self.alice, "gad7", [2] * 7, days_ago=-1)
        change = self.client.get("/assessments/gad7/history/").context["change"]
        self.assertEqual((change.since_previous, change.previous_is_meaningful), (3, False))
        complete(self.alice, "gad7", [2] * 5 + [0, 0], days_ago=-2)
        change = self.client.get("/assessments/gad7/history/").context["change"]
        self.assertEqual((change.since_previous, change.previous_is_meaningful), (-4, True))

    def test_who5_change_is_in_percentage_points(self):
        complete(self.alice, "who5", [2] * 5, days_ago=14)
        complete(self.alice, "who5", [2, 2, 2, 3, 3], days_ago=0)
        self.login(self.alice)
        response = self.client.get("/assessments/who5/history/")
        change = response.context["change"]
        self.assertEqual(
            (change.metric, change.since_first, change.first_is_meaningful), ("percent", 8, False)
        )
        self.assertEqual(self.chart(response)["series"][0]["values"], [40, 48])
        complete(self.alice, "who5", [3] * 5, days_ago=-1)
        change = self.client.get("/assessments/who5/history/").context["change"]
        self.assertEqual((change.since_first, change.first_is_meaningful), (20, True))

    def test_pcl5_meaningful_change_is_ten_points(self):
        complete(self.alice, "pcl5", [2] * 20, days_ago=30)
        complete(self.alice, "pcl5", [2] * 15 + [0] * 5, days_ago=0)
        self.login(self.alice)
        change = self.client.get("/assessments/pcl5/history/").context["change"]
        self.assertEqual((change.since_first, change.first_is_meaningful), (-10, True))

    def test_ecr_rs_charts_both_subscales(self):
        complete(self.alice, "ecr_rs", [4] * 9)
        self.login(self.alice)
        data = self.chart(self.client.get("/assessments/ecr_rs/history/"))
        self.assertEqual([s["label"] for s in data["series"]], ["Avoidance", "Anxiety"])
        self.assertEqual((data["min"], data["max"]), (1, 7))

    def test_without_attempts_it_invites_a_first_check_in_and_loads_no_chart(self):
        self.login(self.alice)
        response = self.client.get("/assessments/gad7/history/")
        self.assertContains(response, "You have not completed this questionnaire yet.")
        self.assertNotContains(response, "chart.umd.min.js")

    def test_it_shows_only_my_attempts(self):
        complete(self.bob, "gad7", [3] * 7)
        complete(self.alice, "gad7", [0] * 7)
        self.login(self.alice)
        data = self.chart(self.client.get("/assessments/gad7/history/"))
        self.assertEqual(data["series"][0]["values"], [0])

    def test_unfinished_attempts_are_left_out(self):
        complete(self.alice, "gad7", [1] * 7)
        self.login(self.alice)
        self.client.post("/assessments/gad7/")
        data = self.chart(self.client.get("/assessments/gad7/history/"))
        self.assertEqual(len(data["labels"]), 1)

    def test_it_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        complete(self.alice, "phq9", [1] * 9, days_ago=100)
        one = count_queries(self.client, "/assessments/phq9/history/")
        for day in range(29):
            complete(self.alice, "phq9", [day % 4] * 8 + [0], days_ago=day)
        self.assertLessEqual(one, 4)
        with self.assertNumQueries(one):
            response = self.client.get("/assessments/phq9/history/")
        self.assertEqual(len(self.chart(response)["labels"]), 30)

    def test_it_requires_login(self):
        self.assertIn("/accounts/login/", self.client.get("/assessments/phq9/history/")["Location"])

    def test_adult_only_history_is_not_found_in_teen_mode(self):
        self.login(self.tess)
        self.assertEqual(self.client.get("/assessments/pcl5/history/").status_code, 404)

    def test_it_refuses_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/assessments/phq9/history/").status_code, 405)


class LongHistoryTests(InnerchildTestCase):
    """A history of a thousand results costs the server what ten do."""

    path = "/assessments/phq9/history/"

    def visit(self, path=None, status=200):
        from innerchild.core.dashboard import bump

        path = path or self.path
        warm = self.client.get(path)  # warm caches (content, session)
        # The first visit after a change is the one that reads the history: time that one.
        bump(warm.wsgi_request.user.pk)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path)
        self.assertEqual(response.status_code, status)
        return response, len(captured.captured_queries)

    def rows_read(self, path: str) -> int:
        read = []

        def count(sender, **kwargs):
            read.append(1)

        post_init.connect(count, sender=Attempt)
        try:
            self.assertEqual(self.client.get(path).status_code, 200)
        finally:
            post_init.disconnect(count, sender=Attempt)
        return len(read)

    def test_the_history_page_takes_the_same_queries_at_10_and_1000_results(self):
        bulk_results(self.alice, 10)
        bulk_results(self.bob, 1000)
        self.login(self.alice)
        small, small_queries = self.visit()
        self.login(self.bob)
        large, large_queries = self.visit()
        self.assertEqual(large_queries, small_queries)
        self.assertEqual(len(large.context["rows"]), 50)
        self.assertEqual(len(chart_of(large)["labels"]), 60)
        self.assertContains(large, "The chart and its table show your latest 60 results")
        self.assertContains(large, "You have completed it 1000 times.")
        self.assertNotContains(small, "your latest")
        self.assertContains(small, "You have completed it 10 times.")

    def test_other_pages_take_the_same_queries_at_100_and_1000_results(self):
        bulk_results(self.alice, 100)
        bulk_results(self.bob, 1000)
        self.login(self.alice)
        _small, small_queries = self.visit(self.path + "?page=2")
        self.login(self.bob)
        _large, large_queries = self.visit(self.path + "?page=20")
        self.assertEqual(large_queries, small_queries)

    def test_the_history_page_is_no_larger_at_1000_results_than_at_100(self):
        self.login(self.alice)
        bulk_results(self.alice, 100)
        hundred, _queries = self.visit()
        Attempt.objects.filter(owner=self.alice).delete()
        bulk_results(self.alice, 1000)
        thousand, _queries = self.visit()
        self.assertLess(abs(len(thousand.content) - len(hundred.content)), 100)
        self.assertLess(len(thousand.content), 40_000)

    def test_it_reads_a_bounded_number_of_results_from_a_history_of_1000(self):
        bulk_results(self.alice, 1000)
        self.login(self.alice)
        self.assertLessEqual(self.rows_read(self.path), 60 + 1 + 1)
        self.assertLessEqual(self.rows_read(self.path + "?page=7"), 50 + 60 + 1 + 1)

    def test_change_is_measured_from_the_first_result_outside_the_chart(self):
        bulk_results(self.alice, 1000, first_total=20)
        self.login(self.alice)
        response, _queries = self.visit()
        change = response.context["change"]
        # The latest (index 999) scores 10, the one before 4, the very first 20.
        self.assertEqual((change.since_previous, change.previous_is_meaningful), (6, True))
        self.assertEqual((change.since_first, change.first_is_meaningful), (-10, True))
        self.assertContains(
            response, "Since the first time you took it, your total score went down by 10 points."
        )

    def test_two_results_compare_the_latest_with_the_first(self):
        bulk_results(self.alice, 2, first_total=20)
        self.login(self.alice)
        change = self.client.get(self.path).context["change"]
        self.assertEqual((change.since_first, change.since_previous), (-10, -10))

    def test_the_list_is_newest_first_and_page_two_shows_older_results(self):
        bulk_results(self.alice, 55)
        self.login(self.alice)
        first = self.client.get(self.path)
        rows = [row["attempt"].completed_at for row in first.context["rows"]]
        self.assertEqual(rows, sorted(rows, reverse=True))
        self.assertContains(first, '<a href="?page=2" rel="next">Older results</a>', html=True)
        self.assertContains(first, "Page 1 of 2")
        self.assertNotContains(first, "Newer results")
        self.assertContains(first, '<th scope="row"><time datetime=', count=50)
        second = self.client.get(self.path + "?page=2")
        older = [row["attempt"].completed_at for row in second.context["rows"]]
        self.assertEqual(len(older), 5)
        self.assertLess(older[0], rows[-1])
        self.assertContains(second, '<a href="?page=1" rel="prev">Newer results</a>', html=True)
        self.assertNotContains(second, "Older results")
        # The chart and the change are the same on every page.
        self.assertEqual(second.context["chart"], first.context["chart"])
        self.assertEqual(second.context["change"], first.context["change"])

    def test_a_page_past_the_end_shows_the_last_page_and_says_so(self):
        bulk_results(self.alice, 55)
        self.login(self.alice)
        response = self.client.get(self.path + "?page=9")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page"].number, 2)
        self.assertContains(response, "There are only 2 pages, so this is the last one")

    def test_a_page_that_is_not_a_number_is_refused_kindly_with_the_first_page(self):
        bulk_results(self.alice, 55)
        self.login(self.alice)
        for value in ("abc", "0", "-3", "1.5", "%00"):
            with self.subTest(value=value):
                response = self.client.get(self.path + "?page=" + value)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.context["page"].number, 1)
                self.assertContains(
                    response,
                    "That page number is not one we can show, so this is the first page.",
                    status_code=400,
                )

    def test_a_short_history_has_no_paging_links_and_no_latest_note(self):
        bulk_results(self.alice, 3)
        self.login(self.alice)
        response = self.client.get(self.path)
        self.assertNotContains(response, "Older results")
        self.assertNotContains(response, 'data-testid="chart-latest"')
        self.assertContains(response, "The figures as a table")

    def test_the_paging_words_are_in_spanish_for_a_spanish_speaker(self):
        self.alice.language = "es"
        self.alice.save(update_fields=["language"])
        bulk_results(self.alice, 120)
        self.login(self.alice)
        response = self.client.get(self.path + "?page=9")
        self.assertContains(response, "Lo has completado 120 veces.")
        self.assertContains(response, "tus últimos 60 resultados")
        self.assertContains(response, "Resultados más recientes")
        self.assertContains(response, "Solo hay 3 páginas, así que esta es la última")
