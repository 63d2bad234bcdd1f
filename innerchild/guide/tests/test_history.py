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
        make_runs(self.alice, 1)
        self.client.get("/guide/history/")  # warm caches (content, sessions)
        with self.assertNumQueries(self._count_queries()) as one:
            self.client.get("/guide/history/")
        make_runs(self.alice, 29, start=timezone.now() - timedelta(days=60))
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get("/guide/history/")
        self.assertEqual(len(response.context["runs"]), 30)

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
            summary = summarise(self.alice, list(SessionRun.objects.owned_by(self.alice)))
        self.assertEqual(summary.streak, 2)

    def test_the_average_change_is_after_minus_before(self):
        make_runs(self.alice, 2)
        summary = summarise(self.alice, list(SessionRun.objects.owned_by(self.alice)))
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
