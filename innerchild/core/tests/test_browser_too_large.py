"""A form too large to send is stopped in the browser: the person is told, nothing is sent and
what they typed stays in the fields, so shortening it and saving again works."""

import re

import pytest
from playwright.sync_api import expect

from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 4_000
TOO_LARGE = "This is too large to send in one go."


def test_a_journal_entry_over_the_limit_is_kept_in_the_form_and_not_sent(page, axe_check, settings):
    from innerchild.journal.models import Entry

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    person = make_person("ivy@example.org", "Ivy")
    log_in(page, person.email)
    sent = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.url)
            if request.method == "POST" and request.url.endswith("/journal/new/")
            else None
        ),
    )

    page.goto("/journal/new/")
    expect(page.locator("body")).to_have_attribute("data-max-request-bytes", str(LIMIT))
    page.get_by_label("Title").fill("The long letter")
    words = "Dear little me, I am writing everything down tonight. "
    pasted = "The whole story, pasted from my notes. " * 150
    page.get_by_label("Your words").fill(words + pasted)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text(TOO_LARGE)
    expect(page.get_by_label("Title")).to_have_value("The long letter")
    expect(page.get_by_label("Your words")).to_have_value(words + pasted)
    assert page.url.endswith("/journal/new/")
    assert sent == []
    assert not Entry.objects.filter(owner=person).exists()
    axe_check(page)

    # The blocked submit does not stop the draft from being saved as the person goes on.
    page.get_by_label("Your words").fill(words)
    expect(page.get_by_text("Draft saved at")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/journal/entries/[0-9a-f-]+/$"))
    expect(
        page.get_by_text("Dear little me, I am writing everything down tonight.")
    ).to_be_visible()
    assert len(sent) == 1
    assert Entry.objects.filter(owner=person).count() == 1
