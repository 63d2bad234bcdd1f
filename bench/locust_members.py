"""The Locust user for bench/load_mix.py: a member going about their day.

Each simulated member logs in once with their own account, then, with these weights: opens the
dashboard, the journal list and an entry, writes an entry, searches, takes a guided-session
step, and opens a questionnaire. Every answer other than the expected status is a failure.
"""

from __future__ import annotations

import itertools
import os
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "a-long-load-password")
MEMBERS = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ENTRY = re.compile(r'href="(/journal/entries/[0-9a-f-]+/)"')
STEP = re.compile(r"/guide/runs/[0-9a-f-]+/\d+/")
WORDS = ["walk", "mother", "safe", "tired", "garden", "school", "angry"]


class Member(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.number = next(MEMBERS) % int(os.environ.get("LOAD_MEMBERS", "20"))
        page = self.client.get("/accounts/login/", name="login page")
        self.client.post(
            "/accounts/login/",
            {
                "username": f"load{self.number}@example.org",
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.token(page.text),
            },
            name="login",
        )
        self.entries: list[str] = []

    def token(self, html: str) -> str:
        found = CSRF.search(html)
        return found.group(1) if found else self.client.cookies.get("csrftoken", "")

    @task(4)
    def dashboard(self):
        self.client.get("/dashboard/", name="dashboard")

    @task(3)
    def journal_list_and_entry(self):
        page = self.client.get("/journal/", name="journal list")
        self.entries = ENTRY.findall(page.text)[:20] or self.entries
        if self.entries:
            self.client.get(self.entries[self.number % len(self.entries)], name="journal entry")

    @task(2)
    def write(self):
        page = self.client.get("/journal/new/", name="journal new")
        self.client.post(
            "/journal/new/",
            {
                "csrfmiddlewaretoken": self.token(page.text),
                "kind": "entry",
                "title": "An evening",
                "body": "I went for a walk and felt calmer afterwards. " * 5,
                "pleasantness": "4",
                "energy": "3",
            },
            name="journal write",
        )

    @task(2)
    def search(self):
        page = self.client.get("/journal/", name="journal list")
        word = WORDS[self.number % len(WORDS)]
        self.client.post(
            "/journal/search/",
            {"csrfmiddlewaretoken": self.token(page.text), "q": word},
            name="journal search",
        )

    @task(1)
    def guided_step(self):
        page = self.client.get("/guide/scripts/safe-place/", name="guide script")
        started = self.client.post(
            "/guide/scripts/safe-place/start/",
            {"csrfmiddlewaretoken": self.token(page.text)},
            name="guide start",
            allow_redirects=False,
        )
        step = started.headers.get("Location", "")
        if STEP.search(step):
            self.client.get(step, name="guide step")

    @task(1)
    def questionnaire(self):
        self.client.get("/assessments/", name="assessments")
        self.client.get("/assessments/phq9/", name="questionnaire intro")
