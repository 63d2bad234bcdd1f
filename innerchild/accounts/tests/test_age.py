from django.test import SimpleTestCase

from innerchild.accounts.age import AgeMode, age_mode


class AgeModeTests(SimpleTestCase):
    def mode(self, age: int, minimum_age: int = 16) -> AgeMode:
        return age_mode(2026 - age, 2026, minimum_age=minimum_age)

    def test_it_refuses_a_fifteen_year_old(self):
        self.assertEqual(self.mode(15), AgeMode.REFUSED)

    def test_it_puts_a_sixteen_year_old_in_adolescent_mode(self):
        self.assertEqual(self.mode(16), AgeMode.ADOLESCENT)

    def test_it_puts_a_seventeen_year_old_in_adolescent_mode(self):
        self.assertEqual(self.mode(17), AgeMode.ADOLESCENT)

    def test_it_treats_an_eighteen_year_old_as_an_adult(self):
        self.assertEqual(self.mode(18), AgeMode.ADULT)

    def test_the_minimum_age_is_a_setting(self):
        self.assertEqual(self.mode(16, minimum_age=17), AgeMode.REFUSED)
        self.assertEqual(self.mode(17, minimum_age=17), AgeMode.ADOLESCENT)
