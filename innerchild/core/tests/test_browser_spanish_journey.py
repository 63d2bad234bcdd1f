"""A Spanish speaker's first day, in a real browser: sign-up, the PHQ-9, a guided session, a
journal entry and the crisis screen, with no English on any page but names."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from innerchild.core import jobs
from innerchild.guide.scripts import Step, get_script

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words that are English and never Spanish; two on one line of a page mean English slipped in.
ENGLISH = re.compile(
    r"\b(the|your|you|and|with|this|what|when|from|have|not|for|are|is|of|to|it|or|can|will|"
    r"was|be|my|we|our|here|there|that|please|how|about|yet|any|all|back|next|save|step|"
    r"session|journal|check|feel|feeling)\b",
    re.IGNORECASE,
)
# Names that stay as they are in any language.
NAMES = re.compile(r"innerchild|PHQ-9|Find A Helpline|River|Pfizer Inc\.|phqscreeners\.com")
# Sources cite articles by their published (English) titles: "... 2001;16(9):606-613."
CITATION = re.compile(r"\d{4};\d+\(\d+\):\d+")


def es(message: str) -> str:
    with translation.override("es"):
        return gettext(message)


def english_on(page) -> list[str]:
    return english_on_text(page.locator("body").inner_text())


def assert_spanish(page) -> None:
    assert english_on(page) == [], f"English on {page.url}"


@pytest.fixture
def spanish_page(browser, live_server):
    """A browser set to Spanish, as a person in Spain has it; fails on JavaScript errors."""
    context = browser.new_context(base_url=live_server.url, locale="es-ES")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def sign_up_and_onboard(page) -> None:
    page.goto("/accounts/signup/")
    assert_spanish(page)
    page.get_by_label(es("What should we call you?")).fill("River")
    page.get_by_label(es("Email address")).fill("river@example.org")
    page.get_by_label(es("Year of birth")).fill(str(timezone.now().year - 30))
    page.get_by_label(es("Country")).select_option("ES")
    page.get_by_label(es("Member: I am here for my own healing")).check()
    page.locator("#id_password1").fill("suave-marea-de-la-mañana-5")
    page.get_by_label(es("Password again")).fill("suave-marea-de-la-mañana-5")
    page.get_by_role("button", name=es("Create account")).click()
    page.wait_for_url("**/accounts/signup/sent/")
    assert_spanish(page)
    jobs.run_due_jobs()
    email = mail.outbox[-1]
    assert email.subject == es("Confirm your email address for innerchild")
    assert not english_on_text(email.body)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+)", email.body).group(1)
    page.goto(link)
    assert_spanish(page)
    page.locator("main input[type=password]").first.fill("suave-marea-de-la-mañana-5")
    page.get_by_role("button", name=es("Confirm and log in")).click()
    page.wait_for_url("**/accounts/onboarding/")
    assert_spanish(page)
    for label in (
        "I understand that innerchild is self-help and does not replace therapy or emergency care.",
        "I know this work can bring up strong feelings, and that I can press Pause at any time.",
        "I accept the terms and the privacy notice.",
        "On my own, at my own pace",
    ):
        page.get_by_label(es(label)).check()
    page.get_by_role("button", name=es("Continue")).click()
    if "/safety/readiness/" in page.url:
        assert_spanish(page)
        for group in page.locator("fieldset").all():
            radios = group.locator("input[type=radio]")
            if radios.count():
                radios.last.check()
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/dashboard/")
    assert_spanish(page)


def english_on_text(text: str) -> list[str]:
    lines = (NAMES.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if len(ENGLISH.findall(line)) >= 2 and not CITATION.search(line)]


def take_phq9(page) -> None:
    page.goto("/assessments/phq9/")
    assert_spanish(page)
    page.get_by_role("button", name=es("Begin"), exact=True).click()
    for number in range(1, 10):
        assert_spanish(page)
        page.get_by_label("Ningún día", exact=True).check()
        last = number == 9
        page.get_by_role("button", name=es("See my result") if last else es("Next")).click()
    page.wait_for_url("**/result/")
    assert_spanish(page)


def fill_step(page, step: Step) -> None:
    match step.type:
        case "checkin":
            page.get_by_label("3", exact=True).check()
        case "intention":
            page.get_by_label(
                step.get("hope_label") or es("What would you like from this session?")
            ).fill("Descansar un poco.")
        case "prompt":
            page.get_by_label(step.get("question")).fill("Una cabaña junto a un lago.")
        case "choice":
            page.get_by_label(step.get("options")[0]["label"], exact=True).check()
        case "reparent":
            page.get_by_label(step.get("suggestions")[0], exact=True).check()


def do_a_guided_session(page) -> None:
    script = get_script("safe-place", "es")
    page.goto(f"/guide/scripts/{script.id}/")
    assert_spanish(page)
    page.get_by_role("button", name=es("Begin the session")).click()
    for step in script.steps:
        assert_spanish(page)
        fill_step(page, step)
        last = step.number == len(script.steps)
        page.get_by_role(
            "button", name=es("Finish the session") if last else es("Continue")
        ).click()
    assert_spanish(page)


def write_an_entry_then_one_in_crisis(page) -> None:
    page.goto("/journal/new/")
    assert_spanish(page)
    page.get_by_label(es("Title")).fill("Un día tranquilo")
    page.get_by_label(es("Your words")).fill(
        "Hoy he paseado por el parque y me he sentido en calma."
    )
    page.get_by_role("button", name=es("Save"), exact=True).click()
    assert_spanish(page)
    page.goto("/journal/new/")
    page.get_by_label(es("Your words")).fill("No puedo más. Esta noche me voy a suicidar.")
    page.get_by_role("button", name=es("Save"), exact=True).click()
    page.wait_for_url("**/safety/crisis/**")
    expect(page.get_by_text("Teléfono de la Esperanza").first).to_be_visible()
    expect(page.locator('a[href="tel:112"]').first).to_be_visible()
    assert_spanish(page)


def test_a_spanish_speakers_first_day_has_no_english_in_it(spanish_page):
    sign_up_and_onboard(spanish_page)
    take_phq9(spanish_page)
    do_a_guided_session(spanish_page)
    write_an_entry_then_one_in_crisis(spanish_page)


def test_the_english_detector_finds_english():
    assert english_on_text("Save your answers and come back to this step later.")
    assert not english_on_text("Guarda tus respuestas y vuelve a este paso más tarde.")
    assert not english_on_text("No es un diagnóstico: es una autoevaluación. Me he sentido bien.")
