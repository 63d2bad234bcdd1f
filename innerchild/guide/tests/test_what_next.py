"""What next: a suggested session with its reason in plain words."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from innerchild.assessments import api as assessments_api
from innerchild.core.testing import InnerchildTestCase
from innerchild.guide.models import RunStatus, SessionRun
from innerchild.guide.progress import suggest_next


def done(owner, script_id: str, *, before=5, after=3, days_ago=1) -> SessionRun:
    began = timezone.now() - timedelta(days=days_ago)
    return SessionRun.objects.create(
        owner=owner,
        script_id=script_id,
        script_title=script_id,
        language="en",
        intensity="gentle",
        step_count=9,
        status=RunStatus.COMPLETED,
        started_at=began,
        ended_at=began + timedelta(minutes=10),
        distress_before=before,
        distress_after=after,
    )


class SuggestionTests(InnerchildTestCase):
    def test_a_first_session_is_the_safe_place(self):
        suggestion = suggest_next(self.alice)
        self.assertEqual(suggestion.script.id, "safe-place")
        self.assertIn("gentle way to begin", suggestion.reason)

    def test_it_follows_the_strongest_sign_with_a_session_not_done_yet(self):
        done(self.alice, "safe-place")
        with mock.patch.object(assessments_api, "strongest_signs", return_value=["abandonment"]):
            suggestion = suggest_next(self.alice)
        self.assertEqual(suggestion.script.id, "soothing-fear-of-abandonment")
        self.assertEqual(
            suggestion.reason,
            "because “fear of being left or rejected” was among your strongest signs in your "
            "last self-check and you have not done this one yet",
        )

    def test_after_a_session_that_ended_worse_it_suggests_something_gentle(self):
        done(self.alice, "safe-place", days_ago=3)
        done(self.alice, "meeting-your-younger-self", before=4, after=7)
        with mock.patch.object(assessments_api, "strongest_signs", return_value=["abandonment"]):
            suggestion = suggest_next(self.alice)
        self.assertEqual(suggestion.script.intensity, "gentle")
        self.assertIn("more distress than it began with", suggestion.reason)

    def test_a_deep_session_is_never_suggested(self):
        done(self.alice, "safe-place")
        with mock.patch.object(assessments_api, "strongest_signs", return_value=["triggers"]):
            suggestion = suggest_next(self.alice)
        self.assertNotEqual(suggestion.script.intensity, "deep")
        self.assertEqual(suggestion.script.id, "healing-a-trigger")

    def test_when_everything_is_done_it_suggests_the_longest_unvisited(self):
        from innerchild.guide.scripts import scripts_for

        for days, script in enumerate(scripts_for("en")):
            done(self.alice, script.id, days_ago=days + 1)
        suggestion = suggest_next(self.alice)
        self.assertIn("not come back to for longest", suggestion.reason)

    def test_it_is_shown_on_the_sessions_page_and_the_dashboard(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/guide/"), "A suggestion for next time")
        dashboard = self.client.get("/dashboard/")
        self.assertContains(dashboard, "Guided sessions")
        self.assertContains(dashboard, "/guide/scripts/safe-place/")
