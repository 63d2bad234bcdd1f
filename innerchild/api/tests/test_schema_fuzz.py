"""Schemathesis against a live server: every operation of the published schema, with generated
requests, as a member and as a facilitator (each with a personal API token). No answer may be a
server error or differ from the schema (status code, content type, body)."""

from __future__ import annotations

import socket
from collections import Counter

import schemathesis
from django.test import LiveServerTestCase, override_settings
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from innerchild.api.actions import do_create_token
from innerchild.assessments.tests.helpers import complete
from innerchild.care.models import CareLink, Share, ShareKind
from innerchild.core.testing import make_person
from innerchild.journal.tests.helpers import write

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 45
MINIMUM_REQUESTS = 1_000
# Revoking would end the run's own token (its own test covers it); the rest is generated.
SKIPPED = {("DELETE", "/api/v1/tokens/{token_id}/")}


class NoDelayHandler(QuietWSGIRequestHandler):
    # The test server writes headers and body separately; without TCP_NODELAY each answer can
    # wait 40 ms for a delayed ACK, which is most of the run's time and nothing of the app's.
    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayServerThread(LiveServerThread):
    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            NoDelayHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )


@override_settings(API_TOKEN_RATE="100000/m")
class SchemaFuzzTests(LiveServerTestCase):
    server_thread_class = NoDelayServerThread

    def setUp(self):
        from innerchild.accounts.models import Role

        self.member = make_person("mia@example.org", "Mia")
        self.facilitator = make_person(
            "fin@example.org", "Fin", role=Role.FACILITATOR, facilitator_verified=True
        )
        link = CareLink.objects.create(
            facilitator=self.facilitator, member=self.member, started_at=timezone.now()
        )
        entry = write(self.member, body="A calm morning by the river")
        complete(self.member, "gad7", [1, 1, 1, 1, 1, 1, 1])
        for kind, item in ((ShareKind.ASSESSMENTS, None), (ShareKind.ENTRY, entry.id)):
            Share.objects.create(link=link, kind=kind, item_id=item, granted_at=timezone.now())
        self.tokens = {
            "member": do_create_token(self.member, name="fuzz", days=1)[1],
            "facilitator": do_create_token(self.facilitator, name="fuzz", days=1)[1],
        }

    def test_generated_requests_get_no_server_error_and_match_the_schema(self):
        schema = schemathesis.openapi.from_url(f"{self.live_server_url}/api/v1/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        operations = [op for op in operations if (op.method.upper(), op.path) not in SKIPPED]
        self.assertGreaterEqual(len(operations), 10)
        statuses: Counter = Counter()
        failures: list[str] = []
        for role, token in self.tokens.items():
            headers = {"Authorization": f"Bearer {token}"}
            for operation in operations:
                self._run(operation, headers, role, statuses, failures)
        total = sum(statuses.values())
        self.assertEqual(len(failures), 0, "\n\n".join(failures[:5]))
        self.assertGreaterEqual(total, MINIMUM_REQUESTS, statuses)
        self.assertEqual(sum(n for code, n in statuses.items() if code >= 500), 0)
        # Generated data reaches the code behind validation, not only the 422 answers.
        self.assertGreater(statuses[200] + statuses[201], total // 10, statuses)

    def _run(self, operation, headers, role, statuses, failures):
        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(base_url=self.live_server_url, headers=headers, timeout=30)
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            # One failed check is an AssertionError, several a group: all are collected, so the
            # run goes on and the report lists every operation that broke the contract.
            except (AssertionError, BaseExceptionGroup) as failure:
                failures.append(f"{role} {operation.method.upper()} {operation.path}: {failure}")

        run()
