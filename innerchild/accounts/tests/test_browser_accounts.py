"""Sign-up, onboarding and login as a person does them, in a real browser."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.core import jobs
from innerchild.core.testing import PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_signup(page, *, year: int, email: str = "river@example.org") -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("What should we call you?").fill("River")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Year of birth").fill(str(year))
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("Member: I am here for my own healing").check()
    page.locator("#id_password1").fill("gentle-morning-tide-5")
    page.get_by_label("Password again").fill("gentle-morning-tide-5")


def finish_readiness_if_asked(page) -> None:
    """The readiness screen follows onboarding; answer it with the calmest answers."""
    if "/safety/readiness/" not in page.url:
        return
    for group in page.locator("fieldset").all():
        radios = group.locator("input[type=radio]")
        if radios.count():
            radios.last.check()
    page.get_by_role("button", name=re.compile("Continue|Save|Done", re.I)).first.click()


def test_a_new_member_signs_up_is_onboarded_and_reaches_the_dashboard(page, axe_check):
    fill_signup(page, year=timezone.now().year - 30)
    axe_check(page)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/signup/sent/")
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe_check(page)
    jobs.run_due_jobs()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    axe_check(page)
    page.get_by_label("Password").fill("gentle-morning-tide-5")
    page.get_by_role("button", name="Confirm and log in").click()
    page.wait_for_url("**/accounts/onboarding/")
    axe_check(page)
    page.get_by_label("I understand that innerchild is self-help").check()
    page.get_by_label("I know this work can bring up strong feelings").check()
    page.get_by_label("I accept the terms and the privacy notice.").check()
    page.get_by_label("On my own, at my own pace").check()
    page.get_by_role("button", name="Continue").click()
    finish_readiness_if_asked(page)
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_role("heading", name="Welcome, River")).to_be_visible()
    axe_check(page)


def test_someone_under_sixteen_is_turned_away_kindly(page, axe_check):
    fill_signup(page, year=timezone.now().year - 15)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name=re.compile("aged 16 and over"))).to_be_visible()
    expect(page.get_by_text("trusted adult")).to_be_visible()
    axe_check(page)


def test_a_wrong_password_shows_an_error_and_keeps_the_email(page, axe_check):
    make_person("lee@example.org", "Lee")
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("lee@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("do not match an account")).to_be_visible()
    assert page.get_by_label("Email address").input_value() == "lee@example.org"
    axe_check(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def test_the_signup_form_works_by_keyboard_alone(page):
    page.goto("/accounts/signup/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    labels = []
    for _ in range(30):
        page.keyboard.press("Tab")
        labels.append(
            page.evaluate("document.activeElement.name || document.activeElement.textContent")
        )
        if labels[-1] == "display_name":
            break
    assert labels[-1] == "display_name", labels
    page.keyboard.type("Kay")
    page.keyboard.press("Tab")
    page.keyboard.type("kay@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(str(timezone.now().year - 40))
    page.keyboard.press("Tab")  # country select: leave it unset
    page.keyboard.press("Tab")  # role radio group: the first option is chosen by default
    page.keyboard.press("Tab")
    page.keyboard.type("steady-keyboard-walk-3")
    page.keyboard.press("Tab")
    page.keyboard.type("steady-keyboard-walk-3")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/signup/sent/(#main)?$"))


def test_focus_is_visible_on_links_and_buttons(page):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
