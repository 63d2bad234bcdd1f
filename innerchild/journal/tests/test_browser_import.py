"""Importing a jrnl export from the data page, in a real browser, with an accessibility check."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JRNL_MD = Path(__file__).parent / "fixtures" / "jrnl-export.md"


def test_a_jrnl_markdown_export_is_uploaded_on_the_data_page_and_lands_in_the_journal(
    page, axe_check
):
    person = make_person("juniper@example.org", "Juniper")
    person.timezone = "America/Chicago"
    person.save(update_fields=["timezone"])
    log_in(page, person.email)

    page.goto(reverse("accounts:data"))
    expect(page.get_by_role("heading", name="Import a journal")).to_be_visible()
    axe_check(page)

    # A file that is not a journal export: the message says so, and the form is there again.
    page.get_by_label("Export file").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Dear diary."}]
    )
    page.get_by_role("button", name="Upload and import").click()
    expect(
        page.get_by_text("This file cannot be imported, so nothing was imported.")
    ).to_be_visible()
    axe_check(page)

    page.get_by_label("Export file").set_input_files(JRNL_MD)
    with page.expect_request(lambda r: r.method == "POST" and "/journal/import/" in r.url) as sent:
        page.get_by_role("button", name="Upload and import").click()
    # Sent by the script, which shows the upload's progress (the form alone posts without it).
    assert sent.value.resource_type == "xhr"
    page.wait_for_url(re.compile(r".*/journal/import/[0-9a-f-]+/$"))
    expect(page.get_by_role("heading", name="Your journal was imported")).to_be_visible()
    expect(page.get_by_text("5 entries imported")).to_be_visible()
    expect(page.get_by_text("0 entries were already in your journal")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Go to my journal").click()
    page.wait_for_url(re.compile(r".*/journal/$"))
    expect(page.get_by_role("link", name="Evening walk.")).to_be_visible()
    page.get_by_role("link", name="Evening walk.").click()
    expect(page.get_by_text("Walked by the lake with @Sam. Felt calm.")).to_be_visible()

    # The same file again adds nothing.
    page.goto(reverse("accounts:data"))
    page.get_by_label("Export file").set_input_files(JRNL_MD)
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_text("5 entries were already in your journal")).to_be_visible()


def test_the_upload_works_without_javascript(browser, live_server):
    person = make_person("rowan@example.org", "Rowan")
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, person.email)
        page.goto(reverse("accounts:data"))
        page.get_by_label("Export file").set_input_files(JRNL_MD)
        page.get_by_role("button", name="Upload and import").click()
        page.wait_for_url(re.compile(r".*/journal/import/[0-9a-f-]+/$"))
        expect(page.get_by_text("5 entries imported")).to_be_visible()
    finally:
        context.close()
