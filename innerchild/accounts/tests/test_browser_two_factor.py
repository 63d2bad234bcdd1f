"""Two-step sign-in as people do it, in a real browser, with axe-core on each page: a member turns
it on and logs in with a code; a facilitator is asked to set it up before seeing clients."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.accounts import twofactor
from innerchild.accounts.models import Role
from innerchild.care.models import PracticeProfile
from innerchild.core.testing import PASSWORD, code_for, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send_password(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def set_up_with_the_key_shown(page, axe_check) -> list[str]:
    """Types the code an app would show for the key on the page; returns the recovery codes."""
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    axe_check(page)
    typed_key = page.locator("#two-step-key").inner_text()
    hex_key = b32decode(typed_key.replace(" ", "")).hex()
    page.get_by_label("The six-digit code your app shows").fill(twofactor.code_for(hex_key))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    axe_check(page)
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    return codes


def test_a_member_turns_on_two_step_sign_in_then_logs_in_with_a_code(page, axe_check):
    mia = make_person("mia@example.org", "Mia")
    send_password(page, mia.email)
    page.wait_for_url("**/dashboard/")
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Two-step sign-in").click()
    expect(page.get_by_text("Two-step sign-in is off.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Set up two-step sign-in").click()
    set_up_with_the_key_shown(page, axe_check)
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_text("You have 10 recovery codes left.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    send_password(page, mia.email)
    page.wait_for_url("**/accounts/two-step/code/")
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    axe_check(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code did not work")).to_be_visible()
    axe_check(page)
    page.wait_for_timeout(1100)  # after a wrong code the next try waits a second
    page.get_by_label("Code").fill(code_for(mia))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")


def test_a_facilitator_is_asked_to_set_it_up_before_seeing_clients(page, axe_check):
    nell = make_person(
        "nell@example.org", "Nell", role=Role.FACILITATOR, facilitator_verified=True, two_step=False
    )
    now = timezone.now()
    PracticeProfile.objects.create(
        facilitator=nell,
        practice_name="Nell Ruiz, therapy",
        profession="therapist",
        languages=["en"],
        created_at=now,
        updated_at=now,
    )
    send_password(page, nell.email)
    # Their home is a care page: they are asked right away, before any client's name shows.
    page.wait_for_url(re.compile(r".*/accounts/two-step/needed/.*"))
    expect(page.get_by_role("heading", name="First, two-step sign-in")).to_be_visible()
    expect(page.get_by_text("Your clients trust you with what they share")).to_be_visible()
    axe_check(page)
    page.goto("/care/clients/")
    expect(page.get_by_role("heading", name="First, two-step sign-in")).to_be_visible()
    page.get_by_role("link", name="Set it up now").click()
    set_up_with_the_key_shown(page, axe_check)
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url("**/care/clients/")
    expect(page.get_by_role("heading", name="Clients", exact=True)).to_be_visible()
