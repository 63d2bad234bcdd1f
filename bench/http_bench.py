"""Requests/s and latency of key pages, served by the real `innerchild serve`, against a bare
Django view on the same server in the same run.

    python bench/http_bench.py [--duration 10] [--connections 50] [--workers 2]

Needs `wrk` (Debian: apt-get install wrk). Uses a throwaway SQLite data directory unless
DATABASE_URL is set. Prints one table per server mode (WSGI via gunicorn, ASGI via uvicorn).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INNERCHILD = str(Path(sys.executable).with_name("innerchild"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict) -> str:
    """Migrate, add demo data, and return a logged-in session cookie for the demo member."""
    subprocess.run([INNERCHILD, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([INNERCHILD, "demo-data"], env=env, check=True, stdout=subprocess.DEVNULL)
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "assert c.login(username='demo@innerchild.local', password='demo-member-pass')\n"
        "print(c.cookies['sessionid'].value)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def parse_wrk(output: str) -> dict:
    def latency(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def run_wrk(url: str, cookie: str, duration: int, connections: int) -> dict:
    command = [
        "wrk",
        "--latency",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "-H",
        f"Cookie: sessionid={cookie}",
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse_wrk(output)


def bench_mode(mode: str, env: dict, cookie: str, args) -> list[tuple[str, dict]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [INNERCHILD, "serve", "--port", str(port), "--workers", str(args.workers)]
    if mode == "ASGI":
        command.append("--asgi")
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(f"{base}/_bench/bare/")
        pages = [
            ("bare Django view", "/_bench/bare/"),
            ("dashboard (logged in)", "/dashboard/"),
            ("journal list (logged in)", "/journal/"),
            ("session history (logged in)", "/guide/history/"),
        ]
        results = []
        for name, path in pages:
            run_wrk(base + path, cookie, 2, args.connections)  # warm up
            results.append((name, run_wrk(base + path, cookie, args.duration, args.connections)))
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", default="WSGI,ASGI")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    data_dir = tempfile.mkdtemp(prefix="innerchild-bench-")
    env = {
        **os.environ,
        "INNERCHILD_DATA_DIR": data_dir,
        "INNERCHILD_BENCH_ENDPOINTS": "1",
        "DJANGO_SETTINGS_MODULE": "innerchild.settings",
        "SECURE_COOKIES": "0",
    }
    cookie = prepare(env)
    print(f"database: {os.environ.get('DATABASE_URL') or 'SQLite (WAL) in ' + data_dir}")
    print(f"{args.connections} connections, {args.duration}s per page, {args.workers} workers\n")
    for mode in args.modes.split(","):
        results = bench_mode(mode, env, cookie, args)
        bare = results[0][1]["rps"]
        print(
            f"{mode}: {'page':<30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8} {'non-2xx':>8}"
        )
        for name, figures in results:
            print(
                f"{mode}: {name:<30} {figures['rps']:>8.0f} {figures['p50']:>8.1f} "
                f"{figures['p99']:>8.1f} {figures['rps'] / bare:>7.0%} {figures['errors']:>8}"
            )
        print()


if __name__ == "__main__":
    main()
