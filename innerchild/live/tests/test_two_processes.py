"""One room served by two ASGI processes over a Redis channel layer, and a restart of one of them.

Two uvicorn processes share a SQLite database and a Redis server that this test starts on a free
loopback port (stopped by its pid); the facilitator's socket goes to one process, the member's to
the other.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from websockets.sync.client import connect

from innerchild.live.tests.conftest import PYTHON, _env

START_TIMEOUT = 30
RECEIVE_TIMEOUT = 15  # a bound for a loaded machine, not a measured threshold


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for_port(port: int, process: subprocess.Popen, log: Path | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"nothing listening on {port}: {log.read_text()[-2000:] if log else ''}")


@pytest.fixture
def two_servers(migrated_database, tmp_path):
    redis_port = free_port()
    redis = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    processes = [redis]
    try:
        wait_for_port(redis_port, redis)
        database = tmp_path / "room.sqlite3"
        shutil.copy(migrated_database, database)
        env = _env(tmp_path, database)
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        seeded = subprocess.run(
            [PYTHON, "-m", "innerchild.live.tests.browser_seed", "1"],
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        seed = json.loads(seeded.stdout.strip().splitlines()[-1])

        def start(port: int) -> subprocess.Popen:
            log = tmp_path / f"uvicorn-{port}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [PYTHON, "-m", "uvicorn", "innerchild.asgi:application",
                     "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
            processes.append(process)
            wait_for_port(port, process, log)
            return process

        yield seed, start
    finally:
        for process in reversed(processes):
            stop(process)


class Tab:
    def __init__(self, stack: contextlib.ExitStack, port: int, seed: dict, session_key: str):
        self.room = seed["booking"]
        self.ws = stack.enter_context(
            connect(
                f"ws://127.0.0.1:{port}/ws/live/{self.room}/",
                additional_headers={
                    "Cookie": f"{seed['cookie']}={session_key}",
                    "Origin": f"http://127.0.0.1:{port}",
                },
                open_timeout=RECEIVE_TIMEOUT,
                # No client keepalive pings: on a loaded machine a pong later than 20 s would
                # close the socket, which is not what this test is about.
                ping_interval=None,
            )
        )

    def send(self, type_: str, **fields) -> None:
        self.ws.send(json.dumps({"type": type_, "room": self.room, **fields}))

    def wait_for(self, predicate) -> dict:
        for _ in range(100):
            message = json.loads(self.ws.recv(timeout=RECEIVE_TIMEOUT))
            if predicate(message):
                return message
        raise AssertionError("no such message")


def test_a_room_spans_two_processes_and_survives_a_restart_of_one(two_servers):
    with contextlib.ExitStack() as stack:
        walk_through(stack, *two_servers)


def walk_through(stack, seed, start):
    port_a, port_b = free_port(), free_port()
    start(port_a)
    server_b = start(port_b)
    fay = Tab(stack, port_a, seed, seed["facilitator"])
    fay.wait_for(lambda m: m["type"] == "state")
    alice = Tab(stack, port_b, seed, seed["members"][0])
    alice.wait_for(lambda m: m["type"] == "state")

    fay.send("admit", user=seed["member_ids"][0])
    alice.wait_for(lambda m: m["type"] == "state" and m["me"]["admitted"])
    alice.send("chat", text="Hello across processes")
    fay.wait_for(lambda m: m["type"] == "chat" and m["message"]["text"] == "Hello across processes")
    fay.send("script.pick", script="safe-place")
    fay.send("script.step", step=3)
    alice.wait_for(lambda m: m["type"] == "script" and m["script"]["step"] == 3)

    stop(server_b)
    start(port_b)
    alice = Tab(stack, port_b, seed, seed["members"][0])
    state = alice.wait_for(lambda m: m["type"] == "state")
    assert state["me"]["admitted"]
    assert state["script"]["step"] == 3
    assert [m["text"] for m in state["chat"]] == ["Hello across processes"]
    fay.send("script.step", step=4)
    alice.wait_for(lambda m: m["type"] == "script" and m["script"]["step"] == 4)
