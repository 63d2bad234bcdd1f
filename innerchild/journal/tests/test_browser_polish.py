"""What people saw in the journal: Markdown shown as marks, pages pushed sideways by one long word,
and insights that contradicted the safety layer. Each walked in a real browser with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person
from innerchild.journal import api as journal_api
from innerchild.journal.tests.helpers import write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "a" * 5_000
WIDTHS = (1280, 390)


def search_for(page, words):
    page.goto("/journal/")
    page.get_by_label("Words").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="Matching entries")).to_be_visible()


def assert_no_sideways_scroll(page, what):
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{what} is {widths[0]} px wide in a {widths[1]} px window"


def test_markdown_in_an_entry_reads_as_words_in_the_list_and_in_search_results(page, axe_check):
    wren = make_person("wren@example.org", "Wren")
    write(
        wren,
        title="After the safe place session",
        body="## Remembering your place\n\n**What I hoped for**\n\nTo rest by the *lake*.",
    )
    log_in(page, wren.email)
    page.goto("/journal/")
    item = page.locator(".entry-item").first
    expect(item).to_contain_text("Remembering your place What I hoped for To rest by the lake.")
    expect(item).not_to_contain_text("**")
    expect(item).not_to_contain_text("##")
    axe_check(page)

    search_for(page, "lake")
    item = page.locator(".entry-item").first
    expect(item).to_contain_text("What I hoped for To rest by the lake.")
    expect(item).not_to_contain_text("**")

    item.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Remembering your place")).to_be_visible()
    expect(page.locator(".entry-body strong")).to_have_text("What I hoped for")


def test_one_very_long_word_never_pushes_journal_pages_or_the_dashboard_sideways(page):
    wren = make_person("wren@example.org", "Wren")
    entry = write(wren, title=LONG_WORD, body=f"{LONG_WORD} lake", tags=[LONG_WORD[:60]])
    journal_api.add_affirmation(wren, LONG_WORD)
    log_in(page, wren.email)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/dashboard/")
        expect(page.get_by_text(LONG_WORD[:300])).to_be_visible()
        assert_no_sideways_scroll(page, f"the dashboard at {width}")
        page.goto("/journal/")
        expect(page.get_by_role("link", name=LONG_WORD)).to_be_visible()
        assert_no_sideways_scroll(page, f"the journal list at {width}")
        page.goto(entry.get_absolute_url())
        expect(page.get_by_role("heading", name=LONG_WORD)).to_be_visible()
        assert_no_sideways_scroll(page, f"the entry page at {width}")
        search_for(page, "lake")
        expect(page.get_by_role("link", name=LONG_WORD)).to_be_visible()
        assert_no_sideways_scroll(page, f"search results at {width}")


def insights_box(page):
    return page.get_by_role("complementary", name="What the words suggest")


def test_an_entry_that_called_for_the_crisis_screen_offers_support_and_no_tone_verdict(
    page, axe_check
):
    wren = make_person("wren@example.org", "Wren")
    entry = write(wren, title="Tonight", body="I am going to take all my pills tonight.")
    log_in(page, wren.email)
    page.goto(entry.get_absolute_url())
    box = insights_box(page)
    expect(box.get_by_role("link", name="Support and crisis lines")).to_be_visible()
    expect(box).not_to_contain_text("mixed or fairly even in tone")
    expect(box).not_to_contain_text("The words here lean")
    axe_check(page)
    box.get_by_role("link", name="Support and crisis lines").click()
    page.wait_for_url(re.compile(r".*/safety/crisis/.*"))


def test_feelings_are_named_only_when_the_writer_says_they_felt_them(page):
    wren = make_person("wren@example.org", "Wren")
    hiding = write(
        wren,
        title="The wardrobe",
        body="I hid in the wardrobe while my father shouted. I tried to stay calm so he would "
        "not find me. I wasn't calm. I was terrified.",
    )
    others = write(wren, title="Dinner", body="Mum seemed happy. I felt lonely.")
    log_in(page, wren.email)
    page.goto(hiding.get_absolute_url())
    box = insights_box(page)
    expect(box).to_contain_text("Feelings named in the text: Afraid.")
    expect(box).not_to_contain_text("Calm")
    # What the hints cannot know is said every time.
    expect(box).to_contain_text("cannot tell whose feelings")
    page.goto(others.get_absolute_url())
    box = insights_box(page)
    expect(box).to_contain_text("Feelings named in the text: Sad.")
    expect(box).not_to_contain_text("Joyful")
