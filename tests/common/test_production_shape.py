"""
The commands docker-compose runs, run here outside containers: collectstatic with hashed files,
gunicorn (with the repository's gunicorn.conf.py) serving the app with production settings, the
compose health check passing with the documented .env.example, and a Celery worker answering a ping.
"""

import contextlib
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAWG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="false",
        SECRET_KEY="test-only-7kQ9vR2mZ4wL8pN3bT6cY1dF5gH0jKqSuE-not-used-anywhere-real",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        STATIC_ROOT=str(tmp_path / "staticfiles"),
        SECURE_SSL_REDIRECT="false",
    )
    return env


def _wait_for(url: str, proc: subprocess.Popen, attempts: int = 100):
    for _ in range(attempts):
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stdout.read()}")
        try:
            return urllib.request.urlopen(url, timeout=2)
        except OSError:
            proc_wait(proc, 0.1)
    raise AssertionError(f"{url} did not answer")


def proc_wait(proc: subprocess.Popen, seconds: float) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=seconds)


def test_gunicorn_serves_the_app_and_hashed_static_files(production_env, tmp_path):
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT, env=production_env, capture_output=True, text=True, timeout=120,
    )
    assert collect.returncode == 0, collect.stderr
    manifest = (tmp_path / "staticfiles" / "staticfiles.json").read_text()
    assert "css/app.css" in manifest

    port = _free_port()
    proc = _gunicorn(production_env, port)
    try:
        response = _wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        assert response.status == 200
        assert b'"database": "ok"' in response.read()
        login = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read().decode()
        css = login.split('href="/static/css/')[1].split('"')[0]
        assert css.startswith("app.") and css.endswith(".css"), "static URLs are hashed"
        static = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/{css}", timeout=5)
        assert "max-age=315360000" in static.headers["Cache-Control"]
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    # The spelling index is built once in the master, before it listens and before any worker boots.
    assert "Toolkit spelling index built" in output
    built = output.index("Toolkit spelling index built")
    assert built < output.index("Listening at") < output.index("Booting worker")


def _gunicorn(env: dict, port: int) -> subprocess.Popen:
    """gunicorn as the container starts it (gunicorn.conf.py), on a free port with one worker."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2"}
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "vawg_portal.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _env_example() -> dict:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def test_the_compose_health_check_passes_with_the_documented_env(production_env, tmp_path):
    # Issue 14: plain http to /healthz was redirected to https, or refused for its Host header.
    documented = _env_example()
    env = {
        **production_env,
        "ALLOWED_HOSTS": documented["ALLOWED_HOSTS"],
        "SECURE_SSL_REDIRECT": documented["SECURE_SSL_REDIRECT"],
    }
    assert env["SECURE_SSL_REDIRECT"] == "true"
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["web"]["command"][:3] == ["gunicorn", "-c", "gunicorn.conf.py"]
    check = compose["services"]["web"]["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "-c"]

    port = _free_port()
    proc = _gunicorn(env, port)
    try:
        _wait_for_port(port, proc)
        script = check[3].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        # Any other page over plain http is still sent to https.
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)  # a Host not allowed
        assert refused.value.code == 400
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_for_port(port: int, proc: subprocess.Popen) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stdout.read()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        proc_wait(proc, 0.1)
    raise AssertionError("gunicorn did not listen")


def _local_redis() -> str:
    """A Redis on this machine's default port, if one answers; the worker test then runs here too."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return "redis://127.0.0.1:6379/0" if conn.recv(16).startswith(b"+PONG") else ""
    except OSError:
        return ""


def test_a_celery_worker_starts_and_answers_a_ping(production_env):
    redis_url = os.environ.get("REDIS_URL") or ("" if REQUIRE_SERVICES else _local_redis())
    if not redis_url:
        if REQUIRE_SERVICES:
            pytest.fail("VAWG_REQUIRE_SERVICES=1 but REDIS_URL is not set")
        # Only off CI, on a machine with no Redis at all: .ci/run starts Redis and sets REDIS_URL.
        pytest.skip("needs Redis: set REDIS_URL or run redis-server on 127.0.0.1:6379")
    env = {**production_env, "REDIS_URL": redis_url}
    name = f"ping-{os.getpid()}@localhost"
    worker = subprocess.Popen(
        [str(BIN / "celery"), "-A", "vawg_portal", "worker", "--pool=solo", "-n", name, "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        for _ in range(30):
            ping = subprocess.run(
                [str(BIN / "celery"), "-A", "vawg_portal", "inspect", "ping", "-d", name, "--timeout", "1"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=30,
            )
            if "pong" in ping.stdout:
                break
        assert "pong" in ping.stdout, ping.stdout + ping.stderr
    finally:
        worker.terminate()
        worker.wait(timeout=20)
