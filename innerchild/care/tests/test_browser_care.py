"""A facilitator and a member, each in their own browser, through invitation, sharing and
revocation; axe-core on every facilitator page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from innerchild.accounts.models import Role
from innerchild.assessments.actions import do_submit_answers
from innerchild.assessments.instruments import get_instrument
from innerchild.care.models import PracticeProfile
from innerchild.core.testing import log_in_browser as log_in
from innerchild.core.testing import make_person
from innerchild.journal import api as journal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invite_accept_share_with_an_expiry_see_exactly_that_then_revoke(
    page, another_page, axe_check
):
    fay = make_person("fay@example.org", "Fay", role=Role.FACILITATOR, facilitator_verified=True)
    now = timezone.now()
    PracticeProfile.objects.create(
        facilitator=fay,
        practice_name="Fay Lind, counselling",
        profession="counsellor",
        languages=["en"],
        created_at=now,
        updated_at=now,
    )
    alice = make_person("alice@example.org", "Alice")
    shared_id = journal.create_entry_from(
        alice, kind="letter_to", title="Dear little one", body="You were never too much."
    )
    journal.create_entry_from(
        alice, kind="entry", title="Only for me", body="Nobody else reads this page."
    )
    do_submit_answers(alice, get_instrument("phq9"), [1] * 8 + [0])

    facilitator, member = page, another_page
    log_in(facilitator, fay.email)
    facilitator.wait_for_url(re.compile(r".*/care/practice/$"))
    axe_check(facilitator)
    facilitator.get_by_role("link", name="Invite a client").first.click()
    axe_check(facilitator)
    facilitator.get_by_role("button", name="Create the invitation").click()
    invitation_url = facilitator.get_by_role("textbox", name="Invitation link").input_value()
    axe_check(facilitator)

    log_in(member, alice.email)
    member.goto(invitation_url)
    expect(member.get_by_role("heading", name="Fay invites you to work together")).to_be_visible()
    expect(member.get_by_text("Nothing, until you choose.")).to_be_visible()
    axe_check(member)
    member.get_by_role("button", name="Accept").click()
    member.wait_for_url(re.compile(r".*/care/links/[0-9a-f-]+/$"))
    axe_check(member)

    # Questionnaire results, until a date.
    until = (timezone.localdate() + timedelta(days=5)).isoformat()
    results = member.locator(".share-item").filter(has_text="Questionnaire results")
    results.get_by_label("Until (optional)").fill(until)
    results.get_by_role("button", name="Share").click()
    expect(member.get_by_text("Fay can now see this")).to_be_visible()
    # One journal entry, from its own page.
    member.goto(f"/journal/entries/{shared_id}/")
    member.get_by_role("link", name="Share with a facilitator").click()
    axe_check(member)
    member.get_by_label("Fay").check()
    member.get_by_role("button", name="Share", exact=True).click()
    member.wait_for_url(re.compile(rf".*/journal/entries/{shared_id}/$"))

    facilitator.goto("/care/practice/")
    facilitator.get_by_role("link", name="All clients (1)").click()
    facilitator.wait_for_url(re.compile(r".*/care/clients/$"))
    axe_check(facilitator)
    facilitator.get_by_role("link", name="Alice").click()
    facilitator.wait_for_url(re.compile(r".*/care/clients/[0-9a-f-]+/$"))
    axe_check(facilitator)
    expect(facilitator.get_by_role("link", name="Questionnaire results")).to_be_visible()
    assert facilitator.get_by_role("link", name=re.compile("A journal entry shared")).count() == 1
    assert facilitator.get_by_role("link", name="Trigger log").count() == 0
    client_url = facilitator.url
    facilitator.get_by_role("link", name=re.compile("A journal entry shared")).click()
    expect(facilitator.get_by_text("You were never too much.")).to_be_visible()
    assert facilitator.get_by_text("Nobody else reads this page.").count() == 0
    axe_check(facilitator)
    entry_url = facilitator.url
    facilitator.goto(client_url)
    facilitator.get_by_role("link", name="Questionnaire results").click()
    facilitator.wait_for_url(re.compile(r".*/care/clients/[0-9a-f-]+/questionnaires/$"))
    axe_check(facilitator)
    facilitator.get_by_role("link", name=get_instrument("phq9").title).click()
    expect(facilitator.get_by_text("In plain words")).to_be_visible()
    axe_check(facilitator)
    questionnaire_url = facilitator.url

    # The member sees the reads, then stops sharing both.
    member.goto("/care/")
    member.get_by_role("link", name="Fay").click()
    expect(member.get_by_text("What they opened")).to_be_visible()
    assert member.locator("#log-heading + ul li").count() >= 2
    member.get_by_role("button", name=re.compile("Stop sharing.*Questionnaire results")).click()
    member.get_by_role("button", name=re.compile("Stop sharing.*Dear little one")).click()

    for url in (entry_url, questionnaire_url):
        response = facilitator.goto(url)
        assert response.status == 404


def test_the_facilitator_assigns_a_script_the_member_plays_it_and_the_facilitator_sees_it_done(
    page, another_page, axe_check
):
    from innerchild.care.models import CareLink
    from innerchild.guide.scripts import get_script
    from innerchild.guide.tests.test_browser_player import fill_step as fill_usual_step

    fay = make_person("fay@example.org", "Fay", role=Role.FACILITATOR, facilitator_verified=True)
    alice = make_person("alice@example.org", "Alice")
    link = CareLink.objects.create(facilitator=fay, member=alice, started_at=timezone.now())
    script = get_script("end-of-day-check-in")

    facilitator, member = page, another_page
    member.set_default_timeout(30_000)
    log_in(facilitator, fay.email)
    facilitator.goto(f"/care/clients/{link.id}/")
    facilitator.get_by_role("link", name="Assign something").click()
    axe_check(facilitator)
    facilitator.get_by_label("A guided session").check()
    facilitator.get_by_label("Guided session", exact=True).select_option(label=script.title)
    facilitator.get_by_label("Due on").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    facilitator.get_by_role("button", name="Assign").click()
    facilitator.wait_for_url(re.compile(r".*/care/clients/.*/assignments/.*"))
    axe_check(facilitator)

    log_in(member, alice.email)
    member.goto("/care/assignments/")
    axe_check(member)
    member.get_by_role("link", name=re.compile(f"Start.*{script.title}")).click()
    member.get_by_role("button", name="Begin the session").click()
    for step in script.steps:
        if step.type == "intention" and step.get("hope_label"):
            member.get_by_label(step.get("hope_label")).fill("To rest.")
        elif step.type == "reflection" and step.get("questions"):
            member.get_by_label(step.get("questions")[0]).fill("That I was tired, and it is fine.")
        else:
            fill_usual_step(member, step)
        last = step.number == len(script.steps)
        member.get_by_role("button", name="Finish the session" if last else "Continue").click()
    expect(member.get_by_text("You finished the session")).to_be_visible()

    facilitator.goto(f"/care/clients/{link.id}/assignments/")
    axe_check(facilitator)
    row = facilitator.get_by_role("row").filter(has_text=script.title)
    expect(row.get_by_text("Done", exact=True)).to_be_visible()
