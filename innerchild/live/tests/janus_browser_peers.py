"""Chromium pages join one Janus room with janus_group.js; run by test_janus_browser.py.

Usage (as root): unshare --net -- python janus_browser_peers.py --people N --seconds S
Inside the private network namespace: Janus, a small web server that serves the app's static
files under the app's Content-Security-Policy and passes /janus to Janus (as the production proxy
does), and Chromium with a fake camera and microphone. Prints one JSON object: per person, what
arrived from each other person, and any CSP violation or JavaScript error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from innerchild.live.testing import JanusServer, free_port, isolate_network

HERE = Path(__file__).parent
LIVE_STATIC = HERE.parent / "static"
TYPES = {".js": "text/javascript", ".html": "text/html; charset=utf-8"}


def csp_header() -> str:
    from django.conf import settings

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def make_handler(janus_url: str, configs: dict, csp: str):
    files = {
        "/group-test/": HERE / "group_page" / "group.html",
        "/group-test/group.js": HERE / "group_page" / "group.js",
        "/static/vendor/adapter.js": LIVE_STATIC / "vendor" / "adapter.js",
        "/static/vendor/janus.js": LIVE_STATIC / "vendor" / "janus.js",
        "/static/live/janus_group.js": LIVE_STATIC / "live" / "janus_group.js",
    }
    upstream = httpx.Client(timeout=70, trust_env=False)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", csp)
            self.end_headers()
            self.wfile.write(body)

        def proxy(self) -> None:
            target = janus_url + self.path[len("/janus") :]
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            try:
                response = upstream.request(
                    self.command, target, content=body, headers={"Content-Type": "application/json"}
                )
            except httpx.HTTPError:
                # Janus stopping under a long poll at the end of the run.
                self.reply(502, b"{}", "application/json")
                return
            self.reply(response.status_code, response.content, "application/json")

        def do_POST(self):
            self.proxy()

        def do_GET(self):
            if self.path.startswith("/janus"):
                self.proxy()
                return
            if self.path.startswith("/group-test/config/"):
                who = self.path.rsplit("/", 1)[-1]
                self.reply(200, json.dumps(configs[who]).encode(), "application/json")
                return
            path = files.get(self.path.split("?")[0])
            if path is None:
                self.reply(404, b"not found", "text/plain")
                return
            self.reply(200, path.read_bytes(), TYPES[path.suffix])

    return Handler


def run(people: list[str], seconds: float) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from innerchild.live import janus

    room = janus.ensure_room("browser-group-test", max_publishers=12, participants=people)
    configs = {
        person: {
            "server": "/janus",
            "iceServers": [],
            "roomId": room,
            "token": janus.token_for(room, person),
            "publisherId": janus.publisher_id_for(room, person),
            "display": person,
        }
        for person in people
    }
    from django.conf import settings

    port = free_port()
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), make_handler(settings.JANUS_URL, configs, csp_header())
    )
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    problems: dict[str, list[str]] = {person: [] for person in people}
    started = time.monotonic()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                ],
            )
            pages = {}
            for person in people:
                context = browser.new_context()
                page = context.new_page()
                page.set_default_timeout(15_000)
                page.on(
                    "console",
                    lambda msg, who=person: (
                        problems[who].append(msg.text)
                        if "Content Security Policy" in msg.text or "Refused to" in msg.text
                        else None
                    ),
                )
                page.on("pageerror", lambda exc, who=person: problems[who].append(str(exc)))
                page.goto(f"http://127.0.0.1:{port}/group-test/")
                page.wait_for_function("() => window.groupTest && window.InnerchildGroup")
                pages[person] = page
            for person, page in pages.items():
                page.evaluate("config => groupTest.join(config)", configs[person])
            joined_at = time.monotonic()
            deadline = started + seconds
            summaries = {}
            while time.monotonic() < deadline:
                summaries = {p: page.evaluate("groupTest.summary()") for p, page in pages.items()}
                if all(flowing(summaries[p], p, people) for p in people):
                    break
                time.sleep(0.25)
            flowing_at = time.monotonic()
            # Someone with a token for another room key is turned away, and nobody sees them.
            intruder = browser.new_context().new_page()
            intruder.goto(f"http://127.0.0.1:{port}/group-test/")
            intruder.wait_for_function("() => window.groupTest && window.InnerchildGroup")
            try:
                intruder.evaluate(
                    "config => groupTest.join(config)",
                    {
                        **configs[people[0]],
                        "token": janus.token_for(room, "intruder"),
                        "display": "intruder",
                    },
                )
                intruder_refused = False
            except PlaywrightError:
                intruder_refused = True
            intruder_states = intruder.evaluate("groupTest.summary().states")
            intruder.context.close()
            # The server removes one member: they are told, and the others see them go.
            removed = people[1]
            janus.disallow(room, [removed])
            removal_seen = False
            states = {}
            while time.monotonic() < deadline and not removal_seen:
                after = {p: page.evaluate("groupTest.summary()") for p, page in pages.items()}
                states = {p: summary["states"] for p, summary in after.items()}
                removal_seen = "removed" in states[removed] and all(
                    f"left:{removed}" in states[p]
                    and removed not in [figure["name"] for figure in after[p]["shown"]]
                    for p in people
                    if p != removed
                )
                time.sleep(0.25)
            for page in pages.values():
                page.evaluate("groupTest.leave()")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        janus.close_room(room)
    return {
        "room": room,
        "summaries": summaries,
        "problems": problems,
        "all_flowing": all(flowing(summaries.get(p, {}), p, people) for p in people),
        "removal_seen": removal_seen,
        "intruder_refused": intruder_refused,
        "intruder_states": intruder_states,
        "states_after_removal": states,
        "seconds_to_join": round(joined_at - started, 2),
        "seconds_to_all_flowing": round(flowing_at - started, 2),
    }


def flowing(summary: dict, person: str, people: list[str]) -> bool:
    received = summary.get("received", {})
    others = set(people) - {person}
    shown = {figure["name"]: figure for figure in summary.get("shown", [])}
    return (
        others <= set(received)
        and all(received[o]["audio"] >= 1 and received[o]["videoFrames"] >= 10 for o in others)
        and set(shown) == others
        and all(shown[o]["width"] > 0 and shown[o]["tracks"] == 2 for o in others)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=45)
    args = parser.parse_args()

    isolate_network()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    people = ["facilitator"] + [f"member-{n}" for n in range(1, args.people)]
    with tempfile.TemporaryDirectory() as workdir:
        with JanusServer(Path(workdir), admin_key="browser-test-admin-key") as janus_server:
            os.environ.update(
                DJANGO_SETTINGS_MODULE="innerchild.test_settings",
                INNERCHILD_DATA_DIR=workdir,
                JANUS_URL=janus_server.url,
                JANUS_ADMIN_KEY="browser-test-admin-key",
                JANUS_ROOM_SECRET="browser-test-room-secret",
            )
            import django

            django.setup()
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            result = run(people, args.seconds)
            if not result["all_flowing"]:
                result["janus_log_tail"] = janus_server.log_tail(40)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
