"""Test support for live media: Janus and coturn started on loopback, stopped by their own pid.

Used by this app's tests and reusable by any test that needs a media server:

- `JanusServer(workdir)`: Debian's Janus with only the VideoRoom plugin and the HTTP transport,
  its config generated from /etc/janus, HTTP API on a free 127.0.0.1 port.
- `Coturn(workdir, secret)`: Debian's coturn on a free 127.0.0.1 port with `use-auth-secret`.
- `isolate_network()`: inside a process started with `run_in_private_network`, gives the fresh
  network namespace a loopback address Janus will use (see docs/live-media.md, "Testing").
  `isolate_network(enter)`, `JanusServer(..., enter=...)` and `Coturn(..., enter=...)` do the
  same for a namespace held open elsewhere, entered with e.g. `["nsenter", "-t", PID, "-n", "--"]`.
- `require(binary)`, `require_private_network()`: skip without them, fail instead on CI (the
  way browser tests treat Chromium).
- `JanusParticipant(url)`: joins rooms over the HTTP API without media, to check who may enter.

For media through Janus, run a script with `run_in_private_network` that calls
`isolate_network()` first and starts `JanusServer` itself: `tests/janus_group_peers.py` (aiortc
peers) and `tests/janus_browser_peers.py` (Chromium pages with janus_group.js) are examples.

Nothing here sends a packet anywhere but 127.0.0.0/8 or a namespace the test made itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

JANUS = os.environ.get("JANUS_PATH", "/usr/bin/janus")
TURNSERVER = os.environ.get("TURNSERVER_PATH", "/usr/bin/turnserver")
JANUS_CONFIG_SOURCE = Path(os.environ.get("JANUS_CONFIG_SOURCE", "/etc/janus"))


def services_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true"


def require(binary: str) -> None:
    """Skip the calling test without `binary`; on CI (or REQUIRE_BROWSER=1) fail instead."""
    import pytest

    if os.path.exists(binary) or shutil.which(binary):
        return
    message = f"{binary} is not installed (Debian: apt-get install janus coturn)"
    if services_required():
        pytest.fail(f"{message}; CI requires it")
    pytest.skip(f"{message}; set REQUIRE_BROWSER=1 to make this a failure")


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_port_range(size: int, attempts: int = 50) -> tuple[int, int]:
    """`size` consecutive UDP ports that are free right now on 127.0.0.1."""
    for _ in range(attempts):
        start = free_port(socket.SOCK_DGRAM)
        if start + size >= 65535:
            continue
        probes = []
        try:
            for port in range(start, start + size):
                probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                probes.append(probe)
                probe.bind(("127.0.0.1", port))
            return start, start + size - 1
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError(f"no range of {size} free UDP ports on 127.0.0.1")


def run_in_private_network(argv: list[str], *, timeout: float) -> subprocess.CompletedProcess:
    """Run `argv` in a new network namespace of its own (root only); nothing in it can leave."""
    return subprocess.run(
        ["unshare", "--net", "--", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def require_private_network() -> None:
    """Skip the calling test if this machine cannot make network namespaces; fail on CI."""
    import pytest

    try:
        made = run_in_private_network(["true"], timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        made = False
    if made:
        return
    message = "cannot make a private network namespace here (`unshare --net` needs root)"
    if services_required():
        pytest.fail(f"{message}; CI requires it")
    pytest.skip(message)


def isolate_network(enter: Sequence[str] = ()) -> None:
    """In a fresh network namespace: loopback up, and 127.0.0.1 on an ordinary (veth) interface.

    Janus never gathers ICE candidates on an interface flagged loopback; in a namespace of its
    own the veth carries 127.0.0.1, so Janus and the test peers meet there, and nothing leaves.
    Without `enter`, the namespace is this process's; with it (e.g. `["nsenter", "-t", PID,
    "-n", "--"]`), the namespace that command enters.
    """
    if _namespace_has_outside_routes(enter):
        raise RuntimeError("isolate_network() must run inside a private network namespace")
    for command in (
        ["ip", "link", "set", "lo", "up"],
        ["ip", "link", "add", "media0", "type", "veth", "peer", "name", "media1"],
        ["ip", "addr", "add", "127.0.0.1/32", "dev", "media0"],
        ["ip", "link", "set", "media0", "up"],
        ["ip", "link", "set", "media1", "up"],
    ):
        subprocess.run([*enter, *command], check=True, capture_output=True, timeout=10)


def _namespace_has_outside_routes(enter: Sequence[str] = ()) -> bool:
    routes = subprocess.run(
        [*enter, "ip", "-4", "route", "show"],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout
    # A namespace already isolated has only the route of its 127.0.0.1/32 veth.
    return any("media0" not in line for line in routes.strip().splitlines())


class _Process:
    """A server process stopped by its own pid, with its log kept for failure messages."""

    name = "server"
    # A line of the server's log that says it is serving (used when it runs in another namespace).
    ready_line = ""

    def __init__(self, workdir: Path, *, enter: Sequence[str] = ()) -> None:
        self.enter = list(enter)
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.output_path = self.workdir / f"{self.name}.out"
        self.log_path = self.output_path
        self.process: subprocess.Popen | None = None

    def _spawn(self, argv: list[str]) -> None:
        with open(self.output_path, "wb") as log:
            self.process = subprocess.Popen(
                # nsenter execs the server: the pid stays the server's own.
                [*self.enter, *argv],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # Anything a server might write (a recording, say) lands where tests can see it.
                cwd=self.workdir,
            )

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self):
        raise NotImplementedError

    def _logged_ready(self) -> bool:
        return self.ready_line in self.log_tail(100_000)

    def _wait_until(self, ready, timeout: float) -> None:
        if self.enter:
            # Probes from here cannot reach into another namespace; the log can be read.
            ready = self._logged_ready
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            if ready():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} not ready within {timeout} s:\n{self.log_tail()}")


class JanusServer(_Process):
    """Janus with the VideoRoom plugin and the HTTP API on 127.0.0.1 only."""

    name = "janus"
    ready_line = "HTTP webserver started"

    def __init__(
        self,
        workdir: Path,
        *,
        admin_key: str = "",
        api_secret: str = "",
        enter: Sequence[str] = (),
    ) -> None:
        super().__init__(workdir, enter=enter)
        self.admin_key = admin_key
        self.api_secret = api_secret
        self.port = 0
        self.config_dir = self.workdir / "janus-config"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/janus"

    def start(self) -> JanusServer:
        self.port = free_port()
        rtp_low, rtp_high = free_port_range(200)
        write_janus_config(
            self.config_dir,
            http_port=self.port,
            rtp_ports=(rtp_low, rtp_high),
            admin_key=self.admin_key,
            api_secret=self.api_secret,
        )
        self._spawn([JANUS, "-F", str(self.config_dir), "--disable-colors"])
        self._wait_until(self._answers, timeout=15)
        return self

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/info", timeout=1) as response:  # noqa: S310
                return json.load(response).get("janus") == "server_info"
        except (OSError, ValueError):
            return False


def write_janus_config(
    config_dir: Path,
    *,
    http_port: int,
    rtp_ports: tuple[int, int],
    admin_key: str = "",
    api_secret: str = "",
) -> None:
    """A Janus config dir from /etc/janus: VideoRoom and HTTP only, bound to 127.0.0.1."""
    config_dir.mkdir(parents=True, exist_ok=True)
    main = (JANUS_CONFIG_SOURCE / "janus.jcfg").read_text()
    plugins = _others(_folder(main, "plugins_folder"), keep="libjanus_videoroom.so")
    transports = _others(_folder(main, "transports_folder"), keep="libjanus_http.so")
    events = _others(_folder(main, "events_folder"), keep="")
    loggers = _others(_folder(main, "loggers_folder"), keep="")

    main = re.sub(r'(?m)^(\s*configs_folder\s*=\s*)"[^"]*"', rf'\1"{config_dir}"', main)
    main = re.sub(r"(?m)^\s*admin_secret\s*=.*$", "", main)
    main = re.sub(r"(?m)^\s*debug_level\s*=.*$", "\tdebug_level = 4", main)
    general = ['interface = "127.0.0.1"', "session_timeout = 60"]
    if api_secret:
        general.append(f'api_secret = "{api_secret}"')
    main = _add_to_section(main, "general", general)
    main = _add_to_section(main, "media", [f'rtp_port_range = "{rtp_ports[0]}-{rtp_ports[1]}"'])
    main = _add_to_section(main, "nat", ['ice_enforce_list = "127.0.0."'])
    main = _add_to_section(main, "plugins", [f'disable = "{plugins}"'])
    main = _add_to_section(main, "transports", [f'disable = "{transports}"'])
    main = _add_to_section(main, "loggers", [f'disable = "{loggers}"'])
    main = _add_to_section(main, "events", ["broadcast = false", f'disable = "{events}"'])
    (config_dir / "janus.jcfg").write_text(main)

    http = (JANUS_CONFIG_SOURCE / "janus.transport.http.jcfg").read_text()
    http = re.sub(r"(?m)^(\s*port\s*=\s*)\d+", rf"\g<1>{http_port}", http, count=1)
    http = re.sub(r"(?m)^(\s*https\s*=\s*)\w+", r"\1false", http)
    http = re.sub(r"(?m)^(\s*admin_http\s*=\s*)\w+", r"\1false", http)
    http = _add_to_section(http, "general", ['ip = "127.0.0.1"'])
    (config_dir / "janus.transport.http.jcfg").write_text(http)

    videoroom = ["lock_rtp_forward = true"]
    if admin_key:
        videoroom.append(f'admin_key = "{admin_key}"')
    # The demo rooms of the Debian file are left out: only rooms the app creates exist.
    (config_dir / "janus.plugin.videoroom.jcfg").write_text(
        "general: {\n\t" + "\n\t".join(videoroom) + "\n}\n"
    )


def _folder(config: str, key: str) -> Path:
    found = re.search(rf'(?m)^\s*{key}\s*=\s*"([^"]+)"', config)
    if not found:
        raise RuntimeError(f"{JANUS_CONFIG_SOURCE}/janus.jcfg has no {key}")
    return Path(found.group(1))


def _others(folder: Path, *, keep: str) -> str:
    names = sorted(p.name for p in folder.glob("*.so") if p.name != keep)
    return ",".join(names)


def _add_to_section(text: str, section: str, lines: list[str]) -> str:
    pattern = re.compile(rf"(?m)^{section}:\s*{{\s*$")
    if not pattern.search(text):
        return text + f"{section}: {{\n\t" + "\n\t".join(lines) + "\n}\n"
    return pattern.sub(lambda m: m.group(0) + "\n\t" + "\n\t".join(lines), text, count=1)


class Coturn(_Process):
    """coturn on 127.0.0.1 with TURN REST credentials (`use-auth-secret`), for tests only.

    `allow-loopback-peers` lets two test peers on this machine relay to each other; production
    must never set it (see docs/live-media.md).
    """

    name = "turnserver"
    ready_line = "UDP listener opened on"

    def __init__(
        self,
        workdir: Path,
        *,
        secret: str,
        realm: str = "innerchild.test",
        enter: Sequence[str] = (),
    ) -> None:
        super().__init__(workdir, enter=enter)
        # coturn buffers what it prints; its own log file is written as things happen.
        self.log_path = self.workdir / "turnserver.log"
        self.secret = secret
        self.realm = realm
        self.port = 0

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def start(self) -> Coturn:
        self.port = free_port(socket.SOCK_DGRAM)
        relay_low, relay_high = free_port_range(100)
        config = self.workdir / "turnserver.conf"
        config.write_text(
            "\n".join(
                [
                    f"listening-port={self.port}",
                    "listening-ip=127.0.0.1",
                    "relay-ip=127.0.0.1",
                    f"min-port={relay_low}",
                    f"max-port={relay_high}",
                    "use-auth-secret",
                    f"static-auth-secret={self.secret}",
                    f"realm={self.realm}",
                    "allow-loopback-peers",
                    "no-tcp",
                    "no-tls",
                    "no-dtls",
                    "no-cli",
                    "no-multicast-peers",
                    "fingerprint",
                    f"pidfile={self.workdir / 'turnserver.pid'}",
                    f"userdb={self.workdir / 'turndb.sqlite'}",
                    "simple-log",
                    f"log-file={self.log_path}",
                    "verbose",
                    "",
                ]
            )
        )
        self._spawn([TURNSERVER, "-c", str(config)])
        self._wait_until(self._listening, timeout=15)
        return self

    def _listening(self) -> bool:
        # A STUN binding request answered means coturn is serving.
        request = b"\x00\x01\x00\x00\x21\x12\xa4\x42" + os.urandom(12)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.settimeout(0.2)
            try:
                probe.sendto(request, ("127.0.0.1", self.port))
                reply, _ = probe.recvfrom(2048)
            except OSError:
                return False
        return reply[:2] == b"\x01\x01"

    def allocations_seen(self) -> int:
        """How many relay allocations coturn has logged so far."""
        return len(re.findall(r"(?i)\bALLOCATE\b.*\bsuccess", self.log_tail(100000)))


class JanusParticipant:
    """A participant's view of Janus's HTTP API, without media: join and read the answer."""

    def __init__(self, url: str, *, timeout: float = 5) -> None:
        import httpx

        self.url = url.rstrip("/")
        self.client = httpx.Client(timeout=timeout, trust_env=False)
        self.session = self._post(self.url, {"janus": "create"})["data"]["id"]
        self.handle = self._post(
            f"{self.url}/{self.session}", {"janus": "attach", "plugin": "janus.plugin.videoroom"}
        )["data"]["id"]

    def _post(self, url: str, message: dict) -> dict:
        message = {**message, "transaction": os.urandom(6).hex()}
        return self.client.post(url, json=message).raise_for_status().json()

    def send(self, body: dict) -> dict:
        """The plugin's answer to `body`: a synchronous reply, or the first event after an ack."""
        reply = self._post(
            f"{self.url}/{self.session}/{self.handle}", {"janus": "message", "body": body}
        )
        if reply.get("janus") != "ack":
            return reply["plugindata"]["data"]
        for _ in range(10):
            events = self.client.get(
                f"{self.url}/{self.session}", params={"maxev": 5, "rid": time.monotonic_ns()}
            ).json()
            for event in events if isinstance(events, list) else [events]:
                if event.get("janus") == "event" and event.get("sender") == self.handle:
                    return event["plugindata"]["data"]
        raise RuntimeError(f"no answer from Janus to {body}")

    def join(self, room_id: int, token: str, **extra) -> dict:
        return self.send(
            {"request": "join", "ptype": "publisher", "room": room_id, "token": token, **extra}
        )

    def close(self) -> None:
        try:
            self._post(f"{self.url}/{self.session}", {"janus": "destroy"})
        finally:
            self.client.close()
