"""The safety layer as a person meets it, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person
from innerchild.safety.models import RiskEvent, SafetyCheckin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_check_in(page, text: str) -> None:
    page.goto("/safety/check-in/")
    page.get_by_label("How am I, really?").fill(text)
    page.get_by_role("button", name="Save my note").click()


def test_an_urgent_note_is_saved_and_shows_the_crisis_lines_of_my_country(page, axe_check):
    person = make_person("casey@example.org", "Casey", country="US")
    log_in(page, person.email)
    write_check_in(page, "I can't do this anymore. I'm going to kill myself tonight.")
    page.wait_for_url("**/safety/crisis/**")
    expect(
        page.get_by_role("heading", name="You don't have to go through this alone")
    ).to_be_visible()
    expect(page.locator('a[href="tel:988"]').first).to_be_visible()
    expect(page.locator('a[href="sms:741741?&body=HOME"]')).to_be_visible()
    expect(page.locator('a[href="tel:911"]')).to_be_visible()
    axe_check(page)
    assert SafetyCheckin.objects.get(user=person).body.startswith("I can't do this anymore")
    assert RiskEvent.objects.get(user=person).level == "urgent"
    page.get_by_role("link", name="Continue where I was").click()
    page.wait_for_url("**/safety/check-in/")
    expect(page.get_by_text("I'm going to kill myself tonight.")).to_be_visible()


def test_a_hard_negative_is_just_saved(page):
    person = make_person("drew@example.org", "Drew", country="US")
    log_in(page, person.email)
    write_check_in(page, "This workout is killing me, but I'm proud I went.")
    page.wait_for_url("**/safety/check-in/")
    expect(page.get_by_text("Your note is saved.")).to_be_visible()
    expect(page.get_by_text("This workout is killing me")).to_be_visible()
    assert page.get_by_text("Are you safe right now?").count() == 0
    assert not RiskEvent.objects.exists()


def test_a_worrying_note_is_saved_and_a_calm_panel_offers_support(page, axe_check):
    person = make_person("eli@example.org", "Eli", country="GB")
    log_in(page, person.email)
    write_check_in(page, "Some nights I hope I just don't wake up.")
    page.wait_for_url("**/safety/check-in/")
    expect(page.get_by_text("Your note is saved.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="What you wrote is saved.", exact=False)
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="This was about the past").click()
    page.wait_for_url("**/safety/check-in/")
    assert page.get_by_role("button", name="This was about the past").count() == 0


@pytest.mark.parametrize("start", ["/", "/accounts/login/", "/accounts/signup/", "/about/"])
def test_the_pause_link_works_without_login_and_returns_where_i_was(page, start):
    page.goto(start)
    page.get_by_role("link", name="Pause", exact=True).click()
    page.wait_for_url("**/safety/pause/**")
    expect(page.get_by_role("heading", name="Box breathing")).to_be_visible()
    page.get_by_role("link", name="Return to where I was").first.click()
    page.wait_for_url(lambda url: url.endswith(start))


def test_the_breathing_pacer_starts_and_stops(page, axe_check):
    page.goto("/safety/pause/")
    toggle = page.get_by_role("button", name="Start the pacer")
    toggle.click()
    expect(page.locator("[data-pacer-label]")).to_have_text("Breathe in")
    page.get_by_role("button", name="Stop the pacer").click()
    expect(page.get_by_role("button", name="Start the pacer")).to_be_visible()
    axe_check(page)


def test_the_pause_page_reads_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/safety/pause/")
    expect(page.get_by_text("Five things you can see.")).to_be_visible()
    assert page.get_by_role("button", name="Start the pacer").count() == 0
    context.close()


def test_the_safety_plan_is_written_printed_and_shown_in_a_crisis(page, axe_check):
    person = make_person("fern@example.org", "Fern", country="IE")
    log_in(page, person.email)
    page.goto("/safety/plan/")
    page.wait_for_url("**/safety/plan/edit/")
    axe_check(page)
    page.get_by_label("People I can ask for help").fill("My brother Rory")
    page.get_by_label("My reasons for living").fill("My dog Biscuit")
    page.get_by_role("button", name="Save my plan").click()
    page.wait_for_url("**/safety/plan/")
    expect(page.get_by_role("button", name="Print my plan")).to_be_visible()
    axe_check(page)
    page.goto("/safety/crisis/")
    expect(page.get_by_text("My dog Biscuit")).to_be_visible()
    expect(page.locator('a[href="tel:116123"]').first).to_be_visible()


def test_the_readiness_screen_is_accessible(page, axe_check):
    person = make_person("gale@example.org", "Gale")
    log_in(page, person.email)
    page.goto("/safety/readiness/?next=/dashboard/")
    axe_check(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Please choose yes or no.").first).to_be_visible()
    axe_check(page)


def test_the_crisis_screen_for_young_people_without_an_account(page, axe_check):
    page.goto("/safety/crisis/?youth=1&country=GB")
    assert page.locator(".crisis-line h3").first.inner_text().startswith("Childline")
    axe_check(page)
    page.get_by_label("Show lines for another country").select_option("AU")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".crisis-line h3").first).to_have_text(re.compile(r"^\s*Kids Helpline"))
