from django.test import SimpleTestCase

from innerchild.safety.screening import screen, screen_any, screen_rules


def level(text: str, language: str = "en") -> str:
    return screen(text, language).level


class ScreenerLevelTests(SimpleTestCase):
    def test_it_calls_a_stated_intent_with_timing_urgent(self):
        result = screen("I'm going to kill myself tonight.")
        self.assertEqual(result.level, "urgent")
        self.assertIn("suicide_plan_or_intent", result.categories)

    def test_it_calls_a_wish_to_be_dead_a_watch(self):
        result = screen("Some days I wish I was dead.")
        self.assertEqual(result.level, "watch")
        self.assertEqual(result.categories, ("suicidal_ideation",))

    def test_it_returns_the_matched_words_as_reasons(self):
        result = screen("Honestly, nobody would miss me.")
        self.assertEqual(result.level, "watch")
        self.assertIn("nobody would miss me", [reason.phrase for reason in result.reasons])

    def test_it_treats_preparations_as_urgent(self):
        self.assertEqual(level("I've been stockpiling my sleeping pills."), "urgent")
        self.assertEqual(level("I wrote goodbye letters to my family."), "urgent")

    def test_it_treats_danger_from_someone_now_as_urgent(self):
        result = screen("My husband hits me when he drinks.")
        self.assertEqual(result.level, "urgent")
        self.assertEqual(result.categories, ("harm_from_others",))

    def test_it_notices_harm_to_a_child_happening_now(self):
        self.assertEqual(level("My stepdad hits my little sister."), "urgent")

    def test_it_notices_hopelessness(self):
        result = screen("Nothing will ever get better, there's no way out.")
        self.assertEqual((result.level, result.categories), ("watch", ("hopelessness",)))

    def test_it_notices_self_harm(self):
        self.assertEqual(screen("I cut myself again last night.").categories, ("self_harm",))


class ScreenerContextTests(SimpleTestCase):
    def test_negation_is_not_risk(self):
        self.assertEqual(level("I would never hurt myself."), "none")
        self.assertEqual(level("I don't want to die, I want things to change."), "none")

    def test_cant_stop_is_not_a_negation(self):
        self.assertEqual(level("I can't stop thinking about killing myself."), "watch")

    def test_idioms_and_hyperbole_are_not_risk(self):
        for text in (
            "This workout is killing me.",
            "She's killing it at work.",
            "I'm dying to see you.",
            "I could kill for a coffee.",
            "We died laughing.",
            "I'd rather die than sing karaoke.",
            "forgot my keys again kms lol",
        ):
            with self.subTest(text=text):
                self.assertEqual(level(text), "none")

    def test_other_people_fiction_and_training_are_not_the_writers_risk(self):
        for text in (
            "In the novel the girl says I want to die.",
            "My friend told me she has suicidal thoughts.",
            "We had a suicide prevention training today.",
            "She said she wants to die.",
        ):
            with self.subTest(text=text):
                self.assertEqual(level(text), "none")

    def test_the_writers_own_words_after_a_film_still_count(self):
        # A thought without a plan, a means or a time is `watch` (docs/safety.md, the labels);
        # what matters here is that the film does not hide it.
        self.assertEqual(level("After that film I realised I want to kill myself."), "watch")
        self.assertEqual(
            level("After that film I know I'm going to kill myself tonight."), "urgent"
        )

    def test_slang_and_misspellings_are_understood(self):
        self.assertEqual(level("im gonna kms tonight"), "urgent")
        self.assertEqual(level("I want to unalive myself"), "urgent")
        self.assertEqual(level("i wanna die"), "watch")
        self.assertEqual(level("Im gonna end it all tonight"), "urgent")

    def test_childhood_pain_is_expected_not_risk(self):
        self.assertEqual(level("As a kid I wished I had never been born."), "none")
        self.assertEqual(level("My dad hit me when I was little."), "none")
        self.assertEqual(level("Little me wanted to disappear."), "none")

    def test_childhood_self_harm_is_history_worth_a_check_in(self):
        self.assertEqual(level("When I was 14 I tried to kill myself."), "watch")

    # The rules' reading of time. The model, which decides, misses these two watch cases today
    # (docs/safety.md, known blind spots), so they are checked on the rules alone.
    def test_a_feeling_that_continues_now_is_not_history(self):
        text = "As a child I wished I was never born. I still wish I was dead."
        self.assertEqual(screen_rules(text).level, "watch")

    def test_a_recent_attempt_is_urgent_and_an_old_one_is_watch(self):
        self.assertEqual(level("I tried to kill myself last night."), "urgent")
        self.assertEqual(screen_rules("I tried to kill myself years ago.").level, "watch")

    def test_a_safety_plan_step_is_not_risk(self):
        self.assertEqual(level("If I start thinking about hurting myself, I will call Jo."), "none")

    def test_accidents_are_not_self_harm(self):
        self.assertEqual(level("I cut myself shaving."), "none")
        self.assertEqual(level("I hurt myself at the gym."), "none")


class SpanishScreenerTests(SimpleTestCase):
    def test_it_understands_spanish_risk(self):
        self.assertEqual(level("Me voy a matar esta noche.", "es"), "urgent")
        self.assertEqual(level("Ojalá no despertara mañana.", "es"), "watch")
        self.assertEqual(level("Mi padre me pega.", "es"), "urgent")

    def test_it_understands_spanish_negation_and_idioms(self):
        self.assertEqual(level("Nunca me haría daño.", "es"), "none")
        self.assertEqual(level("Este calor me mata.", "es"), "none")
        self.assertEqual(level("Me quiero morir de vergüenza.", "es"), "none")
        self.assertEqual(level("Me muero de ganas de verte.", "es"), "none")

    def test_it_understands_spanish_text_slang(self):
        self.assertEqual(level("q ganas d morirme", "es"), "watch")

    def test_screen_any_finds_risk_in_another_language(self):
        self.assertEqual(screen_any("quiero morir", preferred="en").level, "watch")


class OddInputTests(SimpleTestCase):
    def test_empty_and_blank_text_is_none(self):
        for text in ("", "   ", "\n\n", "...", "🙂🙂"):
            with self.subTest(text=text):
                self.assertEqual(level(text), "none")

    def test_non_text_is_none(self):
        self.assertEqual(screen(None).level, "none")  # type: ignore[arg-type]

    def test_an_unknown_language_falls_back_to_english(self):
        self.assertEqual(level("I want to die", "fr"), "watch")

    def test_reasons_are_capped_for_very_repetitive_text(self):
        result = screen("I want to die. " * 500)
        self.assertIn(result.level, ("watch", "urgent"))  # read as a whole, it may well be urgent
        self.assertLessEqual(len(result.reasons), 25)


class BroadNetTests(SimpleTestCase):
    def test_a_risk_word_near_the_writers_own_voice_is_a_gentle_check_in(self):
        result = screen("Part of me wants to die and part of me is scared of that.")
        self.assertEqual((result.level, result.categories), ("watch", ("suicidal_ideation",)))

    def test_the_broad_net_never_raises_the_alarm_to_urgent_on_its_own(self):
        self.assertEqual(screen("suicide is on my mind").level, "watch")

    def test_the_broad_net_stays_quiet_for_other_voices_and_childhood(self):
        for text in (
            "My friend told me she has suicidal thoughts and I want to support her.",
            "The song goes I wanna die young and I kept humming it.",
            "My grandfather died by suicide when I was a baby.",
        ):
            with self.subTest(text=text):
                self.assertEqual(level(text), "none")
