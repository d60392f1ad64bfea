"""
Real processes for the fault tests: a private redis-server we may stop, and Celery workers in
subprocesses we may kill. Never the machine's shared Redis: stopping that would break other tests.

Emails from a subprocess worker go to files (Django's filebased backend) so the test can count them.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server on a free port, started and stopped by the test."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise AssertionError("the private redis-server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        if REQUIRE_SERVICES:
            pytest.fail("VAWG_REQUIRE_SERVICES=1 but redis-server is not installed")
        pytest.skip("needs redis-server")
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def database_url() -> str:
    """The test database, as a URL a subprocess can use (it sees what transactional_db commits)."""
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        if REQUIRE_SERVICES:
            pytest.fail("VAWG_REQUIRE_SERVICES=1 but the tests are not running on PostgreSQL")
        pytest.skip("a worker in another process needs a shared database: set DATABASE_URL to PostgreSQL")
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker_env(*, redis_url: str, mail_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAWG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="true", DATABASE_URL=database_url(), REDIS_URL=redis_url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail_dir),
    )
    env.update(extra)
    return env


def start_worker(env: dict, name: str) -> subprocess.Popen:
    """A solo-pool worker (one process: SIGKILL kills the task mid-way); stop it with stop_worker."""
    return subprocess.Popen(
        [str(BIN / "celery"), "-A", "vawg_portal", "worker", "--pool=solo", "-n", f"{name}-{os.getpid()}@localhost",
         "--loglevel=INFO", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


def stop_worker(proc: subprocess.Popen, *, sig: int = signal.SIGTERM) -> str:
    """Stop the worker (SIGKILL for a crash) and return what it printed."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    return proc.stdout.read() if proc.stdout else ""


def sent_subjects(mail_dir: Path) -> list[str]:
    """The subject of every email the filebased backend wrote."""
    if not mail_dir.exists():
        return []
    subjects = []
    for path in sorted(mail_dir.iterdir()):
        # Unfold long headers (continuation lines start with white space), then pick the subjects.
        text = re.sub(r"\r?\n[ \t]+", " ", path.read_text())
        subjects += [line.removeprefix("Subject: ") for line in text.splitlines() if line.startswith("Subject: ")]
    return subjects


def wait_until(predicate, *, timeout: float, every: float = 0.2, on_wait=None) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass (a bound on waiting, not a speed test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if on_wait:
            on_wait()
        time.sleep(every)
    return predicate()
