"""innerchild.assessments.api: what the journal and guided sessions read."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from innerchild.assessments import api
from innerchild.assessments.tests.helpers import complete
from innerchild.core.testing import InnerchildTestCase


class SignsApiTests(InnerchildTestCase):
    def test_everything_is_empty_before_the_first_self_check(self):
        self.assertIsNone(api.latest_sign_scores(self.alice))
        self.assertIsNone(api.first_sign_scores(self.alice))
        self.assertEqual(api.strongest_signs(self.alice), [])
        self.assertIsNone(api.latest_signs_completed_at(self.alice))
        self.assertEqual(api.strongest_signs(AnonymousUser()), [])

    def test_latest_and_first_scores_are_by_sign_id(self):
        complete(self.alice, "signs", [4] * 10, days_ago=20)
        latest = complete(self.alice, "signs", [0, 1, 2, 3, 4, 0, 1, 2, 3, 4], days_ago=1)
        self.assertEqual(api.first_sign_scores(self.alice)["inadequacy"], 4)
        scores = api.latest_sign_scores(self.alice)
        self.assertEqual(scores["inadequacy"], 0)
        self.assertEqual(scores["stress"], 4)
        self.assertEqual(
            list(scores),
            [
                "inadequacy",
                "relationship_patterns",
                "expression_boundaries",
                "triggers",
                "self_criticism",
                "intimacy_trust",
                "validation",
                "abandonment",
                "loneliness",
                "stress",
            ],
        )
        self.assertEqual(api.latest_signs_completed_at(self.alice), latest.completed_at)

    def test_strongest_signs_come_first_and_ties_keep_the_signs_order(self):
        complete(self.alice, "signs", [0, 3, 0, 4, 3, 0, 0, 0, 3, 0])
        self.assertEqual(
            api.strongest_signs(self.alice), ["triggers", "relationship_patterns", "self_criticism"]
        )
        self.assertEqual(
            api.strongest_signs(self.alice, limit=5),
            [
                "triggers",
                "relationship_patterns",
                "self_criticism",
                "loneliness",
            ],
        )

    def test_signs_rated_never_are_not_among_the_strongest(self):
        complete(self.alice, "signs", [0] * 9 + [1])
        self.assertEqual(api.strongest_signs(self.alice), ["stress"])

    def test_other_peoples_self_checks_are_not_mine(self):
        complete(self.bob, "signs", [4] * 10)
        self.assertIsNone(api.latest_sign_scores(self.alice))
