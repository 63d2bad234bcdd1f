"""Serving a room for browser tests: uvicorn and Chromium in a network namespace of their own.

WebRTC in Chromium gathers candidates on every interface; inside a namespace this test run made,
with only loopback in it, nothing a test sends can reach anything but 127.0.0.1 there. uvicorn
serves the real ASGI application (HTTP and WebSockets) against a file SQLite database that is
migrated once per test run and copied for each test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from innerchild.live import testing

PYTHON = sys.executable
MEDIA_ARGS = [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    # The namespace has only loopback: let WebRTC use it.
    "--allow-loopback-in-peer-connection",
]
START_TIMEOUT = 30
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _env(workdir: Path, database: Path) -> dict:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "innerchild.test_settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "INNERCHILD_DATA_DIR": str(workdir / "data"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("live-db")
    database = workdir / "template.sqlite3"
    subprocess.run(
        [PYTHON, "-m", "django", "migrate", "-v0"],
        env=_env(workdir, database),
        check=True,
        timeout=300,
    )
    return database


@pytest.fixture(scope="module")
def private_network(browser):
    """A network namespace held open by a sleeping process, with loopback up; removed at the end."""
    testing.require_private_network()
    holder = subprocess.Popen(["unshare", "--net", "--", "sleep", "3600"])
    try:
        for _ in range(50):
            if Path(f"/proc/{holder.pid}/ns/net").exists() and os.readlink(
                f"/proc/{holder.pid}/ns/net"
            ) != os.readlink("/proc/self/ns/net"):
                break
            time.sleep(0.05)
        subprocess.run(
            ["nsenter", "-t", str(holder.pid), "-n", "ip", "link", "set", "lo", "up"],
            check=True,
            timeout=10,
        )
        yield holder.pid
    finally:
        holder.send_signal(signal.SIGTERM)
        holder.wait(timeout=10)


@pytest.fixture(scope="module")
def media_browser(browser, private_network, tmp_path_factory):
    """Chromium with fake camera and microphone, inside the private network."""
    wrapper = tmp_path_factory.mktemp("chromium") / "chromium"
    wrapper.write_text(
        f'#!/bin/sh\nexec nsenter -t {private_network} -n -- {CHROMIUM} "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    launched = browser.browser_type.launch(
        executable_path=str(wrapper), headless=True, args=CHROMIUM_ARGS + MEDIA_ARGS
    )
    yield launched
    launched.close()


class ServedRoom:
    def __init__(
        self, workdir: Path, template: Path, namespace_pid: int, members: int, mode: str = "online"
    ):
        self.workdir = workdir
        self.database = workdir / "room.sqlite3"
        shutil.copy(template, self.database)
        self.env = _env(workdir, self.database)
        self.namespace_pid = namespace_pid
        seeded = subprocess.run(
            [PYTHON, "-m", "innerchild.live.tests.browser_seed", str(members), mode],
            env=self.env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        self.seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        self.port = 8765
        self.url = f"http://127.0.0.1:{self.port}"
        self.room_path = f"/live/{self.seed['booking']}/"
        self.log = workdir / "uvicorn.log"
        self.process = None

    def start(self) -> ServedRoom:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    "nsenter", "-t", str(self.namespace_pid), "-n", "--",
                    PYTHON, "-m", "uvicorn", "innerchild.asgi:application",
                    "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "info",
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while b"Application startup complete" not in self.log.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"uvicorn did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def context(self, browser, session_key: str):
        """A browser context logged in with `session_key`, failing the test on page problems."""
        context = browser.new_context(base_url=self.url, locale="en-US")
        context.add_cookies([{"name": self.seed["cookie"], "value": session_key, "url": self.url}])
        context.problems = {"csp": [], "errors": [], "external": []}

        def watch(page):
            page.set_default_timeout(15_000)
            page.on(
                "console",
                lambda msg: (
                    context.problems["csp"].append(msg.text)
                    if "Content Security Policy" in msg.text or "Refused to" in msg.text
                    else None
                ),
            )
            page.on("pageerror", lambda exc: context.problems["errors"].append(str(exc)))
            page.on(
                "request",
                lambda req: (
                    context.problems["external"].append(req.url)
                    if not req.url.startswith(
                        (self.url, "ws://127.0.0.1", "data:", "blob:", "about:")
                    )
                    else None
                ),
            )

        context.on("page", watch)
        return context


@pytest.fixture
def served_room(migrated_database, private_network, tmp_path):
    """served_room(members=1, mode="online") -> a started ServedRoom; stopped after the test."""
    rooms = []

    def serve(members: int = 1, mode: str = "online") -> ServedRoom:
        room = ServedRoom(tmp_path, migrated_database, private_network, members, mode).start()
        rooms.append(room)
        return room

    yield serve
    for room in rooms:
        room.stop()


def assert_no_page_problems(context) -> None:
    problems = context.problems
    assert not problems["csp"], f"CSP violations: {problems['csp']}"
    assert not problems["errors"], f"JavaScript errors: {problems['errors']}"
    assert not problems["external"], f"third-party requests: {problems['external']}"
