"""History and progress: every session, the figures, the chart data and the signs."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import time_machine
from django.utils import timezone

from innerchild.assessments import api as assessments_api
from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import RunStatus, SessionRun
from innerchild.guide.progress import streak, summarise


def make_runs(owner, count: int, *, start=None, status=RunStatus.COMPLETED) -> list[SessionRun]:
    start = start or timezone.now() - timedelta(days=count)
    runs = []
    for i in range(count):
        began = start + timedelta(days=i)
        runs.append(
            SessionRun.objects.create(
                owner=owner,
                script_id="safe-place",
                script_title="A safe place inside",
                language="en",
                intensity="gentle",
                step_count=9,
                current_step=8 if status == RunStatus.COMPLETED else 4,
                reached_step=8,
                status=status,
                started_at=began,
                ended_at=began + timedelta(minutes=14),
                distress_before=6,
                distress_after=3 if i % 2 else 4,
                feelings_before=["anxious"],
            )
        )
    return runs


class HistoryPageTests(InnerchildTestCase):
    def test_it_shows_each_session_with_distress_before_and_after(self):
        make_runs(self.alice, 2)
        self.login(self.alice)
        response = self.client.get("/guide/history/")
        self.assertContains(response, '">A safe place inside</a>', count=2)
        self.assertContains(response, "6 → 4")
        self.assertContains(response, "6 → 3")
        self.assertContains(response, "Completed")

    def test_it_says_where_a_session_was_stopped(self):
        make_runs(self.alice, 1, status=RunStatus.STOPPED)
        self.login(self.alice)
        self.assertContains(self.client.get("/guide/history/"), "Stopped at step 5")

    def test_the_chart_gets_its_data_from_json_and_a_table(self):
        make_runs(self.alice, 3)
        self.login(self.alice)
        response = self.client.get("/guide/history/")
        self.assertContains(response, 'id="guide-chart-data"')
        self.assertContains(response, "vendor/chart.umd.min.js")
        self.assertContains(response, "guide/history.js")
        data = json.loads(_json_script(response.content.decode(), "guide-chart-data"))
        self.assertEqual(data["before"], [6, 6, 6])
        self.assertEqual(data["after"], [4, 3, 4])
        self.assertContains(response, "The figures as a table")

    def test_without_sessions_there_is_no_chart(self):
        self.login(self.alice)
        response = self.client.get("/guide/history/")
        self.assertNotContains(response, "chart.umd.min.js")
        self.assertContains(response, "No sessions yet")

    def test_it_shows_how_the_signs_changed_since_the_first_session(self):
        make_runs(self.alice, 2)
        first = {"abandonment": 4, "stress": 3}
        latest = {"abandonment": 2, "stress": 3}
        with (
            mock.patch.object(assessments_api, "first_sign_scores", return_value=first),
            mock.patch.object(assessments_api, "latest_sign_scores", return_value=latest),
        ):
            self.login(self.alice)
            response = self.client.get("/guide/history/")
        self.assertContains(response, "The ten signs since your first session")
        self.assertContains(response, "Fear of abandonment or rejection")
        self.assertContains(response, "<td>-2</td>", html=False)

    def test_it_does_not_show_bobs_sessions_to_alice(self):
        make_runs(self.bob, 2)
        self.login(self.alice)
        self.assertNotContains(self.client.get("/guide/history/"), "A safe place inside")

    def test_it_requires_login(self):
        response = self.client.get("/guide/history/")
        self.assertEqual(response.status_code, 302)

    def test_it_only_answers_get(self):
        self.login(self.alice)
        self.assertEqual(self.client.post("/guide/history/").status_code, 405)

    def test_it_uses_a_constant_number_of_queries(self):
        self.login(self.alice)
        self.client.get("/guide/history/")  # warm caches (content, sessions)
        make_runs(self.alice, 1)  # a change: the page is read again
        first = self._count_queries()
        make_runs(self.alice, 29, start=timezone.now() - timedelta(days=60))
        with self.assertNumQueries(first):
            response = self.client.get("/guide/history/")
        self.assertEqual(len(response.context["runs"]), 30)
        with self.assertNumQueries(1):  # nothing changed since: the page is kept rendered
            again = self.client.get("/guide/history/")
        rows = response.content.decode().count("<tr")
        self.assertEqual(again.content.decode().count("<tr"), rows)

    def _count_queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get("/guide/history/")
        return len(captured.captured_queries)


class FiguresTests(InnerchildTestCase):
    def test_the_streak_counts_days_in_a_row_ending_today_or_yesterday(self):
        today = timezone.now().date()
        days = {today - timedelta(days=n) for n in (1, 2, 3, 5)}
        self.assertEqual(streak(days, today), 3)
        self.assertEqual(streak(days | {today}, today), 4)
        self.assertEqual(streak({today - timedelta(days=2)}, today), 0)

    def test_the_streak_follows_the_persons_timezone(self):
        self.alice.timezone = "America/Los_Angeles"
        self.alice.save(update_fields=["timezone"])
        # 06:00 UTC on the 10th is still the evening of the 9th in Los Angeles.
        with time_machine.travel("2026-03-10 06:00:00+00:00", tick=False):
            make_runs(self.alice, 1, start=timezone.now() - timedelta(days=1))  # 8th evening there
            make_runs(self.alice, 1, start=timezone.now())  # 9th evening there
            summary = summarise(self.alice, SessionRun.objects.owned_by(self.alice))
        self.assertEqual(summary.streak, 2)

    def test_the_average_change_is_after_minus_before(self):
        make_runs(self.alice, 2)
        summary = summarise(self.alice, SessionRun.objects.owned_by(self.alice))
        self.assertEqual(summary.count, 2)
        self.assertEqual(summary.average_change, -2.5)


def _json_script(html: str, element_id: str) -> str:
    start = html.index(f'<script id="{element_id}" type="application/json">')
    start = html.index(">", start) + 1
    return html[start : html.index("</script>", start)]


class HistoryPagesTests(InnerchildTestCase):
    def test_the_list_shows_fifty_at_a_time_while_the_figures_count_every_session(self):
        make_runs(self.alice, 55)
        self.login(self.alice)
        first = self.client.get("/guide/history/")
        self.assertEqual(len(first.context["runs"]), 50)
        self.assertEqual(first.context["summary"].count, 55)
        self.assertEqual(len(first.context["chart"]["before"]), 55)
        self.assertContains(first, "Older sessions")
        second = self.client.get("/guide/history/?page=2")
        self.assertEqual(len(second.context["runs"]), 5)


def bulk_runs(owner, count: int) -> None:
    """`count` finished sessions, one a day up to yesterday, in one insert."""
    start = timezone.now() - timedelta(days=count)
    SessionRun.objects.bulk_create(
        SessionRun(
            owner=owner,
            script_id="safe-place",
            script_title="A safe place inside",
            language="en",
            intensity="gentle",
            step_count=9,
            current_step=8,
            reached_step=8,
            status=RunStatus.COMPLETED if i % 9 else RunStatus.STOPPED,
            started_at=start + timedelta(days=i),
            ended_at=start + timedelta(days=i, minutes=14),
            distress_before=6,
            distress_after=3,
            feelings_before=["anxious"],
        )
        for i in range(count)
    )


class LongHistoryTests(InnerchildTestCase):
    """A history of a thousand sessions costs the server what ten do."""

    def visit(self, path="/guide/history/"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from innerchild.core.dashboard import bump

        warm = self.client.get(path)  # warm caches (content, session)
        # The first visit after a change is the one that reads the history: time that one.
        bump(warm.wsgi_request.user.pk)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return response, len(captured.captured_queries)

    def test_the_history_page_takes_the_same_queries_at_10_and_1000_sessions(self):
        self.login(self.alice)
        bulk_runs(self.alice, 10)
        small, small_queries = self.visit()
        bulk_runs(self.bob, 1000)
        self.login(self.bob)
        large, large_queries = self.visit()
        self.assertEqual(large_queries, small_queries)
        self.assertEqual(len(large.context["runs"]), 50)
        self.assertEqual(len(large.context["chart"]["before"]), 60)
        self.assertContains(large, "your latest 60 sessions")
        self.assertNotContains(small, "your latest")

    def test_the_history_page_is_no_larger_at_1000_sessions_than_at_100(self):
        self.login(self.alice)
        bulk_runs(self.alice, 100)
        hundred, _queries = self.visit()
        SessionRun.objects.filter(owner=self.alice).delete()
        bulk_runs(self.alice, 1000)
        thousand, _queries = self.visit()
        self.assertLess(abs(len(thousand.content) - len(hundred.content)), 100)
        self.assertLess(len(thousand.content), 40_000)

    def test_the_figures_still_count_every_one_of_1000_sessions(self):
        bulk_runs(self.alice, 1000)
        self.login(self.alice)
        response, _queries = self.visit()
        summary = response.context["summary"]
        self.assertEqual(summary.count, 1000)
        self.assertEqual(summary.stopped, 112)
        self.assertEqual(summary.completed, 888)
        self.assertEqual(summary.streak, 1000)
        self.assertEqual(summary.average_change, -3.0)

    def rows_read(self, path: str) -> int:
        """How many sessions the page reads from the database, with the dashboard cache cold."""
        from django.core.cache import cache
        from django.db.models.signals import post_init

        self.client.get(path)
        cache.clear()
        read = []

        def count(sender, **kwargs):
            read.append(1)

        post_init.connect(count, sender=SessionRun)
        try:
            self.assertEqual(self.client.get(path).status_code, 200)
        finally:
            post_init.disconnect(count, sender=SessionRun)
        return len(read)

    def test_pages_read_a_bounded_number_of_sessions_from_a_history_of_1000(self):
        bulk_runs(self.alice, 1000)
        self.login(self.alice)
        self.assertLessEqual(self.rows_read("/guide/history/"), 50 + 60 + 1)
        self.assertLessEqual(self.rows_read("/guide/"), 4)
        self.assertLessEqual(self.rows_read("/dashboard/"), 2)

    def test_the_sessions_page_and_dashboard_take_the_same_queries_at_10_and_1000(self):
        bulk_runs(self.alice, 10)
        bulk_runs(self.bob, 1000)
        for path in ("/guide/", "/dashboard/"):
            with self.subTest(path=path):
                self.login(self.alice)
                _small, small_queries = self.visit(path)
                self.login(self.bob)
                _large, large_queries = self.visit(path)
                self.assertEqual(large_queries, small_queries)
