"""A facilitator and a member, each in their own browser: the facilitator writes a script,
assigns a practice and the script, keeps notes and sends a summary; the member does the
practice and reads the summary; the facilitator sees it done. axe-core on every page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.accounts.models import Role
from innerchild.care.models import CareLink, PracticeProfile
from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assign_a_practice_and_a_script_keep_notes_send_a_summary_and_see_it_done(
    page, another_page, axe_check
):
    now = timezone.now()
    fay = make_person("fay@example.org", "Fay", role=Role.FACILITATOR, facilitator_verified=True)
    PracticeProfile.objects.create(
        facilitator=fay,
        practice_name="Fay Lind, counselling",
        profession="counsellor",
        languages=["en"],
        created_at=now,
        updated_at=now,
    )
    alice = make_person("alice@example.org", "Alice")
    link = CareLink.objects.create(facilitator=fay, member=alice, started_at=now)
    due = (timezone.localdate() + timedelta(days=5)).isoformat()

    facilitator, member = page, another_page
    log_in(facilitator, fay.email, landing=r".*/care/practice/$")

    facilitator.goto("/care/scripts/")
    axe_check(facilitator)
    facilitator.get_by_role("link", name="Write a new script").click()
    axe_check(facilitator)
    facilitator.get_by_role("button", name="Check and save").click()
    facilitator.wait_for_url(re.compile(r".*/care/scripts/[0-9a-f-]+/$"))
    expect(facilitator.get_by_role("heading", name="A visit to the safe place")).to_be_visible()
    axe_check(facilitator)

    facilitator.goto(f"/care/clients/{link.id}/assignments/")
    axe_check(facilitator)
    facilitator.get_by_role("link", name="Assign something").click()
    facilitator.get_by_label("A practice in the facilitator's own words").check()
    facilitator.get_by_label("Name of the practice").fill("Five sounds")
    facilitator.get_by_role("button", name="Assign").click()
    # Nothing typed is lost when something is missing.
    expect(facilitator.get_by_text("Describe the practice in your own words.")).to_be_visible()
    assert facilitator.get_by_label("Name of the practice").input_value() == "Five sounds"
    axe_check(facilitator)
    facilitator.get_by_label("Instructions or a note for your client").fill(
        "Sit by a window and notice five sounds."
    )
    facilitator.get_by_label("Due on").fill(due)
    facilitator.get_by_role("button", name="Assign").click()
    facilitator.wait_for_url(re.compile(r".*/assignments/[0-9a-f-]+/$"))
    axe_check(facilitator)

    facilitator.goto(f"/care/clients/{link.id}/assignments/new/")
    facilitator.get_by_label("A guided session").check()
    facilitator.get_by_label("Guided session", exact=True).select_option(
        label="A visit to the safe place"
    )
    facilitator.locator("summary").click()
    facilitator.get_by_label("Their safe place, in their words").fill("the blue kitchen")
    facilitator.get_by_role("button", name="Assign").click()
    facilitator.wait_for_url(re.compile(r".*/assignments/[0-9a-f-]+/$"))
    expect(facilitator.get_by_text("If it feels right, imagine the blue kitchen.")).to_be_visible()

    facilitator.goto(f"/care/clients/{link.id}/notes/")
    axe_check(facilitator)
    facilitator.get_by_role("link", name="New SOAP note").click()
    facilitator.get_by_label("Subjective: what the client reports").fill("Slept badly.")
    facilitator.get_by_label("Plan: next steps").fill("Rest, and the safe place.")
    axe_check(facilitator)
    facilitator.get_by_role("button", name="Save note").click()
    facilitator.wait_for_url(re.compile(r".*/notes/[0-9a-f-]+/$"))
    axe_check(facilitator)
    facilitator.get_by_role("button", name="Lock the note").click()
    facilitator.get_by_role("link", name="Add an amendment").click()
    facilitator.get_by_label("Amendment").fill("It was two nights, not one.")
    axe_check(facilitator)
    facilitator.get_by_role("button", name="Add the amendment").click()
    expect(facilitator.get_by_text("It was two nights, not one.")).to_be_visible()

    facilitator.goto(f"/care/clients/{link.id}/summaries/new/")
    facilitator.get_by_label("Summary for your client").fill("Thank you for today. Be gentle.")
    axe_check(facilitator)
    facilitator.get_by_role("button", name="Send the summary").click()

    log_in(member, alice.email, landing=r".*/(dashboard|safety)/.*")
    member.goto("/dashboard/")
    expect(member.get_by_role("link", name="Five sounds").first).to_be_visible()
    axe_check(member)
    member.goto("/care/assignments/")
    axe_check(member)
    member.get_by_role("link", name="Five sounds").first.click()
    axe_check(member)
    member.get_by_role("button", name="Mark as done").click()
    member.wait_for_url(re.compile(r".*/care/assignments/$"))
    member.get_by_role("link", name="Summaries from your facilitators").click()
    member.get_by_role("link", name=re.compile("From Fay")).click()
    expect(member.get_by_text("Thank you for today. Be gentle.")).to_be_visible()
    axe_check(member)

    facilitator.goto(f"/care/clients/{link.id}/assignments/")
    row = facilitator.get_by_role("row").filter(has_text="Five sounds")
    assert "Done" in row.inner_text()
