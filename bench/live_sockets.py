"""Live session rooms under load: real WebSockets against `innerchild serve --asgi` (one process).

    python bench/live_sockets.py [--rooms 100] [--messages 20] [--layer memory|redis|both]

Builds a throwaway SQLite database (WAL) with `--rooms` facilitators, members, links and bookings
that are open now, and a logged-in session for each person. For each channel layer it starts one
uvicorn process through `innerchild serve --asgi --workers 1` on a free 127.0.0.1 port, opens two
sockets per room (facilitator and member), admits every member, and then, in every room at once:

- chat round trip: the member sends a message and waits for it to come back through the server
  and the channel layer (saved encrypted, screened, broadcast); `--messages` per room;
- script step delivery: the facilitator moves the script one step and the time until the member's
  socket shows that step is measured; `--messages` steps per room.

Each room paces its messages with a random pause (mean `--pause` seconds) so that all rooms are
active together. Prints p50/p95/p99/max, errors and timeouts (no answer within --timeout), and
the server's resident memory before and after the sockets opened, per socket. Redis: REDIS_URL
(default redis://127.0.0.1:6379/15). Targets (issue 10): chat p99 <= 50 ms, step p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAT_TARGET_MS = 50.0
STEP_TARGET_MS = 100.0
SCRIPT = "safe-place"


def setup_django(folder: Path) -> dict:
    from cryptography.fernet import Fernet

    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "INNERCHILD_DATA_DIR": str(folder),
        "STATIC_ROOT": str(folder / "static"),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "innerchild.settings",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return env


def seed(rooms: int) -> list[dict]:
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from innerchild.accounts.models import Role, User
    from innerchild.care import api as care
    from innerchild.care.models import CareLink
    from innerchild.core.testing import add_authenticator, verified_session

    now = timezone.now()
    password = make_password("bench-live-password")  # hashed once: seeding stays fast

    def person(email, name, **extra):
        return User.objects.create(
            email=email,
            password=password,
            display_name=name,
            birth_year=now.year - 35,
            country="GB",
            onboarded_at=now,
            terms_accepted_at=now,
            **extra,
        )

    def session_for(user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # Facilitators enter a room only after the second step of signing in (docs/security.md).
        session.update(verified_session(user))
        session.create()
        return session.session_key

    starts_at = now.replace(microsecond=0) + timedelta(minutes=1)
    result = []
    for n in range(rooms):
        facilitator = person(
            f"fac{n}@bench.local", f"Facilitator {n}", role=Role.FACILITATOR,
            facilitator_verified=True,
        )  # fmt: skip
        add_authenticator(facilitator)
        member = person(f"member{n}@bench.local", f"Member {n}")
        CareLink.objects.create(facilitator=facilitator, member=member, started_at=now)
        booking = care.create_booking(
            facilitator=facilitator,
            members=[member],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=50),
        )
        result.append(
            {
                "booking": str(booking),
                "member_id": member.pk,
                "facilitator": session_for(facilitator),
                "member": session_for(member),
            }
        )
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Server:
    def __init__(self, env: dict, redis_url: str | None):
        self.port = free_port()
        self.env = {**os.environ, **env}
        self.env.pop("REDIS_URL", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.process = None

    def __enter__(self) -> Server:
        command = [
            str(Path(sys.executable).parent / "innerchild"), "serve", "--asgi", "--workers", "1",
            "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("innerchild serve --asgi stopped at startup")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("innerchild serve --asgi did not start within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class Stats:
    def __init__(self):
        self.chat: list[float] = []
        self.step: list[float] = []
        self.errors = 0
        self.timeouts = 0
        self.failed_rooms = 0
        self.error_kinds: dict[str, int] = {}


async def open_socket(port: int, booking: str, session_key: str):
    from websockets.asyncio.client import connect

    return await connect(
        f"ws://127.0.0.1:{port}/ws/live/{booking}/",
        additional_headers={
            "Cookie": f"sessionid={session_key}",
            "Origin": f"http://127.0.0.1:{port}",
        },
        max_size=2**20,
        open_timeout=30,
    )


async def wait_for(ws, predicate, timeout: float) -> dict:
    """The first message matching `predicate`, within `timeout` seconds (bounded by time)."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        message = json.loads(await asyncio.wait_for(ws.recv(), left))
        if predicate(message):
            return message


async def run_room(port, room, args, stats: Stats, ready: asyncio.Event, opened: list, gate=None):
    booking = room["booking"]
    try:
        async with gate or contextlib.nullcontext():
            fac, mem = await open_room(port, room, args)
    except Exception:
        stats.failed_rooms += 1
        return
    opened.append((fac, mem))
    await ready.wait()
    await exercise_room(booking, fac, mem, args, stats)


async def open_room(port, room, args):
    booking = room["booking"]
    fac = await open_socket(port, booking, room["facilitator"])
    await wait_for(fac, lambda m: m["type"] == "state", args.timeout)
    mem = await open_socket(port, booking, room["member"])
    await wait_for(mem, lambda m: m["type"] == "state", args.timeout)
    await fac.send(json.dumps({"type": "admit", "room": booking, "user": room["member_id"]}))
    await wait_for(mem, lambda m: m["type"] == "state" and m["me"]["admitted"], args.timeout)
    await fac.send(json.dumps({"type": "script.pick", "room": booking, "script": SCRIPT}))
    await wait_for(mem, lambda m: m["type"] == "script", args.timeout)
    return fac, mem


async def drain(ws) -> None:
    """Read and drop what the facilitator's socket receives, as a browser would."""
    with contextlib.suppress(Exception):
        async for _message in ws:
            pass


async def exercise_room(booking, fac, mem, args, stats: Stats):
    reader = asyncio.ensure_future(drain(fac))
    try:
        await exercise(booking, fac, mem, args, stats)
    finally:
        reader.cancel()


async def exercise(booking, fac, mem, args, stats: Stats):
    rng = random.Random(booking)
    for n in range(args.messages):
        await asyncio.sleep(rng.expovariate(1 / args.pause))
        text = f"bench {booking[:8]} {n}"
        started = time.perf_counter()
        try:
            await mem.send(json.dumps({"type": "chat", "room": booking, "text": text}))
            await wait_for(
                mem,
                lambda m, text=text: m["type"] == "chat" and m["message"]["text"] == text,
                args.timeout,
            )
            stats.chat.append((time.perf_counter() - started) * 1000)
        except TimeoutError:
            stats.timeouts += 1
        except Exception as error:
            stats.errors += 1
            stats.error_kinds[type(error).__name__] = (
                stats.error_kinds.get(type(error).__name__, 0) + 1
            )
        await asyncio.sleep(rng.expovariate(1 / args.pause))
        step = (n + 1) % 9
        started = time.perf_counter()
        try:
            await fac.send(json.dumps({"type": "script.step", "room": booking, "step": step}))
            await wait_for(
                mem,
                lambda m, step=step: m["type"] == "script" and m["script"]["step"] == step,
                args.timeout,
            )
            stats.step.append((time.perf_counter() - started) * 1000)
        except TimeoutError:
            stats.timeouts += 1
        except Exception as error:
            stats.errors += 1
            stats.error_kinds[type(error).__name__] = (
                stats.error_kinds.get(type(error).__name__, 0) + 1
            )


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def line(name: str, values: list[float], target: float) -> str:
    if not values:  # every socket failed to open or nothing came back: say so, not a traceback
        return f"  {name:<22} n=0     no answers at all (target p99 <= {target:.0f} ms: NOT met)"
    p99 = percentile(values, 99)
    verdict = "met" if p99 <= target else "NOT met"
    return (
        f"  {name:<22} n={len(values):<5} p50 {statistics.median(values):6.1f} ms  "
        f"p95 {percentile(values, 95):6.1f}  p99 {p99:6.1f}  max {max(values):6.1f}  "
        f"(target p99 <= {target:.0f} ms: {verdict})"
    )


async def warm_up(port: int, room: dict, args) -> None:
    """One room through every path first, so that lazy imports do not count as socket memory."""
    ready = asyncio.Event()
    ready.set()
    opened: list = []
    warm = argparse.Namespace(**{**vars(args), "messages": 2, "pause": 0.01})
    await run_room(port, room, warm, Stats(), ready, opened)
    for fac, mem in opened:
        await fac.close()
        await mem.close()


async def measure(port: int, pid: int, rooms: list[dict], args) -> None:
    stats = Stats()
    ready = asyncio.Event()
    opened: list = []
    await warm_up(port, rooms[0], args)
    await asyncio.sleep(1)
    before = rss_kib(pid)
    # Rooms open ten at a time (as people arrive), each step within --timeout.
    gate = asyncio.Semaphore(10)
    tasks = [
        asyncio.ensure_future(run_room(port, room, args, stats, ready, opened, gate))
        for room in rooms
    ]
    deadline = time.monotonic() + 300
    while len(opened) + stats.failed_rooms < len(rooms) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)
    after = rss_kib(pid)
    sockets = 2 * len(opened)
    cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
    ready.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    cpu = cpu_seconds(pid) - cpu_before
    wall = time.monotonic() - wall_before
    for fac, mem in opened:
        await fac.close()
        await mem.close()
    print(f"  sockets open           {sockets} in {len(opened)} rooms, {stats.failed_rooms} failed")
    print(
        f"  server memory          {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB with the "
        f"sockets: {(after - before) / max(sockets, 1):.1f} KiB per socket"
    )
    print(line("chat round trip", stats.chat, CHAT_TARGET_MS))
    print(line("script step delivery", stats.step, STEP_TARGET_MS))
    done = len(stats.chat) + len(stats.step)
    print(
        f"  server CPU             {cpu:.1f} s in {wall:.1f} s ({100 * cpu / wall:.0f}% of a core), "
        f"{1000 * cpu / max(done, 1):.2f} ms per message ({done / wall:.0f} messages/s)"
    )
    print(f"  errors {stats.errors} {stats.error_kinds or ''}, timeouts {stats.timeouts}")
    print(f"  load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--pause", type=float, default=1.0, help="mean pause between messages")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--layer", choices=["memory", "redis", "both"], default="both")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="innerchild-live-bench-") as folder:
        env = setup_django(Path(folder))
        started = time.perf_counter()
        rooms = seed(args.rooms)
        print(f"seeded {args.rooms} rooms in {time.perf_counter() - started:.1f} s")
        layers = ["memory", "redis"] if args.layer == "both" else [args.layer]
        for layer in layers:
            redis_url = args.redis_url if layer == "redis" else None
            with Server(env, redis_url) as server:
                print(f"{layer} channel layer, one ASGI process (uvicorn), port {server.port}")
                asyncio.run(measure(server.port, server.process.pid, rooms, args))


if __name__ == "__main__":
    main()
