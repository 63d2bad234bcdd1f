"""A realistic mix of members against the real `innerchild serve`, with Locust: throughput,
p50/p99 per route, errors, and worker memory over a soak.

    .venv/bin/pip install -e '.[bench]'
    DATABASE_URL=postgres://... REDIS_URL=redis://... \\
        .venv/bin/python bench/load_mix.py [--users 40] [--minutes 10] [--workers 2]

Without DATABASE_URL it runs on a throwaway SQLite data directory. It migrates, adds the demo
data and `--members` members with a few weeks of journal history each, starts `innerchild serve`
(gunicorn) and runs bench/locust_members.py headless. The workers' resident memory is sampled
every 10 s; growth compares the last minute with the second minute (after warm-up).
Figures and the machine go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
INNERCHILD = str(Path(sys.executable).with_name("innerchild"))
LOCUST = str(Path(sys.executable).with_name("locust"))
PASSWORD = "a-long-load-password"

SETUP = """
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from innerchild.accounts.models import User
from innerchild.journal.actions import EntryData, do_create_entry
for number in range(%(members)d):
    email = f"load{number}@example.org"
    if User.objects.filter(email=email).exists():
        continue
    now = timezone.now()
    person = User.objects.create_user(
        email, "%(password)s", display_name=f"Load {number}", birth_year=now.year - 30,
        onboarded_at=now, terms_accepted_at=now, path="self_guided",
    )
    for day in range(%(history)d):
        do_create_entry(person, EntryData(
            title=f"Day {day}", body="A walk in the garden after school; my mother called.",
            created_at=now - timedelta(days=day),
        ))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def worker_rss(server: psutil.Process) -> int:
    return sum(child.memory_info().rss for child in server.children(recursive=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--history", type=int, default=60)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="innerchild-load-")
    env = dict(os.environ, INNERCHILD_DATA_DIR=data_dir, LOAD_MEMBERS=str(args.members))
    env.setdefault("ENCRYPTION_KEYS", "bG9hZC10ZXN0LWtleS1sb2FkLXRlc3Qta2V5LWxvYWQ=")
    subprocess.run([INNERCHILD, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([INNERCHILD, "demo-data"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([INNERCHILD, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    script = SETUP % {"members": args.members, "history": args.history, "password": PASSWORD}
    subprocess.run(
        [sys.executable, "-c", script],
        env=dict(env, DJANGO_SETTINGS_MODULE="innerchild.settings"),
        check=True,
        cwd=ROOT,
    )

    port = free_port()
    server = subprocess.Popen(
        [INNERCHILD, "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    samples: list[tuple[float, int]] = []
    stop = threading.Event()
    try:
        wait_until_up(port)
        process = psutil.Process(server.pid)

        def sample() -> None:
            start = time.monotonic()
            while not stop.wait(10):
                samples.append((time.monotonic() - start, worker_rss(process)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        prefix = Path(data_dir) / "locust"
        subprocess.run(
            [
                LOCUST,
                "-f",
                str(ROOT / "bench" / "locust_members.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 10)),
                "-t",
                f"{int(args.minutes * 60)}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            env=dict(env, LOAD_PASSWORD=PASSWORD),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stop.set()
        report(Path(f"{prefix}_stats.csv"), samples, args)
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def report(stats: Path, samples: list[tuple[float, int]], args) -> None:
    with stats.open() as handle:
        rows = list(csv.DictReader(handle))
    print(f"{args.users} users, {args.minutes:g} min, {args.workers} workers")
    print(f"{'route':<22} {'requests':>9} {'fails':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for row in rows:
        print(
            f"{row['Name']:<22} {row['Request Count']:>9} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['99%']:>7}"
        )
    warm = [rss for t, rss in samples if 60 <= t < 120]
    last = [rss for t, rss in samples if t >= samples[-1][0] - 60] if samples else []
    if warm and last:
        growth = statistics.mean(last) / statistics.mean(warm) - 1
        print(
            f"worker memory: {statistics.mean(warm) / 2**20:.0f} MiB after warm-up, "
            f"{statistics.mean(last) / 2**20:.0f} MiB in the last minute ({growth:+.1%})"
        )


if __name__ == "__main__":
    main()
