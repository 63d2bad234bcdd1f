"""Making, using and revoking a personal API token as a person does it, in a real browser, with
axe-core on the page."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from innerchild.core.testing import PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_makes_a_token_uses_it_and_revokes_it(page, axe_check, live_server):
    mia = make_person("mia@example.org", "Mia")
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(mia.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", exact=True)).to_be_visible()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()
    axe_check(page)

    page.get_by_label("Name").fill("My journal app")
    page.get_by_label("In 30 days").check()
    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_role("heading", name="Your new token “My journal app”")).to_be_visible()
    axe_check(page)
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("ic_")

    api = f"{live_server.url}/api/v1/journal/entries/"
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(api, headers=headers).json()["entries"] == []

    page.get_by_role("button", name="Revoke “My journal app”").click()
    expect(page.get_by_text("Token “My journal app” revoked: it no longer works.")).to_be_visible()
    expect(page.get_by_role("cell", name="Revoked")).to_be_visible()
    assert httpx.get(api, headers=headers).status_code == 401
