"""What a person meets when the screener reads for meaning, in a real browser."""

import pytest
from playwright.sync_api import expect

from innerchild.core.testing import make_person
from innerchild.safety.models import RiskEvent, SafetyCheckin
from innerchild.safety.tests.test_browser_safety import log_in, write_check_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_loving_letter_to_my_younger_self_saves_with_no_check_in(page):
    person = make_person("lee@example.org", "Lee", country="GB")
    log_in(page, person.email)
    write_check_in(
        page,
        "Dear little one, you were never too much. I am here now, and I'm not leaving. "
        "It was not your fault. Love, me.",
    )
    page.wait_for_url("**/safety/check-in/")
    expect(page.get_by_text("Your note is saved.")).to_be_visible()
    assert page.get_by_text("What you wrote is saved.", exact=False).count() == 0
    assert not RiskEvent.objects.exists()


def test_a_method_a_place_and_a_time_without_a_crisis_word_shows_the_crisis_screen(page):
    person = make_person("max@example.org", "Max", country="GB")
    log_in(page, person.email)
    write_check_in(page, "I've got the pills in my bag and I'm driving to the bridge tonight.")
    page.wait_for_url("**/safety/crisis/**")
    expect(
        page.get_by_role("heading", name="You don't have to go through this alone")
    ).to_be_visible()
    assert SafetyCheckin.objects.filter(user=person).count() == 1
    assert RiskEvent.objects.get(user=person).level == "urgent"
