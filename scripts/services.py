"""Throw-away servers on loopback for tests and benchmarks: PostgreSQL and Redis.

    python scripts/services.py --postgres [--redis] -- COMMAND...

starts each server in a temporary folder on a free port, runs COMMAND with DATABASE_URL (and
REDIS_URL) pointing at them, then stops them and removes the folders. A server whose programs are
missing is reported; under CI=true that is an error, elsewhere the command runs without it.
"""

import argparse
import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

POSTGRES_BIN_DIRS = [
    "/usr/local/bin",
    *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
]


class ServiceUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_program(name: str, extra_dirs: list) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in extra_dirs:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    raise ServiceUnavailable(f"{name} is not installed (run `make install` as root, or install it)")


def as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root; run it as the 'postgres' user when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise ServiceUnavailable("running as root and there is no 'postgres' user") from error
    return ["runuser", "-u", "postgres", "--"]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise ServiceUnavailable(f"nothing answered on port {port} within {timeout:.0f} s")


@contextlib.contextmanager
def postgres(durable: bool = False) -> Iterator[str]:
    """A fresh PostgreSQL cluster; yields its DATABASE_URL.

    Tests trade durability for speed; a benchmark of writes asks for a durable one (fsync on).
    """
    initdb = find_program("initdb", POSTGRES_BIN_DIRS)
    pg_ctl = find_program("pg_ctl", POSTGRES_BIN_DIRS)
    prefix = as_postgres_user()
    folder = Path(tempfile.mkdtemp(prefix="lms-pg-"))
    data = folder / "data"
    if prefix:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    try:
        subprocess.run(
            [
                *prefix,
                initdb,
                "-D",
                str(data),
                "-U",
                "lms",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            [
                *prefix,
                pg_ctl,
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgres://lms@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as error:
        raise ServiceUnavailable(
            f"PostgreSQL did not start: {error.stderr.decode(errors='replace')}"
        ) from error
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True
            )
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def redis() -> Iterator[str]:
    """A Redis server with no persistence; yields its URL."""
    server = find_program("redis-server", [])
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--redis", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    strict = os.environ.get("CI", "").lower() == "true"
    environment = dict(os.environ)
    with contextlib.ExitStack() as stack:
        for wanted, start, variable in [
            (args.postgres, postgres, "DATABASE_URL"),
            (args.redis, redis, "REDIS_URL"),
        ]:
            if not wanted:
                continue
            try:
                environment[variable] = stack.enter_context(start())
            except ServiceUnavailable as error:
                if strict:
                    print(f"error: {error}", file=sys.stderr)
                    return 1
                print(f"SKIPPED {variable}: {error}", file=sys.stderr)
                return 0
        return subprocess.run(command, env=environment).returncode


if __name__ == "__main__":
    sys.exit(main())
