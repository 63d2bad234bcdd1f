"""The distress-gating rule of the player, on its own: where a check-in's rating leads."""

from __future__ import annotations

from django.test import SimpleTestCase, override_settings

from innerchild.guide import gating
from innerchild.safety import api as safety_api


def lead(rating, *, threshold=8, offer_grounding=False, back_from_grounding=False) -> str:
    return gating.after_rating(
        rating,
        threshold=threshold,
        offer_grounding=offer_grounding,
        back_from_grounding=back_from_grounding,
    )


class AfterRatingTests(SimpleTestCase):
    def test_a_rating_the_safety_layer_finds_high_goes_to_grounding(self):
        self.assertEqual(lead(9, offer_grounding=True), gating.GROUNDING)

    def test_a_calm_rating_goes_on(self):
        self.assertEqual(lead(3), gating.GO_ON)

    def test_a_nine_after_grounding_goes_no_further(self):
        self.assertEqual(lead(9, offer_grounding=True, back_from_grounding=True), gating.CHOOSE)

    def test_a_rating_at_the_threshold_after_grounding_goes_no_further(self):
        self.assertEqual(lead(8, back_from_grounding=True), gating.CHOOSE)

    def test_an_eight_with_a_threshold_of_seven_goes_no_further(self):
        self.assertEqual(lead(8, threshold=7, back_from_grounding=True), gating.CHOOSE)

    def test_a_rating_just_below_the_threshold_after_grounding_goes_on(self):
        self.assertEqual(lead(7, back_from_grounding=True), gating.GO_ON)

    def test_below_the_threshold_goes_on_even_when_it_is_still_raised(self):
        # Risen by three since the start: grounding was offered once, the threshold decides now.
        self.assertEqual(lead(4, offer_grounding=True, back_from_grounding=True), gating.GO_ON)

    def test_a_high_ten_after_grounding_goes_no_further(self):
        self.assertEqual(lead(10, back_from_grounding=True), gating.CHOOSE)

    def test_a_rating_outside_zero_to_ten_is_refused(self):
        for rating in (-1, 11):
            with self.subTest(rating=rating), self.assertRaises(ValueError):
                lead(rating)

    def test_the_three_choices(self):
        self.assertEqual(gating.CHOICES, ("grounding", "close", "stop"))


class ThresholdTests(SimpleTestCase):
    def test_the_threshold_is_the_pause_setting(self):
        self.assertEqual(safety_api.distress_threshold(), 8)

    @override_settings(DISTRESS_PAUSE_AT=7)
    def test_the_threshold_follows_the_setting(self):
        self.assertEqual(safety_api.distress_threshold(), 7)
