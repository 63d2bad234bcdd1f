"""Exact published scoring for every instrument: extremes, band edges, reverse keys and flags."""

from __future__ import annotations

from django.test import SimpleTestCase, override_settings

from innerchild.assessments.instruments import get_instrument
from innerchild.assessments.scoring import AnswerError, score


def scored(instrument_id: str, answers: list[int]) -> dict:
    return score(get_instrument(instrument_id), answers).as_dict()


def spread(total: int, count: int, top: int, *, last_zero: bool = False) -> list[int]:
    """`count` answers adding up to `total`, each at most `top` (optionally leaving the last 0)."""
    answers = []
    remaining = total
    for index in range(count):
        if last_zero and index == count - 1:
            answers.append(0)
            continue
        value = min(top, remaining)
        answers.append(value)
        remaining -= value
    assert remaining == 0, "total out of reach"
    return answers


class SignsSelfCheckTests(SimpleTestCase):
    def test_the_lowest_answers_give_zero_and_no_band(self):
        result = scored("signs", [0] * 10)
        self.assertEqual(result["total"], 0)
        self.assertIsNone(result["band"])
        self.assertEqual(result["flags"], [])

    def test_the_highest_answers_give_forty(self):
        self.assertEqual(scored("signs", [4] * 10)["total"], 40)

    def test_each_sign_keeps_its_own_value(self):
        result = scored("signs", [0, 1, 2, 3, 4, 4, 3, 2, 1, 0])
        self.assertEqual(result["subscales"]["inadequacy"], 0)
        self.assertEqual(result["subscales"]["self_criticism"], 4)
        self.assertEqual(result["subscales"]["stress"], 0)
        self.assertEqual(len(result["subscales"]), 10)
        self.assertEqual(result["total"], 20)


class Phq9Tests(SimpleTestCase):
    def test_minimum_is_zero_and_minimal(self):
        self.assertEqual(
            scored("phq9", [0] * 9),
            {"instrument": "phq9", "total": 0, "band": "minimal", "flags": [], "subscales": {}},
        )

    def test_maximum_is_27_and_severe(self):
        result = scored("phq9", [3] * 9)
        self.assertEqual((result["total"], result["band"]), (27, "severe"))

    def test_band_boundaries_on_both_sides(self):
        edges = {
            4: "minimal",
            5: "mild",
            9: "mild",
            10: "moderate",
            14: "moderate",
            15: "moderately_severe",
            19: "moderately_severe",
            20: "severe",
        }
        for total, band in edges.items():
            with self.subTest(total=total):
                result = scored("phq9", spread(total, 9, 3, last_zero=True))
                self.assertEqual((result["total"], result["band"]), (total, band))

    def test_item_nine_above_zero_flags_self_harm_whatever_the_total(self):
        result = scored("phq9", [0] * 8 + [1])
        self.assertEqual(result["band"], "minimal")
        self.assertEqual(result["flags"], ["self_harm_item"])

    def test_item_nine_at_zero_does_not_flag_self_harm_even_at_a_high_total(self):
        self.assertEqual(scored("phq9", [3] * 8 + [0])["flags"], [])

    def test_a_total_of_ten_recommends_a_professional_and_nine_does_not(self):
        instrument = get_instrument("phq9")
        self.assertIn(
            "see_professional", score(instrument, spread(10, 9, 3, last_zero=True)).next_steps
        )
        self.assertEqual(score(instrument, spread(9, 9, 3, last_zero=True)).next_steps, ())


class Gad7Tests(SimpleTestCase):
    def test_minimum_and_maximum(self):
        self.assertEqual(scored("gad7", [0] * 7)["band"], "minimal")
        result = scored("gad7", [3] * 7)
        self.assertEqual((result["total"], result["band"]), (21, "severe"))

    def test_band_boundaries_on_both_sides(self):
        edges = {4: "minimal", 5: "mild", 9: "mild", 10: "moderate", 14: "moderate", 15: "severe"}
        for total, band in edges.items():
            with self.subTest(total=total):
                self.assertEqual(scored("gad7", spread(total, 7, 3))["band"], band)


class Who5Tests(SimpleTestCase):
    def test_minimum_is_zero_percent_and_likely_depression(self):
        result = scored("who5", [0] * 5)
        self.assertEqual((result["total"], result["percent"]), (0, 0))
        self.assertEqual(result["band"], "likely_depression")

    def test_maximum_is_a_hundred_percent_and_good(self):
        result = scored("who5", [5] * 5)
        self.assertEqual((result["total"], result["percent"], result["band"]), (25, 100, "good"))
        self.assertEqual(result["flags"], [])

    def test_28_percent_is_likely_depression_and_32_percent_is_poor(self):
        self.assertEqual(scored("who5", [2, 2, 1, 1, 1])["percent"], 28)
        self.assertEqual(scored("who5", [2, 2, 1, 1, 1])["band"], "likely_depression")
        self.assertEqual(scored("who5", [2, 2, 2, 1, 1])["percent"], 32)
        self.assertEqual(scored("who5", [2, 2, 2, 1, 1])["band"], "poor")

    def test_raw_12_is_poor_and_raw_13_is_good(self):
        self.assertEqual(scored("who5", [3, 3, 2, 2, 2])["band"], "poor")
        self.assertEqual(scored("who5", [3, 3, 3, 2, 2])["band"], "good")

    def test_any_item_at_one_or_below_flags_low_item(self):
        self.assertEqual(scored("who5", [5, 5, 5, 5, 1])["flags"], ["low_item"])
        self.assertEqual(scored("who5", [0, 5, 5, 5, 5])["flags"], ["low_item"])
        self.assertEqual(scored("who5", [2, 2, 2, 2, 2])["flags"], [])


class RosenbergTests(SimpleTestCase):
    POSITIVE = (1, 3, 4, 7, 10)
    REVERSED = (2, 5, 6, 8, 9)

    def lowest(self) -> list[int]:
        return [3 if n in self.REVERSED else 0 for n in range(1, 11)]

    def test_minimum_is_zero_and_low(self):
        result = scored("rses", self.lowest())
        self.assertEqual((result["total"], result["band"]), (0, "low"))

    def test_maximum_is_thirty_and_high(self):
        answers = [0 if n in self.REVERSED else 3 for n in range(1, 11)]
        result = scored("rses", answers)
        self.assertEqual((result["total"], result["band"]), (30, "high"))

    def test_every_reverse_keyed_item_scores_three_minus_the_answer(self):
        for number in self.REVERSED:
            with self.subTest(item=number):
                answers = self.lowest()
                answers[number - 1] = 0  # "Strongly disagree" with a negative statement
                self.assertEqual(scored("rses", answers)["total"], 3)
                answers[number - 1] = 2
                self.assertEqual(scored("rses", answers)["total"], 1)

    def test_positively_worded_items_are_not_reversed(self):
        for number in self.POSITIVE:
            with self.subTest(item=number):
                answers = self.lowest()
                answers[number - 1] = 3
                self.assertEqual(scored("rses", answers)["total"], 3)

    def test_band_boundaries_on_both_sides(self):
        edges = {14: "low", 15: "normal", 25: "normal", 26: "high"}
        for total, band in edges.items():
            with self.subTest(total=total):
                answers = self.lowest()
                for index, value in enumerate(spread(total, 10, 3)):
                    number = index + 1
                    answers[index] = 3 - value if number in self.REVERSED else value
                result = scored("rses", answers)
                self.assertEqual((result["total"], result["band"]), (total, band))


class Pcl5Tests(SimpleTestCase):
    def test_minimum_and_maximum_with_clusters(self):
        low = scored("pcl5", [0] * 20)
        self.assertEqual((low["total"], low["band"], low["flags"]), (0, None, []))
        self.assertEqual(low["subscales"], {"B": 0, "C": 0, "D": 0, "E": 0})
        high = scored("pcl5", [4] * 20)
        self.assertEqual(high["total"], 80)
        self.assertEqual(high["subscales"], {"B": 20, "C": 8, "D": 28, "E": 24})
        self.assertEqual(high["flags"], ["probable_ptsd", "dsm5_pattern"])

    def test_clusters_add_up_their_own_items(self):
        answers = [1] * 5 + [2] * 2 + [3] * 7 + [4] * 6
        self.assertEqual(scored("pcl5", answers)["subscales"], {"B": 5, "C": 4, "D": 21, "E": 24})

    def test_33_flags_probable_ptsd_and_32_does_not(self):
        # All ratings 1 or 2 spread so the DSM-5 pattern is not met (no C item at 2).
        below = [2] * 5 + [1, 1] + [2] * 7 + [1] * 6
        self.assertEqual(sum(below), 32)
        self.assertEqual(scored("pcl5", below)["flags"], [])
        at = [*below[:19], 2]
        self.assertEqual(sum(at), 33)
        self.assertEqual(scored("pcl5", at)["flags"], ["probable_ptsd"])

    @override_settings(ASSESSMENTS_PCL5_CUTOFF=31)
    def test_the_cut_off_follows_the_setting(self):
        answers = [2] * 5 + [1, 1] + [2] * 6 + [1] * 7
        self.assertEqual(sum(answers), 31)
        self.assertIn("probable_ptsd", scored("pcl5", answers)["flags"])

    def test_dsm5_pattern_needs_one_b_one_c_two_d_and_two_e_items_at_two_or_more(self):
        minimal = [0] * 20
        for number in (1, 6, 8, 9, 15, 16):
            minimal[number - 1] = 2
        result = scored("pcl5", minimal)
        self.assertEqual(result["flags"], ["dsm5_pattern"])
        for number in (1, 6, 9, 16):
            with self.subTest(missing=number):
                short = list(minimal)
                short[number - 1] = 1
                self.assertNotIn("dsm5_pattern", scored("pcl5", short)["flags"])


class SelfCompassionShortFormTests(SimpleTestCase):
    REVERSED = (1, 4, 8, 9, 11, 12)

    def lowest(self) -> list[int]:
        return [5 if n in self.REVERSED else 1 for n in range(1, 13)]

    def test_minimum_is_one_and_maximum_is_five(self):
        self.assertEqual(scored("scs_sf", self.lowest())["total"], 1.0)
        highest = [1 if n in self.REVERSED else 5 for n in range(1, 13)]
        result = scored("scs_sf", highest)
        self.assertEqual((result["total"], result["band"]), (5.0, None))

    def test_every_reverse_keyed_item_scores_six_minus_the_answer(self):
        for number in self.REVERSED:
            with self.subTest(item=number):
                answers = self.lowest()
                answers[number - 1] = 1  # scored 5: total 16 / 12
                self.assertEqual(scored("scs_sf", answers)["total"], 1.33)

    def test_other_items_are_not_reversed(self):
        answers = self.lowest()
        answers[1] = 5
        self.assertEqual(scored("scs_sf", answers)["total"], 1.33)

    def test_the_mean_is_rounded_to_two_decimals(self):
        answers = [3] * 12
        answers[1] = 4  # 37 / 12 = 3.0833
        self.assertEqual(scored("scs_sf", answers)["total"], 3.08)
        answers[2] = 5  # 39 / 12 = 3.25
        self.assertEqual(scored("scs_sf", answers)["total"], 3.25)
        answers[4] = 4  # 40 / 12 = 3.3333
        answers[5] = 4  # 41 / 12 = 3.4167
        self.assertEqual(scored("scs_sf", answers)["total"], 3.42)


class EcrRsTests(SimpleTestCase):
    def test_minimum_gives_one_on_both_subscales_and_no_total(self):
        result = scored("ecr_rs", [7, 7, 7, 7, 1, 1, 1, 1, 1])
        self.assertEqual(result["subscales"], {"avoidance": 1.0, "anxiety": 1.0})
        self.assertIsNone(result["total"])
        self.assertIsNone(result["band"])

    def test_maximum_gives_seven_on_both_subscales(self):
        result = scored("ecr_rs", [1, 1, 1, 1, 7, 7, 7, 7, 7])
        self.assertEqual(result["subscales"], {"avoidance": 7.0, "anxiety": 7.0})

    def test_every_reverse_keyed_item_scores_eight_minus_the_answer(self):
        for number in (1, 2, 3, 4):
            with self.subTest(item=number):
                answers = [7, 7, 7, 7, 1, 1, 1, 1, 1]
                answers[number - 1] = 1  # scored 7: (7 + 5) / 6 = 2.0
                self.assertEqual(scored("ecr_rs", answers)["subscales"]["avoidance"], 2.0)

    def test_items_five_and_six_are_not_reversed(self):
        answers = [7, 7, 7, 7, 4, 1, 1, 1, 1]
        self.assertEqual(scored("ecr_rs", answers)["subscales"]["avoidance"], 1.5)

    def test_anxiety_is_the_mean_of_items_seven_to_nine_rounded_to_two_decimals(self):
        self.assertEqual(
            scored("ecr_rs", [4, 4, 4, 4, 4, 4, 1, 1, 2])["subscales"]["anxiety"], 1.33
        )
        self.assertEqual(
            scored("ecr_rs", [4, 4, 4, 4, 4, 4, 1, 2, 2])["subscales"]["anxiety"], 1.67
        )


class AceTests(SimpleTestCase):
    def test_minimum_and_maximum(self):
        self.assertEqual(scored("ace", [0] * 10)["band"], "lower")
        result = scored("ace", [1] * 10)
        self.assertEqual((result["total"], result["band"]), (10, "high"))

    def test_three_is_lower_and_four_is_high(self):
        self.assertEqual(scored("ace", [1, 1, 1] + [0] * 7)["band"], "lower")
        self.assertEqual(scored("ace", [1, 1, 1, 1] + [0] * 6)["band"], "high")


class AsqTests(SimpleTestCase):
    def test_all_no_is_negative_with_four_answers(self):
        self.assertEqual(scored("asq", [0, 0, 0, 0])["band"], "negative")

    def test_any_yes_with_no_to_the_fifth_is_non_acute_positive(self):
        for number in range(1, 5):
            with self.subTest(item=number):
                answers = [0, 0, 0, 0, 0]
                answers[number - 1] = 1
                self.assertEqual(scored("asq", answers)["band"], "non_acute_positive")

    def test_yes_to_the_fifth_is_acute_positive(self):
        self.assertEqual(scored("asq", [1, 0, 0, 0, 1])["band"], "acute_positive")
        self.assertEqual(scored("asq", [1, 1, 1, 1, 1])["band"], "acute_positive")

    def test_the_fifth_question_is_required_after_a_yes(self):
        with self.assertRaisesMessage(AnswerError, "item 5 needs an answer (allowed: 0, 1)"):
            score(get_instrument("asq"), [0, 1, 0, 0])

    def test_the_fifth_question_is_refused_after_four_noes(self):
        with self.assertRaisesMessage(AnswerError, "item 5 is asked only when"):
            score(get_instrument("asq"), [0, 0, 0, 0, 1])


class AnswerCheckTests(SimpleTestCase):
    def test_too_few_answers_name_the_missing_item_and_allowed_values(self):
        with self.assertRaisesMessage(
            AnswerError, "phq9: item 9 needs an answer (allowed: 0, 1, 2, 3); got 8 answers"
        ):
            score(get_instrument("phq9"), [0] * 8)

    def test_too_many_answers_are_refused(self):
        with self.assertRaisesMessage(AnswerError, "got 10 answers but only 9 items are asked"):
            score(get_instrument("phq9"), [0] * 10)

    def test_a_value_outside_the_options_names_the_item(self):
        with self.assertRaisesMessage(
            AnswerError, "who5: item 3: 6 is not allowed (allowed: 0, 1, 2, 3, 4, 5)"
        ):
            score(get_instrument("who5"), [0, 0, 6, 0, 0])

    def test_sign_items_are_named_by_number_and_sign(self):
        with self.assertRaisesMessage(AnswerError, "item 2 (relationship_patterns)"):
            score(get_instrument("signs"), [0, 5] + [0] * 8)

    def test_true_and_false_are_not_numbers(self):
        with self.assertRaises(AnswerError):
            score(get_instrument("ace"), [True] + [0] * 9)
