"""The general mechanisms added for phrasings the lexicon has never seen."""

from django.test import SimpleTestCase

from innerchild.safety.screening import screen, screen_rules
from innerchild.safety.screening.engine import LexiconError, build_lexicon


def level(text: str, language: str = "en") -> str:
    return screen(text, language).level


class EndOfSentenceTests(SimpleTestCase):
    def test_ending_it_at_the_end_of_a_sentence_is_a_stated_intent(self):
        self.assertEqual(level("I'm going to end it"), "urgent")
        self.assertEqual(level("I'm going to end it tonight."), "urgent")

    def test_ending_it_with_someone_is_about_a_relationship(self):
        self.assertEqual(level("I'm going to end it with him tonight."), "none")


class MeansAndIntentTests(SimpleTestCase):
    def test_means_at_hand_with_do_it_is_urgent(self):
        self.assertEqual(level("The rope is in my car and I'm going to do it."), "urgent")
        self.assertEqual(level("Tengo las pastillas en el cajón y lo voy a hacer.", "es"), "urgent")

    def test_means_without_intent_stay_quiet(self):
        self.assertEqual(level("I have the tablets ready for my dad's evening dose."), "none")

    def test_a_place_of_danger_and_a_jump_in_one_sentence_is_urgent(self):
        self.assertEqual(level("I'm on the platform and I'm going to jump."), "urgent")

    def test_jumping_into_the_lake_for_fun_is_not(self):
        self.assertEqual(level("I'm going to jump into the lake with my friends."), "none")


class FarewellTests(SimpleTestCase):
    def test_being_gone_when_someone_reads_this_is_urgent(self):
        self.assertEqual(level("When you see this I'll be gone."), "urgent")
        self.assertEqual(level("Cuando veáis esto ya no estaré.", "es"), "urgent")

    def test_a_loving_letter_to_the_inner_child_is_not(self):
        self.assertEqual(level("When you read this, little one, know you are loved."), "none")

    def test_a_negation_that_is_the_meaning_is_not_a_negation(self):
        self.assertEqual(level("I won't be a burden for much longer."), "urgent")


class OtherPeopleAndThingsTests(SimpleTestCase):
    def test_a_phone_or_a_friend_dying_is_not_the_writer(self):
        self.assertEqual(level("My phone is dying and I need a charger."), "none")
        self.assertEqual(level("My friend used to self-harm and I'm proud of her."), "none")

    def test_a_threat_with_a_condition_is_danger_now(self):
        self.assertEqual(level("He said he'd kill me if I left, and he's here now."), "urgent")


class ChildhoodClauseTests(SimpleTestCase):
    def test_a_childhood_wish_stays_a_memory_when_another_clause_says_today(self):
        text = "When I was nine I wanted to disappear, and today I hugged that little girl."
        self.assertEqual(level(text), "none")

    def test_a_childhood_wish_that_has_come_back_is_current(self):
        # The rules' reading; the model misses it today (docs/safety.md, known blind spots).
        text = "When I was nine I wanted to disappear, and today it came back again."
        self.assertEqual(screen_rules(text).level, "watch")


class LexiconCompilerTests(SimpleTestCase):
    def test_a_lone_question_mark_in_a_pattern_is_refused(self):
        data = {
            "language": "xx",
            "classes": {},
            "cues": {"negation": ["not"], "first_person": ["i"]},
            "rules": [
                {
                    "id": "r",
                    "category": "hopelessness",
                    "level": "watch",
                    "patterns": ["no hope {.|?}"],
                }
            ],
        }
        with self.assertRaises(LexiconError):
            build_lexicon(data)
