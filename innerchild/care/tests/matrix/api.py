"""The JSON API: clients' material for facilitators (care), and each person's own journal,
questionnaires and tokens, which the API serves to nobody else, a facilitator with a share
included (what alice shares is read through /api/v1/care/ only)."""

from __future__ import annotations

from datetime import timedelta

from innerchild.api.actions import do_create_token
from innerchild.assessments import api as assessments
from innerchild.care.tests.matrix import API_ROLES, ApiCase
from innerchild.journal import api as journal

FACILITATORS = frozenset(
    {"shared", "unshared", "expired", "revoked", "ended", "other_fac", "token"}
)
FAY = frozenset({"shared", "token"})
OWNER = frozenset({"owner"})
SIGNED_IN = frozenset(API_ROLES) - {"anonymous"}


def setup(cast) -> None:
    from django.utils import timezone

    from innerchild.accounts.models import Role
    from innerchild.care.models import CareLink, Share, ShareKind
    from innerchild.care.models.sharing import KIND_WIDE
    from innerchild.core.testing import make_person

    now = timezone.now()
    rex = make_person("rex@example.org", "Rex", role=Role.FACILITATOR, facilitator_verified=True)
    link = CareLink.objects.create(facilitator=rex, member=cast.alice, started_at=now)
    granted, revoked = now - timedelta(days=2), now - timedelta(days=1)
    for kind in KIND_WIDE:
        Share.objects.create(link=link, kind=kind, granted_at=granted, revoked_at=revoked)
    Share.objects.create(
        link=link, kind=ShareKind.ENTRY, item_id=cast.entry_id, granted_at=granted, revoked_at=now
    )
    cast.links["revoked"] = link
    cast.people["revoked"] = rex
    cast.people["token"] = cast.fay

    cast.extra["private_entry_id"] = journal.create_entry_from(
        cast.alice, kind="entry", title="Private", body="Only for me."
    )
    cast.extra["attempt_id"] = assessments.submit_answers(cast.alice, "gad7", [1] * 7)["id"]
    fay_token, raw = do_create_token(cast.fay, name="fay's tools", days=30)
    alice_token, _raw = do_create_token(cast.alice, name="alice's app", days=30)
    cast.extra["fay_token"] = raw
    cast.extra["tokens"] = {"fay": fay_token.prefix, "alice": alice_token.prefix}


def link(cast, role) -> dict:
    return {"link_id": cast.link_for(role).id}


def own_entry(cast, role) -> dict:
    return {"entry_id": cast.entry_id}


def clients_seen(answer) -> list:
    return [
        (c["name"], c["shared"], [e["entry_id"] for e in c["shared_entries"]])
        for c in answer["clients"]
    ]


def clients_expected(cast, role) -> list:
    from innerchild.care.models.sharing import KIND_WIDE

    if role in FAY:
        return [("Alice", sorted(KIND_WIDE), [str(cast.entry_id)])]
    if role in {"unshared", "expired", "revoked"}:
        return [("Alice", [], [])]
    return []


def entry_ids(answer) -> set:
    return {entry["id"] for entry in answer["entries"]}


def alices_entries(cast, role) -> set:
    """All of alice's entries for alice (the shared one and the private one); nobody else's
    list holds any."""
    if role != "owner":
        return set()
    from innerchild.journal.models import Entry

    return {str(i) for i in Entry.objects.filter(owner=cast.alice).values_list("id", flat=True)}


def attempt_ids(answer) -> list:
    return [attempt["id"] for attempt in answer["attempts"]]


def alices_attempt(cast, role) -> list:
    return [str(cast.extra["attempt_id"])] if role == "owner" else []


def own_tokens(cast, role) -> list:
    tokens = cast.extra["tokens"]
    return {"owner": [tokens["alice"]], "shared": [tokens["fay"]], "token": [tokens["fay"]]}.get(
        role, []
    )


API_CASES = [
    # Clients' material: any verified facilitator lists their own active links; the material
    # itself needs a current share; members are not facilitators (404).
    ApiCase(
        "GET",
        "/api/v1/care/clients/",
        allowed=FACILITATORS,
        shown=clients_seen,
        expected=clients_expected,
    ),
    ApiCase(
        "GET",
        "/api/v1/care/clients/{link_id}/assessments/",
        link,
        FAY,
        shown=lambda answer: [i["id"] for i in answer["instruments"]],
        expected=lambda cast, role: ["gad7"],
    ),
    ApiCase(
        "GET",
        "/api/v1/care/clients/{link_id}/entries/{entry_id}/",
        lambda cast, role: {**link(cast, role), "entry_id": cast.entry_id},
        FAY,
        shown=lambda answer: (answer["id"], answer["title"]),
        expected=lambda cast, role: (str(cast.entry_id), "For Fay"),
    ),
    ApiCase(
        "GET",
        "/api/v1/care/clients/{link_id}/entries/{entry_id}/",
        lambda cast, role: {**link(cast, role), "entry_id": cast.extra["private_entry_id"]},
        note="an entry alice does not share: nobody, through any link",
    ),
    # A person's own journal: alice only. Fay, who reads the shared entry above, gets 404 here.
    ApiCase(
        "GET",
        "/api/v1/journal/entries/",
        allowed=SIGNED_IN,
        shown=entry_ids,
        expected=alices_entries,
    ),
    ApiCase(
        "POST",
        "/api/v1/journal/search/",
        allowed=SIGNED_IN,
        body=lambda cast, role: {"q": "talk"},
        shown=entry_ids,
        expected=lambda cast, role: {str(cast.entry_id)} if role == "owner" else set(),
    ),
    ApiCase(
        "POST",
        "/api/v1/journal/entries/",
        allowed=SIGNED_IN,
        ok=201,
        body=lambda cast, role: {"kind": "entry", "body": "My own words."},
        shown=lambda answer: answer["entry"]["body"],
        expected=lambda cast, role: "My own words.",
        note="everyone writes in their own journal",
    ),
    ApiCase(
        "GET",
        "/api/v1/journal/entries/{entry_id}/",
        own_entry,
        OWNER,
        shown=lambda answer: answer["entry"]["id"],
        expected=lambda cast, role: str(cast.entry_id),
    ),
    ApiCase(
        "PUT",
        "/api/v1/journal/entries/{entry_id}/",
        own_entry,
        OWNER,
        body=lambda cast, role: {"kind": "entry", "body": "Changed."},
        shown=lambda answer: answer["entry"]["body"],
        expected=lambda cast, role: "Changed.",
    ),
    ApiCase(
        "PATCH",
        "/api/v1/journal/entries/{entry_id}/",
        own_entry,
        OWNER,
        body=lambda cast, role: {"title": "Renamed"},
        shown=lambda answer: answer["entry"]["title"],
        expected=lambda cast, role: "Renamed",
    ),
    ApiCase("DELETE", "/api/v1/journal/entries/{entry_id}/", own_entry, OWNER, ok=204),
    # Questionnaires: anyone signed in takes them; each person sees only their own answers.
    ApiCase("GET", "/api/v1/assessments/instruments/", allowed=SIGNED_IN),
    ApiCase(
        "GET",
        "/api/v1/assessments/instruments/{instrument_id}/attempts/",
        lambda cast, role: {"instrument_id": "gad7"},
        SIGNED_IN,
        shown=attempt_ids,
        expected=alices_attempt,
    ),
    ApiCase(
        "POST",
        "/api/v1/assessments/instruments/{instrument_id}/attempts/",
        lambda cast, role: {"instrument_id": "gad7"},
        SIGNED_IN,
        ok=201,
        body=lambda cast, role: {"answers": [0] * 7},
        shown=lambda answer: answer["instrument"],
        expected=lambda cast, role: "gad7",
    ),
    ApiCase(
        "GET",
        "/api/v1/assessments/history/",
        allowed=SIGNED_IN,
        shown=attempt_ids,
        expected=alices_attempt,
    ),
    # Tokens: one's own only.
    ApiCase(
        "GET",
        "/api/v1/tokens/",
        allowed=SIGNED_IN,
        shown=lambda answer: [token["prefix"] for token in answer["tokens"]],
        expected=own_tokens,
    ),
    ApiCase(
        "DELETE",
        "/api/v1/tokens/{token_id}/",
        lambda cast, role: {"token_id": cast.alice.api_tokens.get().id},
        OWNER,
        ok=204,
    ),
]
