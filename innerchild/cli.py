"""The `innerchild` command: Django management plus `serve`.

`innerchild demo-data` and `innerchild demo_data` are the same command: dashes are accepted for
every command name.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from django.core.exceptions import ImproperlyConfigured


def _fail(message: str) -> None:
    print(f"innerchild: {message}", file=sys.stderr)
    raise SystemExit(2)


def preflight() -> None:
    """Stop with one clear line if the database or Redis cannot be reached."""
    import django
    from django.conf import settings
    from django.db import OperationalError, connection

    django.setup()
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        _fail(f"cannot reach the database ({first_line}); check DATABASE_URL.")
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            _fail(f"cannot reach Redis at REDIS_URL ({exc}); start Redis or unset REDIS_URL.")


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="innerchild serve", description="Run the web server.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "2")),
        help="worker processes (default: WEB_CONCURRENCY or 2)",
    )
    parser.add_argument(
        "--asgi",
        action="store_true",
        help="serve through uvicorn (ASGI, needed for WebSockets) instead of gunicorn (WSGI)",
    )
    parser.add_argument("--no-collectstatic", action="store_true")
    options = parser.parse_args(argv)
    preflight()
    from django.core.management import call_command

    if not options.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)
    bind = f"{options.host}:{options.port}"
    if options.asgi:
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "innerchild.asgi:application",
            "--host",
            options.host,
            "--port",
            str(options.port),
            "--workers",
            str(options.workers),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--proxy-headers",
            "--no-server-header",
            "--log-level",
            "warning",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "innerchild.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options.workers),
            "--worker-tmp-dir",
            "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",  # noqa: S108
            # The path without its query string: nothing a person typed reaches the logs.
            "--access-logfile",
            "-",
            "--access-logformat",
            '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s',
            "--log-level",
            "warning",
        ]
    print(
        f"innerchild: serving on http://{bind}/ ({'ASGI' if options.asgi else 'WSGI'}, "
        f"{options.workers} workers)",
        flush=True,
    )
    os.execv(shutil.which(command[0]) or command[0], command)  # noqa: S606


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innerchild.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    try:
        if args and args[0] == "serve":
            serve(args[1:])
            return
        from django.core.management import execute_from_command_line

        execute_from_command_line(["innerchild", *args])
    except ImproperlyConfigured as exc:
        _fail(str(exc))


if __name__ == "__main__":
    main()
