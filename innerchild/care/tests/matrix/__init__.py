"""The sharing matrix: every care (and live) URL x every kind of person.

Each feature module here defines `CASES`, a list of `Case`. `test_matrix.py` requests every case as
every role and checks the outcome; it also fails when a URL of the care or live namespaces has no
case, so a new page cannot skip the matrix.

Roles (built by `Cast` in test_matrix.py):
  owner         alice, the member whose data it is
  shared        fay: linked to alice, alice shares every kind and one entry with her
  unshared      hal: linked to alice, nothing shared
  expired       ivy: linked to alice, every share expired or revoked
  ended         eve: was linked to alice, the link ended (old bookmarks)
  other_fac     gus: a verified facilitator with no link to alice
  other_member  bob: another member
  anonymous     nobody logged in

`allowed` names the roles that may use the URL; every other role must get 404 (anonymous: a
redirect to the login page, or 404). A facilitator-side URL built from a link id gets, for each
facilitator role, that facilitator's own link id with alice (other_fac and the members get fay's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "owner",
    "shared",
    "unshared",
    "expired",
    "ended",
    "other_fac",
    "other_member",
    "anonymous",
)
LINKED_FACILITATORS = frozenset({"shared", "unshared", "expired"})


@dataclass(frozen=True)
class Case:
    url_name: str
    # args(cast, role) -> the URL's positional args for that role (see Cast in test_matrix.py).
    args: Callable = lambda cast, role: []
    allowed: frozenset = frozenset()
    method: str = "GET"
    # data(cast, role) -> POST data; a valid request for the allowed roles.
    data: Callable | None = None
    # Success codes for allowed roles (a POST that works usually redirects).
    ok: frozenset = field(default_factory=lambda: frozenset({200, 302}))
    note: str = ""


# The JSON API (/api/v1/): modules define `API_CASES`, a list of `ApiCase`, requested as each of
# API_ROLES. Two more roles than the pages:
#   revoked  rex: linked to alice, every share revoked
#   token    fay's personal API token (no session): everything fay may, nothing more
# Anything not allowed answers 404 {"detail": "Not found."}; anonymous 401 with `detail`.
API_ROLES = (*ROLES, "revoked", "token")


@dataclass(frozen=True)
class ApiCase:
    method: str
    # As the OpenAPI schema names it, e.g. "/api/v1/care/clients/{link_id}/"; the guard in
    # test_matrix.py fails when an operation of the schema has no case.
    path: str
    # params(cast, role) -> the path's parameters for that role.
    params: Callable = lambda cast, role: {}
    allowed: frozenset = frozenset()
    ok: int = 200
    # body(cast, role) -> the JSON body sent.
    body: Callable | None = None
    # For allowed roles: shown(answer) must equal expected(cast, role), e.g. exactly the shared
    # entry, or none of alice's entries for anyone but alice.
    shown: Callable | None = None
    expected: Callable | None = None
    note: str = ""
