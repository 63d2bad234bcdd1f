"""Site-wide consistency a person notices: one date style in their language and time zone, plain
names, a page of our own where the browser used to show a bare error, an icon, onboarding first,
tappable phone numbers and onboarding words for their age."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from innerchild.accounts.hooks import DEMO_FACILITATOR
from innerchild.core import registry
from innerchild.core.testing import PASSWORD, make_person
from innerchild.core.testing import log_in_browser as log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONTHS = {
    "en": "January|February|March|April|May|June|July|August|September|October|November|December",
    "es": "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
}
WEEKDAYS = {
    "en": "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday",
    "es": "[Ll]unes|[Mm]artes|[Mm]iércoles|[Jj]ueves|[Vv]iernes|[Ss]ábado|[Dd]omingo",
}
# The formats people used to meet side by side: "Nov. 10, 2026", "11/24/2026", "2026-11-25",
# "2026-W48", "2:30 p.m.".
OTHER_FORMATS = re.compile(
    r"\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}|\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{4}-W\d{2}\b|\d (a|p)\.m\."
)


def one_style(language: str) -> re.Pattern:
    day = (
        rf"\d{{1,2}} ({MONTHS['en']}) \d{{4}}"
        if language == "en"
        else rf"\d{{1,2}} de ({MONTHS['es']}) de \d{{4}}"
    )
    return re.compile(rf"^(({WEEKDAYS[language]}) )?{day}(, \d{{2}}:\d{{2}})?$|^\d{{2}}:\d{{2}}$")


def send_password(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def member_with_history(language: str):
    member = make_person(
        f"dana-{language}@example.org", "Dana", timezone="Pacific/Auckland", language=language
    )
    facilitator = make_person(DEMO_FACILITATOR[0], "Fay", role="facilitator")
    for build in registry.demo_data_builders:
        build(member=member, facilitator=facilitator)
    return member


def member_pages(member) -> list[str]:
    from innerchild.assessments.models import Attempt
    from innerchild.journal.models import Entry

    attempt = Attempt.objects.filter(owner=member, completed_at__isnull=False).latest(
        "completed_at"
    )
    entry = Entry.objects.filter(owner=member).latest("created_at")
    return [
        reverse("core:dashboard"),
        reverse("journal:index"),
        reverse("journal:entry", args=[entry.id]),
        reverse("journal:triggers"),
        reverse("assessments:index"),
        reverse("assessments:history", args=[attempt.instrument]),
        reverse("assessments:result", args=[attempt.id]),
        reverse("safety:plan"),
        reverse("safety:checkins"),
        reverse("guide:history"),
        reverse("care:my_care"),
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_date_a_member_sees_has_one_style_in_their_language_and_zone(
    page, axe_check, language
):
    member = member_with_history(language)
    style = one_style(language)
    log_in(page, member.email)
    seen = 0
    for url in member_pages(member):
        page.goto(url)
        expect(page.locator("main h1").first).to_be_visible()
        for element in page.locator("main time").all():
            text = " ".join(element.inner_text().split())
            assert style.match(text), f"{url}: {text!r} is not in the one date style"
            assert re.match(r"^\d{4}-\d{2}-\d{2}", element.get_attribute("datetime") or "")
            seen += 1
        body = page.locator("main").inner_text()
        other = OTHER_FORMATS.search(body)
        assert other is None, f"{url} shows another date format: {other.group()!r}"
    assert seen >= 10
    axe_check(page)


def test_a_date_is_shown_in_the_persons_time_zone(page):
    from innerchild.safety.models import SafetyCheckin

    member = make_person("ana@example.org", "Ana", timezone="Pacific/Auckland")
    note = SafetyCheckin.objects.create(user=member, body="Tired but fine.")
    # 23:30 in London is the next morning in Auckland.
    SafetyCheckin.objects.filter(pk=note.pk).update(
        created_at=datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    )
    log_in(page, member.email)
    page.goto("/safety/check-in/")
    expect(page.locator("main time").first).to_have_text("25 November 2026, 12:30")
    expect(page.locator("main time").first).to_have_attribute(
        "datetime", "2026-11-25T12:30:00+13:00"
    )


def test_questionnaires_and_check_ins_have_different_names(page):
    member = make_person("noor@example.org", "Noor")
    log_in(page, member.email)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Questionnaires")).to_be_visible()
    assert nav.get_by_role("link", name="Check-ins").count() == 0
    page.get_by_role("link", name="Questionnaires").first.click()
    expect(page.get_by_role("heading", name="Questionnaires", level=1)).to_be_visible()
    page.goto("/safety/check-in/")
    expect(page.get_by_role("heading", name="Check in with yourself", level=1)).to_be_visible()


def test_the_asq_counts_four_questions_all_the_way(page, axe_check):
    member = make_person("ira@example.org", "Ira")
    log_in(page, member.email)
    page.goto("/assessments/asq/")
    page.get_by_role("button", name=re.compile("Begin|Continue")).click()
    expect(page.get_by_role("heading", name="Question 1 of 4")).to_be_visible()
    expect(page.get_by_text("One more question may follow")).to_be_visible()
    axe_check(page)
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Question 2 of 4")).to_be_visible()
    expect(page.get_by_text("After these, one more question.")).to_be_visible()
    for _number in (2, 3, 4):
        page.get_by_label("No").check()
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="One more question")).to_be_visible()
    assert page.get_by_text(re.compile(r"of 5")).count() == 0
    axe_check(page)


def test_an_address_for_sending_a_form_explains_itself_when_opened(page, axe_check):
    member = make_person("lee@example.org", "Lee")
    log_in(page, member.email)
    response = page.goto("/accounts/logout/")
    assert response.status == 405
    expect(page.get_by_role("heading", name="This address is for sending a form")).to_be_visible()
    expect(page.get_by_text("go back to the page with the form and use its button")).to_be_visible()
    expect(page.get_by_role("link", name="Pause", exact=True)).to_be_visible()
    axe_check(page)


def test_the_site_has_an_icon(page):
    page.goto("/")
    icon = page.locator('link[rel="icon"]')
    expect(icon).to_have_attribute("type", "image/svg+xml")
    response = page.request.get(icon.get_attribute("href"))
    assert response.status == 200
    assert "<svg" in response.text()
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert "<svg" in response.text()


def test_a_new_account_is_sent_to_onboarding_first_but_pause_always_opens(page, axe_check):
    person = make_person("new@example.org", "Nico", onboarded=False)
    send_password(page, person.email)
    page.wait_for_url("**/accounts/onboarding/**")
    page.goto("/journal/")
    page.wait_for_url("**/accounts/onboarding/?next=%2Fjournal%2F")
    expect(page.get_by_role("heading", name="Before you begin")).to_be_visible()
    for address in ("/guide/", "/assessments/", "/safety/plan/", "/care/"):
        page.goto(address)
        page.wait_for_url("**/accounts/onboarding/**")
    page.goto("/safety/pause/")
    expect(page.get_by_role("heading", name="Box breathing")).to_be_visible()
    axe_check(page)
    page.goto("/safety/crisis/")
    assert "/onboarding/" not in page.url
    page.goto("/journal/")
    page.get_by_label("I understand that innerchild is self-help").check()
    page.get_by_label("I know this work can bring up strong feelings").check()
    page.get_by_label("I accept the terms and the privacy notice.").check()
    page.get_by_label("On my own, at my own pace").check()
    page.get_by_role("button", name="Continue").click()
    # The readiness questions come next, then the page the person was on their way to.
    page.wait_for_url("**/safety/readiness/**")
    assert "next=%2Fjournal%2F" in page.url


def test_the_first_dashboard_says_welcome_and_later_ones_welcome_back(page):
    person = make_person("kai@example.org", "Kai", onboarded=False)
    log_in_to_onboarding(page, person.email)
    page.get_by_label("I understand that innerchild is self-help").check()
    page.get_by_label("I know this work can bring up strong feelings").check()
    page.get_by_label("I accept the terms and the privacy notice.").check()
    page.get_by_label("On my own, at my own pace").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/safety/readiness/**")
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="Welcome, Kai", exact=True)).to_be_visible()
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="Welcome back, Kai")).to_be_visible()


def log_in_to_onboarding(page, email: str) -> None:
    send_password(page, email)
    page.wait_for_url("**/accounts/onboarding/**")


def test_phone_numbers_in_my_safety_plan_can_be_tapped(page, axe_check):
    from innerchild.safety.models import SafetyPlan

    member = make_person("sol@example.org", "Sol", country="ES")
    SafetyPlan.objects.create(
        user=member,
        people_to_ask="Mamá +34 600 12 34 56\nLucía (after 6pm) 611-222-333",
        professionals="Dr Ruiz 91 123 45 67",
        reasons_for_living="My cat, born 2019-05-01",
    )
    log_in(page, member.email)
    page.goto("/safety/plan/")
    expect(page.get_by_role("link", name="+34 600 12 34 56")).to_have_attribute(
        "href", "tel:+34600123456"
    )
    expect(page.get_by_role("link", name="611-222-333")).to_have_attribute("href", "tel:611222333")
    expect(page.get_by_role("link", name="91 123 45 67")).to_have_attribute("href", "tel:911234567")
    assert page.locator('a[href^="tel:2019"]').count() == 0
    expect(page.get_by_text("Lucía (after 6pm)")).to_be_visible()
    axe_check(page)
    page.goto("/safety/crisis/")
    expect(page.locator('main a[href="tel:+34600123456"]')).to_be_visible()


@pytest.mark.parametrize("age", [16, 17])
def test_an_adolescent_reads_onboarding_written_for_them(page, axe_check, age):
    person = make_person(f"teen{age}@example.org", "Ari", age=age, onboarded=False)
    log_in_to_onboarding(page, person.email)
    expect(
        page.get_by_text("Lots of people carry hurts from when they were younger")
    ).to_be_visible()
    expect(page.get_by_text("Because you are under 18")).to_be_visible()
    assert page.get_by_text("Many adults").count() == 0
    axe_check(page)


def test_an_adult_reads_the_adult_onboarding(page):
    person = make_person("ada@example.org", "Ada", age=40, onboarded=False)
    log_in_to_onboarding(page, person.email)
    expect(page.get_by_text("Many adults still carry wounds from childhood")).to_be_visible()
    assert page.get_by_text("Because you are under 18").count() == 0
