from django.test import SimpleTestCase, override_settings

from innerchild.safety.rules import distress_decision, readiness_outcome


class ReadinessRuleTests(SimpleTestCase):
    def test_no_concerns_means_ready(self):
        self.assertEqual(readiness_outcome({}).outcome, "ready")

    def test_thoughts_of_self_harm_now_mean_crisis_whatever_else(self):
        result = readiness_outcome({"thoughts_now": True, "in_care": True})
        self.assertEqual((result.outcome, result.reasons), ("crisis", ("thoughts_now",)))

    def test_each_concern_alone_means_gentle_only(self):
        for key, reason in (
            ("recent_harm", "recent_harm"),
            ("dissociation", "dissociation"),
            ("substances_today", "substances_today"),
        ):
            with self.subTest(key=key):
                result = readiness_outcome({key: True})
                self.assertEqual((result.outcome, result.reasons), ("gentle_only", (reason,)))

    def test_severe_trauma_is_fine_with_a_therapist_and_gentle_only_without(self):
        self.assertEqual(
            readiness_outcome({"severe_trauma": True, "in_care": True}).outcome, "ready"
        )
        self.assertEqual(
            readiness_outcome({"severe_trauma": True}).reasons, ("trauma_without_care",)
        )

    def test_adolescents_are_gentle_only_unless_unlocked(self):
        self.assertEqual(readiness_outcome({}, adolescent=True).reasons, ("adolescent",))
        self.assertEqual(readiness_outcome({}, adolescent=True, unlocked=True).outcome, "ready")

    def test_all_reasons_are_listed(self):
        result = readiness_outcome({"recent_harm": True, "substances_today": True}, adolescent=True)
        self.assertEqual(result.reasons, ("recent_harm", "substances_today", "adolescent"))


class DistressRuleTests(SimpleTestCase):
    def test_a_calm_rating_needs_nothing(self):
        self.assertFalse(distress_decision([], 3, "before").offer_grounding)

    def test_a_rating_of_eight_offers_grounding(self):
        result = distress_decision([], 8, "before")
        self.assertEqual((result.offer_grounding, result.reason), (True, "high"))

    def test_a_rise_of_three_offers_grounding(self):
        result = distress_decision([2], 5, "during")
        self.assertEqual((result.offer_grounding, result.reason), (True, "rising"))
        self.assertFalse(distress_decision([2], 4, "during").offer_grounding)

    def test_a_rise_counts_from_the_lowest_earlier_rating(self):
        self.assertTrue(distress_decision([4, 1], 4, "during").offer_grounding)

    def test_an_exercise_does_not_end_above_its_start_without_grounding(self):
        result = distress_decision([3, 4], 4, "after")
        self.assertEqual((result.offer_grounding, result.reason), (True, "ended_higher"))
        self.assertFalse(distress_decision([3, 5], 3, "after").offer_grounding)

    @override_settings(DISTRESS_PAUSE_AT=6, DISTRESS_RISE=2)
    def test_thresholds_come_from_settings(self):
        self.assertTrue(distress_decision([], 6, "before").offer_grounding)
        self.assertTrue(distress_decision([1], 3, "during").offer_grounding)

    def test_ratings_outside_zero_to_ten_are_refused(self):
        for rating in (-1, 11):
            with self.subTest(rating=rating), self.assertRaises(ValueError):
                distress_decision([], rating, "before")
