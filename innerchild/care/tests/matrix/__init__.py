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
