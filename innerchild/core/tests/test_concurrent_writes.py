"""One-per-person rows and double submits, with real concurrent requests.

Each test sends two requests at the same moment from two threads, each with its own database
connection. On PostgreSQL both requests are held just before their INSERT until the other one
gets there too, so both have already seen that no row exists: the race happens every run. On
SQLite a write transaction takes the database lock at its start, so the second request waits
for the first; the same tests then show that both requests still succeed and nothing is lost.
"""

from __future__ import annotations

import io
import re
import threading

from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client, TransactionTestCase
from PIL import Image

from innerchild.core.testing import make_person
from innerchild.guide.models import SessionRun
from innerchild.journal.models import YoungerSelf
from innerchild.safety.models import SafetyPlan


class RaceOnInsert:
    """Hold the first INSERT of `model` in each of `parties` requests until all of them have
    reached theirs (PostgreSQL only). Leaving the block fails the test unless they all did: a
    test that passed without the race would prove nothing. A later INSERT (a retry after losing)
    goes through unheld. The timeout only stops a test that would hang; it is no speed limit."""

    def __init__(self, model, parties: int = 2):
        self.model = model
        self.parties = parties
        self.barrier = threading.Barrier(parties, timeout=60)
        self.lock = threading.Lock()
        self.arrived = 0
        self.reached = 0

    def hold(self, sender, instance, **kwargs):
        if not instance._state.adding:
            return
        with self.lock:
            self.arrived += 1
            if self.arrived > self.parties:
                return
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            return
        with self.lock:
            self.reached += 1

    def __enter__(self):
        if connection.vendor == "postgresql":
            pre_save.connect(self.hold, sender=self.model, weak=False)
        return self

    def __exit__(self, exc_type, *exc):
        pre_save.disconnect(self.hold, sender=self.model)
        if exc_type is None and connection.vendor == "postgresql":
            assert self.reached == self.parties, (
                f"only {self.reached} of {self.parties} requests reached their INSERT together"
            )


def at_once(*requests) -> list:
    """Run each request (a function of a fresh client) in its own thread; their responses."""
    responses: list = [None] * len(requests)
    start = threading.Barrier(len(requests))

    def run(index, request):
        try:
            if connection.vendor == "sqlite":
                # The test database is one shared-cache memory database, where a reader waits
                # for no writer and fails with "table is locked" instead. A file database in WAL
                # mode (what the app runs on) lets readers read during a write; this is closest.
                connection.cursor().execute("PRAGMA read_uncommitted = 1")
            start.wait()
            responses[index] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 160, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


class ConcurrentFirstSaveTests(TransactionTestCase):
    def setUp(self):
        self.person = make_person("race@example.org", "Race")

    def client_for_person(self) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(self.person)
        return client

    def post(self, path: str, data: dict):
        client = self.client_for_person()
        return lambda: client.post(path, data)

    def test_two_first_saves_of_the_younger_self_profile_both_succeed_and_keep_one_row(self):
        with RaceOnInsert(YoungerSelf):
            first, second = at_once(
                self.post("/journal/younger-self/", {"name": "Little Sam", "ages": "6"}),
                self.post("/journal/younger-self/", {"name": "Little Sam", "ages": "7"}),
            )
        self.assertEqual((first.status_code, second.status_code), (302, 302))
        profile = YoungerSelf.objects.get(owner=self.person)
        self.assertIn(profile.ages, {"6", "7"})

    def test_the_first_profile_text_and_photo_sent_together_are_both_kept(self):
        photo = io.BytesIO(small_jpeg())
        photo.name = "me.jpg"
        with RaceOnInsert(YoungerSelf):
            text, upload = at_once(
                self.post("/journal/younger-self/", {"name": "Little Sam", "needed": "a hug"}),
                self.post("/journal/younger-self/photo/", {"photo": photo}),
            )
        self.assertEqual((text.status_code, upload.status_code), (302, 302))
        profile = YoungerSelf.objects.get(owner=self.person)
        self.assertEqual(profile.needed, "a hug")
        self.assertTrue(profile.has_photo)

    def test_two_first_saves_of_the_safety_plan_both_succeed_and_keep_one_plan(self):
        with RaceOnInsert(SafetyPlan):
            first, second = at_once(
                self.post("/safety/plan/edit/", {"warning_signs": "Not sleeping"}),
                self.post("/safety/plan/edit/", {"warning_signs": "Not eating"}),
            )
        self.assertEqual((first.status_code, second.status_code), (302, 302))
        plan = SafetyPlan.objects.get(user=self.person)
        self.assertIn(plan.warning_signs, {"Not sleeping", "Not eating"})

    def test_starting_a_guided_session_twice_at_once_starts_one_session(self):
        form = {"start_key": "a1b2c3d4e5f60718293a4b5c6d7e8f90"}
        with RaceOnInsert(SessionRun):
            first, second = at_once(
                self.post("/guide/scripts/safe-place/start/", form),
                self.post("/guide/scripts/safe-place/start/", form),
            )
        self.assertEqual((first.status_code, second.status_code), (302, 302))
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(SessionRun.objects.filter(owner=self.person).count(), 1)

    def test_starting_the_same_session_again_later_from_a_fresh_page_starts_another(self):
        client = self.client_for_person()
        for key in ("first-visit-key", "second-visit-key"):
            client.post("/guide/scripts/safe-place/start/", {"start_key": key})
        self.assertEqual(SessionRun.objects.filter(owner=self.person).count(), 2)

    def test_the_script_page_gives_each_visit_its_own_start_key(self):
        client = self.client_for_person()
        keys = [
            re.search(rb'name="start_key" value="([0-9a-f]{32})"', page).group(1)
            for page in (client.get("/guide/scripts/safe-place/").content for _ in range(2))
        ]
        self.assertNotEqual(keys[0], keys[1])
