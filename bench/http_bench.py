"""Requests/s and latency of key pages, served by the real `innerchild serve`, against a bare
Django view on the same server in the same run.

    python bench/http_bench.py [--duration 10] [--connections 50] [--workers 2] [--items 1000]
                               [--modes WSGI,ASGI]

Needs `wrk` (Debian: apt-get install wrk). Uses a throwaway SQLite data directory unless
DATABASE_URL is set. The demo member gets `--items` journal entries and guided sessions (and a
tenth as many questionnaires) on top of the demo data, so pages are measured for a long history.

Honest counting:
- wrk's timeout is raised to 30 s, so slow requests are measured instead of vanishing from the
  percentiles; timeouts and other socket errors are counted and shown.
- Only 2xx answers count as served: a redirect (to the login page, say) or an error is counted
  apart and the row is marked, and req/s counts 2xx answers only.
- Before timing, each page is fetched once with the same cookie and checked: status 200, no
  redirect, and a piece of text that only that page has.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INNERCHILD = str(Path(sys.executable).with_name("innerchild"))
WRK_TIMEOUT = "30s"

# Counts answers by status class in each wrk thread, then adds them up and prints one line.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  ok, redirects, client_errors, server_errors = 0, 0, 0, 0
  %(request)s
end
function response(status, headers, body)
  if status < 300 then ok = ok + 1
  elseif status < 400 then redirects = redirects + 1
  elseif status < 500 then client_errors = client_errors + 1
  else server_errors = server_errors + 1 end
end
function done(summary, latency, requests)
  local t = {ok = 0, redirects = 0, client_errors = 0, server_errors = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(t) do t[name] = t[name] + thread:get(name) end
  end
  io.write(string.format(
    "BENCH ok=%%d redirects=%%d client_errors=%%d server_errors=%%d timeouts=%%d "
    .. "socket_errors=%%d duration_us=%%d p50_us=%%d p90_us=%%d p99_us=%%d max_us=%%d\\n",
    t.ok, t.redirects, t.client_errors, t.server_errors, summary.errors.timeout,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""

SETUP = r"""
import json, os, sys
sys.path.insert(0, os.path.join(%(root)r, "bench"))
import django
django.setup()
from django.test import Client
from django.urls import reverse
from innerchild.accounts.models import User
from innerchild.journal.models import Entry
from member_history import give_history

member = User.objects.get(email="demo@innerchild.local")
if %(items)d and Entry.objects.filter(owner=member).count() < %(items)d:
    give_history(member, %(items)d)
c = Client(HTTP_HOST="127.0.0.1")
assert c.login(username="demo@innerchild.local", password="demo-member-pass")
entry = Entry.objects.filter(owner=member).order_by("-created_at").first()
word = "walk"
found = c.post(reverse("journal:search"), {"q": word})
assert found.status_code == 302, found.status_code
c.get("/journal/")  # sets the CSRF cookie for the JSON API
print(json.dumps({
    "session": c.cookies["sessionid"].value,
    "csrf": c.cookies["csrftoken"].value,
    "entry": entry.get_absolute_url(),
    "search": found["Location"],
    "word": word,
    "entries": Entry.objects.filter(owner=member).count(),
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict, items: int) -> dict:
    """Migrate, add demo data and the member's long history; log in; return cookies and ids."""
    subprocess.run([INNERCHILD, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([INNERCHILD, "demo-data"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([INNERCHILD, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    script = SETUP % {"root": str(ROOT), "items": items}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"preparing the data failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


class Page:
    def __init__(self, name, path, marker, *, method="GET", body=None, anonymous=False):
        self.name, self.path, self.marker = name, path, marker
        self.method, self.body, self.anonymous = method, body, anonymous

    def headers(self, state: dict) -> dict:
        if self.anonymous:
            return {}
        headers = {"Cookie": f"sessionid={state['session']}; csrftoken={state['csrf']}"}
        if self.method == "POST":
            headers |= {"Content-Type": "application/json", "X-CSRFToken": state["csrf"]}
        return headers


def pages(state: dict) -> list[Page]:
    search = json.dumps({"q": state["word"]})
    return [
        Page("bare Django view (anonymous)", "/_bench/bare/", "ok", anonymous=True),
        Page("bare Django view (logged in)", "/_bench/bare/", "ok"),
        Page("dashboard", "/dashboard/", 'class="panel"'),
        Page("journal entry", state["entry"], 'href="/journal/entries/'),
        Page("journal list", "/journal/", 'id="entries-heading"'),
        Page("journal search results", state["search"], 'class="entry-item"'),
        Page("journal API list", "/api/v1/journal/entries/", '"entries"'),
        Page(
            "journal API search",
            "/api/v1/journal/search/",
            '"entries": [{',
            method="POST",
            body=search,
        ),
        Page("safety plan", "/safety/plan/", "/safety/plan/edit/"),
        Page("assessment history", "/assessments/phq9/history/", 'id="history-data"'),
        Page("guided-session history", "/guide/history/", 'id="guide-chart-data"'),
    ]


def check(port: int, page: Page, state: dict) -> None:
    """Fetch the page once, without following redirects, and make sure it is the page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(page.method, page.path, body=page.body, headers=page.headers(state))
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    if response.status != 200 or page.marker not in body:
        raise SystemExit(
            f"{page.name} ({page.method} {page.path}) is not the page it claims: status "
            f"{response.status}, {page.marker!r} {'found' if page.marker in body else 'missing'}"
        )
    if page.name == "journal search results" and state["word"] not in body.lower():
        raise SystemExit("the search results page does not show the word searched for")


def run_wrk(base: str, page: Page, state: dict, duration: int, connections: int, folder: Path):
    request = ""
    if page.method == "POST":
        request = f"wrk.method = 'POST'\n  wrk.body = {json.dumps(page.body)}"
    script = folder / "count.lua"
    script.write_text(WRK_SCRIPT % {"request": request})
    command = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{duration}s"]
    command += ["--timeout", WRK_TIMEOUT, "-s", str(script)]
    for name, value in page.headers(state).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, base + page.path], check=True, capture_output=True, text=True
    ).stdout
    line = re.search(r"^BENCH (.*)$", output, re.M).group(1)
    figures = {key: int(value) for key, value in (item.split("=") for item in line.split())}
    seconds = figures["duration_us"] / 1e6
    figures["rps"] = figures["ok"] / seconds
    figures["failed"] = (
        figures["redirects"]
        + figures["client_errors"]
        + figures["server_errors"]
        + figures["timeouts"]
        + figures["socket_errors"]
    )
    return figures


def combine(slices: list[dict]) -> dict:
    """Several wrk runs of one page as one: counts added, req/s over the whole time, the median
    p50 and the worst p90, p99 and max."""
    total = {key: sum(f[key] for f in slices) for key in slices[0] if key.endswith(("s", "ok"))}
    total |= {key: sum(f[key] for f in slices) for key in ("failed", "duration_us")}
    total["rps"] = total["ok"] / (total["duration_us"] / 1e6)
    total["p50_us"] = sorted(f["p50_us"] for f in slices)[len(slices) // 2]
    for key in ("p90_us", "p99_us", "max_us"):
        total[key] = max(f[key] for f in slices)
    return total


def bench_mode(mode: str, env: dict, state: dict, args, folder: Path) -> list[tuple[str, dict]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [INNERCHILD, "serve", "--port", str(port), "--workers", str(args.workers)]
    if mode == "ASGI":
        command.append("--asgi")
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(port)
        results = []
        listed = pages(state)
        bare = next(page for page in listed if page.name == "bare Django view (logged in)")
        for page in listed:
            check(port, page, state)
            run_wrk(base, page, state, 2, args.connections, folder)  # warm up
            # The page and the logged-in bare view take turns in short slices, so both see the
            # same load from other work on the machine; the ratio compares their sums.
            slices, bares = [], []
            for _ in range(args.slices):
                slices.append(run_wrk(base, page, state, args.duration, args.connections, folder))
                bares.append(run_wrk(base, bare, state, args.duration, args.connections, folder))
            figures = combine(slices)
            figures["bare_rps"] = combine(bares)["rps"]
            results.append((page.name, figures))
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/_bench/bare/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server on port {port} did not start")


def print_table(mode: str, results: list[tuple[str, dict]], load: tuple) -> None:
    print(f"{mode}, load average {load[0]:.1f} / {load[1]:.1f} (1 / 5 min) at the start")
    print(
        "| page | req/s (2xx) | p50 ms | p90 ms | p99 ms | max ms | logged-in bare right after, "
        "req/s | vs logged-in bare | failed |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for name, f in results:
        failed = f"{f['failed']} ({f['redirects']} 3xx, {f['client_errors']} 4xx, " + (
            f"{f['server_errors']} 5xx, {f['timeouts']} timeouts)" if f["failed"] else ""
        )
        print(
            f"| {name} | {f['rps']:,.0f} | {f['p50_us'] / 1000:.1f} | {f['p90_us'] / 1000:.1f} | "
            f"{f['p99_us'] / 1000:.1f} | {f['max_us'] / 1000:.0f} | {f['bare_rps']:,.0f} | "
            f"{f['rps'] / f['bare_rps']:.0%} | "
            f"{failed if f['failed'] else 0} |"
            + (" no request completed: run longer |" if not f["ok"] else "")
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per slice")
    parser.add_argument("--slices", type=int, default=3, help="page / bare view turns per page")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--items", type=int, default=1000, help="entries and sessions to add")
    parser.add_argument("--modes", default="WSGI")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="innerchild-bench-"))
    env = {
        **os.environ,
        "INNERCHILD_DATA_DIR": str(folder),
        "INNERCHILD_BENCH_ENDPOINTS": "1",
        "DJANGO_SETTINGS_MODULE": "innerchild.settings",
        "SECURE_COOKIES": "0",
    }
    state = prepare(env, args.items)
    print(f"database: {os.environ.get('DATABASE_URL') or 'SQLite (WAL) in ' + str(folder)}")
    print(
        f"{args.connections} connections, {args.slices} x {args.duration} s per page and as much "
        f"for the bare view in turns, {args.workers} workers, "
        f"wrk timeout {WRK_TIMEOUT}, demo member with {state['entries']:,} journal entries\n"
    )
    for mode in args.modes.split(","):
        load = os.getloadavg()
        print_table(mode, bench_mode(mode, env, state, args, folder), load)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
