"""Age rules. innerchild is designed for adults and older adolescents, not children.

Only the birth year is asked (less personal data); the age used is the age reached this calendar
year, so a person is treated as 16 from 1 January of the year they turn 16.
"""

from __future__ import annotations

from enum import StrEnum


class AgeMode(StrEnum):
    REFUSED = "refused"
    ADOLESCENT = "adolescent"
    ADULT = "adult"


def age_this_year(birth_year: int, current_year: int) -> int:
    return current_year - birth_year


def age_mode(
    birth_year: int, current_year: int, *, minimum_age: int, adult_age: int = 18
) -> AgeMode:
    age = age_this_year(birth_year, current_year)
    if age < minimum_age:
        return AgeMode.REFUSED
    if age < adult_age:
        return AgeMode.ADOLESCENT
    return AgeMode.ADULT
