"""Every care and live URL, and every operation of the JSON API, x every kind of person: see
matrix/__init__.py for the roles."""

from __future__ import annotations

import importlib
import json
import pkgutil
from datetime import timedelta

from django.test import Client, TestCase, override_settings
from django.urls import get_resolver, reverse
from django.utils import timezone

from innerchild.accounts.models import Role
from innerchild.api.main import api
from innerchild.care.models import CareLink, Share, ShareKind
from innerchild.care.models.sharing import KIND_WIDE
from innerchild.care.tests import matrix
from innerchild.core.testing import log_in, make_person
from innerchild.journal import api as journal

NAMESPACES = ("care", "live")


def feature_modules():
    for info in pkgutil.iter_modules(matrix.__path__):
        yield importlib.import_module(f"{matrix.__name__}.{info.name}")


class Cast:
    """The people and rows every case can use. `extra` holds what feature modules' setup() add."""

    def __init__(self):
        now = timezone.now()
        self.alice = make_person("alice@example.org", "Alice")
        self.bob = make_person("bob@example.org", "Bob")
        facilitator = {"role": Role.FACILITATOR, "facilitator_verified": True}
        self.fay = make_person("fay@example.org", "Fay", **facilitator)
        self.hal = make_person("hal@example.org", "Hal", **facilitator)
        self.ivy = make_person("ivy@example.org", "Ivy", **facilitator)
        self.eve = make_person("eve@example.org", "Eve", **facilitator)
        self.gus = make_person("gus@example.org", "Gus", **facilitator)
        self.links = {}
        for role, person in (("shared", self.fay), ("unshared", self.hal), ("expired", self.ivy)):
            self.links[role] = CareLink.objects.create(
                facilitator=person, member=self.alice, started_at=now
            )
        self.links["ended"] = CareLink.objects.create(
            facilitator=self.eve, member=self.alice, started_at=now, ended_at=now
        )
        self.entry_id = journal.create_entry_from(
            self.alice, kind="entry", title="For Fay", body="Something I want to talk about."
        )
        for kind in KIND_WIDE:
            Share.objects.create(link=self.links["shared"], kind=kind, granted_at=now)
            Share.objects.create(
                link=self.links["expired"],
                kind=kind,
                granted_at=now - timedelta(days=3),
                expires_at=now - timedelta(days=1),
            )
            Share.objects.create(link=self.links["ended"], kind=kind, granted_at=now)
        for link_role in ("shared", "ended"):
            Share.objects.create(
                link=self.links[link_role],
                kind=ShareKind.ENTRY,
                item_id=self.entry_id,
                granted_at=now,
            )
        Share.objects.create(
            link=self.links["expired"],
            kind=ShareKind.ENTRY,
            item_id=self.entry_id,
            granted_at=now - timedelta(days=1),
            revoked_at=now,
        )
        self.extra = {}
        self.people = {
            "owner": self.alice,
            "shared": self.fay,
            "unshared": self.hal,
            "expired": self.ivy,
            "ended": self.eve,
            "other_fac": self.gus,
            "other_member": self.bob,
            "anonymous": None,
        }

    def link_for(self, role: str) -> CareLink:
        """The link a facilitator-side URL is built from, for this role."""
        return self.links.get(role, self.links["shared"])


def client_args(cast: Cast, role: str) -> list:
    return [cast.link_for(role).id]


def member_link_args(cast: Cast, role: str) -> list:
    return [cast.links["shared"].id]


def cast_and_cases(attribute: str) -> tuple[Cast, list]:
    cast = Cast()
    cases = []
    for module in feature_modules():
        if hasattr(module, "setup"):
            module.setup(cast)
        cases.extend(getattr(module, attribute, []))
    return cast, cases


class SharingMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast, cls.cases = cast_and_cases("CASES")

    def test_every_care_and_live_url_has_a_case(self):
        covered = {case.url_name for case in self.cases}
        missing = []
        for namespace in NAMESPACES:
            resolver = get_resolver().namespace_dict.get(namespace)
            if resolver is None:
                continue
            _prefix, sub = resolver
            for name in sub.reverse_dict:
                if isinstance(name, str) and f"{namespace}:{name}" not in covered:
                    missing.append(f"{namespace}:{name}")
        self.assertEqual(sorted(missing), [], "add these URLs to a module in care/tests/matrix/")

    def test_each_person_reaches_exactly_what_they_may(self):
        for case in self.cases:
            for role in matrix.ROLES:
                with self.subTest(url=case.url_name, method=case.method, role=role):
                    self._check(case, role)

    def _check(self, case, role):
        self.client.logout()
        person = self.cast.people[role]
        if person is not None:
            log_in(self.client, person)
        url = reverse(case.url_name, args=case.args(self.cast, role))
        data = case.data(self.cast, role) if case.data else {}
        sid = transaction_savepoint()
        try:
            if case.method == "POST":
                response = self.client.post(url, data)
            else:
                response = self.client.get(url, data)
        finally:
            transaction_rollback(sid)
        if role in case.allowed:
            self.assertIn(response.status_code, case.ok, f"{role} should reach {url}")
            if response.status_code == 302:
                self.assertNotIn(reverse("accounts:login"), response["Location"])
        elif role == "anonymous":
            self.assertIn(response.status_code, {302, 404})
            if response.status_code == 302:
                self.assertIn(reverse("accounts:login"), response["Location"])
        else:
            self.assertEqual(response.status_code, 404, f"{role} must not reach {url}")


# Token calls are rate limited per token; the matrix makes more than a minute's worth of them.
@override_settings(API_TOKEN_RATE="10000/m")
class ApiMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast, cls.cases = cast_and_cases("API_CASES")

    def test_every_api_operation_has_a_case(self):
        schema = api.get_openapi_schema()
        operations = {
            (method.upper(), path)
            for path, methods in schema["paths"].items()
            for method in methods
        }
        covered = {(case.method, case.path) for case in self.cases}
        self.assertTrue({path for _method, path in operations} >= {"/api/v1/care/clients/"})
        self.assertEqual(
            sorted(operations - covered), [], "add these operations to care/tests/matrix/api.py"
        )
        self.assertEqual(sorted(covered - operations), [], "these cases name no operation")

    def test_each_person_reaches_exactly_what_they_may_through_the_api(self):
        for case in self.cases:
            for role in matrix.API_ROLES:
                with self.subTest(method=case.method, path=case.path, role=role, note=case.note):
                    self._check(case, role)

    def _call(self, case, role):
        client = Client()
        headers = {}
        if role == "token":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.cast.extra['fay_token']}"
        elif self.cast.people[role] is not None:
            log_in(client, self.cast.people[role])
        url = case.path.format(**case.params(self.cast, role))
        body = case.body(self.cast, role) if case.body else None
        sid = transaction_savepoint()
        try:
            if body is None:
                return client.generic(case.method, url, **headers)
            return client.generic(
                case.method, url, json.dumps(body), content_type="application/json", **headers
            )
        finally:
            transaction_rollback(sid)

    def _check(self, case, role):
        response = self._call(case, role)
        if role in case.allowed:
            self.assertEqual(response.status_code, case.ok, f"{role}: {response.content[:200]}")
            if case.shown is not None:
                self.assertEqual(
                    case.shown(response.json()), case.expected(self.cast, role), f"{role}"
                )
        elif role == "anonymous":
            self.assertEqual(response.status_code, 401)
            self.assertEqual(response["WWW-Authenticate"], "Bearer")
            self.assertTrue(response.json()["detail"])
        else:
            self.assertEqual(response.status_code, 404, f"{role} must not reach {case.path}")
            self.assertEqual(response.json(), {"detail": "Not found."})


def transaction_savepoint():
    from django.db import transaction

    return transaction.savepoint()


def transaction_rollback(sid):
    from django.db import transaction

    transaction.savepoint_rollback(sid)
