"""Property-based tests of every HTML form: whatever is typed or sent, the answer is never a
server error, bad input answers 4xx or a redirect, and a form sent back keeps what was typed.

Each case names a form's URL, who sends it and how to reach it; the test reads the form's fields
from the page and Hypothesis fills them from plausible to hostile (see every_form.py). A guard
fails when a URL whose view accepts POST has neither a case nor a reason to be left out.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from django.db import transaction
from django.test import Client, TestCase
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from innerchild.assessments.actions import do_start_attempt
from innerchild.assessments.instruments import get_instrument
from innerchild.care.tests.test_matrix import cast_and_cases
from innerchild.core.testing import add_authenticator, log_in, make_person
from innerchild.core.tests.every_form import (
    OTHER_NAMESPACES,
    TEXT_KINDS,
    FormCase,
    accepts_post,
    field_values,
    free_text,
    post_forms,
    url_patterns,
)
from innerchild.guide.actions import do_start_run
from innerchild.guide.scripts import get_script

PROPERTY_SETTINGS = settings(
    max_examples=15,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
MEETING = "meeting-your-younger-self"
# The guide steps of MEETING a case posts to, one per kind of answer: distress rating, intention,
# prompt, choice, re-parenting choices with own words, reflection.
GUIDE_STEPS = {"checkin": 0, "intention": 1, "prompt": 3, "choice": 4, "reparent": 7}


def link(cast):
    return [cast.links["shared"].id]


def unshared_link(cast):
    return [cast.links["unshared"].id]


def booking(cast):
    return [cast.extra["bookings"]["confirmed"].id]


CASES = [
    FormCase("api:tokens", "alice"),
    FormCase("accounts:signup", None),
    FormCase("accounts:resend_confirmation", None, examples=(({}, []),)),
    FormCase("accounts:login", None),
    FormCase("accounts:confirm_it_is_you", "fay"),
    FormCase("accounts:onboarding", "fresh"),
    FormCase("accounts:profile", "alice"),
    FormCase("accounts:change_email", "alice"),
    FormCase("accounts:change_password", "alice"),
    FormCase("accounts:two_step_setup", "alice"),
    FormCase("accounts:two_step_new_codes", "bob", page=("accounts:two_step", lambda c: [])),
    FormCase("accounts:two_step_off", "bob", page=("accounts:two_step", lambda c: [])),
    FormCase("accounts:export", "alice", page=("accounts:data", lambda c: [])),
    FormCase("accounts:delete", "alice", page=("accounts:data", lambda c: [])),
    FormCase("accounts:password_reset", None, examples=(({"email": "not an address"}, []),)),
    FormCase("safety:plan_edit", "alice"),
    FormCase("safety:checkins", "alice"),
    FormCase("safety:readiness", "alice"),
    FormCase("assessments:question", "alice", lambda c: [c.extra["phq9"], 1]),
    FormCase("assessments:intro", "alice", lambda c: ["phq9"]),
    FormCase("journal:search", "alice", page=("journal:index", lambda c: [])),
    FormCase("journal:new", "alice"),
    FormCase("journal:new_dialogue", "alice"),
    FormCase("journal:new_trigger", "alice"),
    FormCase("journal:edit", "alice", lambda c: [c.entry_id]),
    FormCase(
        "journal:save_draft", "alice", page=("journal:new", lambda c: []), form_of="journal:new"
    ),
    FormCase("journal:affirmations", "alice", examples=(({}, []),)),
    FormCase("journal:import", "alice"),
    FormCase("journal:younger_self", "alice"),
    FormCase("journal:upload_photo", "alice", page=("journal:younger_self", lambda c: [])),
    FormCase("guide:preferences", "alice"),
    *(
        FormCase("guide:step", "alice", lambda c, k=kind: c.extra["runs"][k], label=kind)
        for kind in GUIDE_STEPS
    ),
    FormCase("care:practice_profile", "fay"),
    FormCase("care:invite", "fay"),
    FormCase("care:invitation", "bob", lambda c: [c.extra["invitation_token"]]),
    FormCase("care:share_kind", "alice", unshared_link, page=("care:link", unshared_link)),
    FormCase("care:crisis_alerts", "alice", unshared_link, page=("care:link", unshared_link)),
    FormCase("care:share_entry", "alice", lambda c: [c.entry_id]),
    FormCase("care:client_unlock", "fay", link),
    FormCase("care:assignment_new", "fay", link),
    FormCase("care:note_new", "fay", link),
    FormCase("care:note_edit", "fay", lambda c: [c.links["shared"].id, c.extra["note"]]),
    FormCase("care:note_amend", "fay", lambda c: [c.links["shared"].id, c.extra["locked"]]),
    FormCase("care:summary_new", "fay", link),
    FormCase("care:script_new", "fay", examples=(({"language": "en", "source": "\x1f"}, []),)),
    FormCase(
        "care:script_edit",
        "fay",
        lambda c: [c.extra["script"].id],
        examples=(({"language": "en", "source": "steps:\n\x03"}, []),),
    ),
    FormCase("care:availability_add", "fay", page=("care:availability", lambda c: [])),
    FormCase("care:away_add", "fay", page=("care:availability", lambda c: [])),
    FormCase("care:propose_session", "fay", link),
    FormCase("care:group_session", "fay"),
    FormCase("care:book_session", "alice", link),
    FormCase("care:booking_cancel", "alice", booking, page=("care:booking", booking)),
    FormCase("care:booking_reschedule", "alice", booking),
    FormCase("live:join", "alice"),
    FormCase(
        "live:summary",
        "fay",
        lambda c: [c.extra["live_booking"]],
        page=("live:room", lambda c: [c.extra["live_booking"]]),
    ),
]

BUTTON = "a button with no field but the CSRF token"
LEFT_OUT = {
    "api:revoke": BUTTON,
    "accounts:logout": BUTTON,
    "care:records_download": BUTTON,
    "accounts:confirm_email": "reached from the link in an email: a signed token, no field",
    "accounts:two_step_login": "needs a half-signed-in session: accounts/tests/test_two_step.py",
    "accounts:password_reset_confirm": "Django's own view, reached by a signed link from an email",
    "safety:delete_checkin": BUTTON,
    "assessments:discard": BUTTON,
    "journal:delete": BUTTON,
    "journal:discard_draft": "one hidden field naming a draft slot: journal/tests/test_drafts.py",
    "journal:delete_affirmation": BUTTON,
    "journal:remove_photo": BUTTON,
    "guide:start": BUTTON,
    "guide:back": BUTTON,
    "guide:stop": BUTTON,
    "guide:close": BUTTON,
    "guide:after_grounding": "a choice between two buttons, only after a grounding step",
    "care:withdraw_invitation": BUTTON,
    "care:end_link": BUTTON,
    "safety:watch_choice": "two buttons on a panel shown only after a safety signal",
    "care:revoke_share": BUTTON,
    "care:client_lock": BUTTON,
    "care:client_end": BUTTON,
    "care:alert_seen": BUTTON,
    "care:assignment_stop": BUTTON,
    "care:assignment_done": BUTTON,
    "care:note_lock": BUTTON,
    "care:script_archive": BUTTON,
    "care:availability_delete": BUTTON,
    "care:away_delete": BUTTON,
    "care:booking_accept": BUTTON,
    "care:booking_decline": BUTTON,
    "care:calendar_feed_reset": BUTTON,
}


def build_cast():
    cast, _cases = cast_and_cases("CASES")
    cast.alice.timezone = "Europe/Madrid"
    cast.alice.save(update_fields=["timezone"])
    cast.fay.timezone = "America/New_York"
    cast.fay.save(update_fields=["timezone"])
    add_authenticator(cast.bob)
    cast.fresh = make_person("fresh@example.org", "Fresh", onboarded=False)
    cast.extra["phq9"] = do_start_attempt(cast.alice, get_instrument("phq9")).id
    script = get_script(MEETING, "en")
    runs = {}
    for kind, index in GUIDE_STEPS.items():
        run = do_start_run(cast.alice, script, start_key=kind)
        run.current_step = run.reached_step = index
        run.save(update_fields=["current_step", "reached_step"])
        runs[kind] = [run.id, index + 1]
    cast.extra["runs"] = runs
    notes = cast.extra["notes"]
    cast.extra["note"] = notes.get("shared", next(iter(notes.values()))).id
    locked = cast.extra["locked_notes"]
    cast.extra["locked"] = locked.get("shared", next(iter(locked.values()))).id
    return cast


def encode(pairs, multipart: bool) -> tuple[bytes, str]:
    if not multipart:
        body = "&".join(
            f"{quote_plus(key)}={quote_plus(value.encode('utf-8', 'surrogatepass'))}"
            for key, value in pairs
        )
        return body.encode("ascii"), "application/x-www-form-urlencoded"
    data: dict[str, list] = {}
    for key, value in pairs:
        if isinstance(value, str):
            # A multipart body cannot carry a lone surrogate; a browser sends U+FFFD instead.
            value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        data.setdefault(key, []).append(value)
    return encode_multipart(BOUNDARY, data), MULTIPART_CONTENT


def echoable(value: str) -> bool:
    """Whether a page can be expected to show this text again exactly as typed."""
    return (
        0 < len(value.strip()) <= 2000
        and not any(0xD800 <= ord(char) <= 0xDFFF or char == "\x00" for char in value)
        and "\r" not in value
    )


class EveryFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = build_cast()

    def test_every_url_that_takes_a_post_has_a_case_or_a_reason(self):
        names = {case.url_name for case in CASES}
        missing, known = [], set()
        for name, route, callback in url_patterns():
            if name is None:
                # Unnamed: the admin's redirects and the JSON API's older addresses.
                api = callback.__module__ == "innerchild.api.urls"
                self.assertTrue(api or route.startswith("admin/"), route)
                continue
            known.add(name)
            if name.split(":")[0] in OTHER_NAMESPACES:
                continue
            if accepts_post(callback) and name not in names and name not in LEFT_OUT:
                missing.append(name)
        self.assertEqual(missing, [], "add a FormCase or a reason in LEFT_OUT")
        self.assertEqual(sorted((names | set(LEFT_OUT)) - known), [], "these URLs are gone")

    def test_no_form_is_both_covered_and_left_out(self):
        self.assertEqual({case.url_name for case in CASES} & set(LEFT_OUT), set())

    def form_for(self, client, case, target):
        page = reverse(case.page[0], args=case.page[1](self.cast)) if case.page else target
        response = client.get(page)
        self.assertEqual(response.status_code, 200, f"{case.url_name}: GET {page}")
        forms = post_forms(response.content.decode(), page)
        wanted = reverse(case.form_of) if case.form_of else target
        matching = [form for form in forms if form.action == wanted]
        self.assertTrue(matching, f"no form posting to {wanted} on {page}")
        return max(matching, key=lambda form: len(form.fields))

    def check(self, case: FormCase):
        cast = self.cast
        who = getattr(cast, case.who) if case.who else None
        client = Client()
        if who is not None:
            log_in(client, who)
        target = reverse(case.url_name, args=case.args(cast))
        form = self.form_for(client, case, target)
        fields, strategies = field_values(form)
        multipart = "multipart" in form.enctype
        extras = st.lists(
            st.tuples(st.sampled_from([*fields, "unexpected", "csrfmiddlewaretoken"]), free_text),
            max_size=2,
        )

        @PROPERTY_SETTINGS
        @given(st.fixed_dictionaries(strategies), extras)
        def property_(values, extra):
            pairs = []
            for name, value in values.items():
                if value is None:
                    continue
                if fields[name].kind == "file":
                    value = make_file(value)
                pairs.append((name, value))
            pairs.extend(extra)
            body, content_type = encode(pairs, multipart)
            with transaction.atomic():
                if who is not None:
                    log_in(client, who)
                response = client.generic("POST", target, body, content_type=content_type)
                transaction.set_rollback(True)
            status = response.status_code
            self.assertLess(status, 500)
            if status == 200:
                self.assertIn(case.url_name, ANSWERS_200, f"{status} to a POST of {target}")
            else:
                self.assertTrue(status in (302, 303) or 400 <= status < 500, status)
            if status in (400, 422) and b"<form" in response.content:
                repeated = {name for name, _value in extra}
                page = response.content.decode()
                for name, value in values.items():
                    field_ = fields[name]
                    if (
                        # Django never sends a password back to the page, on purpose.
                        field_.kind in TEXT_KINDS - {"password"}
                        and name not in repeated
                        and isinstance(value, str)
                        and echoable(value)
                    ):
                        self.assertIn(escape(value), page, f"{name!r} lost what was typed")

        for values, extra in case.examples:
            property_ = example(values, extra)(property_)
        # An empty POST (every field left out) is refused with the form and its messages, never
        # answered 200 as if the page had only been opened.
        property_ = example(dict.fromkeys(strategies), [])(property_)
        property_()


# Views that answer 200 to a POST that works: autosave answers JSON, a new API token and an
# invitation link without an email are shown once on the page, the export is a download.
ANSWERS_200 = {"journal:save_draft", "api:tokens", "care:invite", "accounts:export"}


def make_file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("upload.bin", content)


def _add_test(case: FormCase):
    def test(self):
        self.check(case)

    test.__name__ = case.test_name
    setattr(EveryFormTests, case.test_name, test)


for _case in CASES:
    _add_test(_case)
