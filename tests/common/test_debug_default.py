"""DEBUG is off unless set (issue 7, finding 9): a deployment that forgets it gets no debug pages."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = "from django.conf import settings; print(settings.DEBUG)"


def _shell(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
             and not k.startswith("VAWG_")}
    # A developer's .env (make run writes DEBUG=true there) must not stand in for the environment.
    clean["ENV_FILE"] = os.devnull
    return subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", CODE], cwd=ROOT,
                          env={**clean, **env}, capture_output=True, text=True, timeout=60)


def test_without_debug_set_the_portal_runs_as_production_and_asks_for_its_secrets():
    result = _shell({})
    assert result.returncode != 0
    assert "DEBUG is false, so these must be set: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in result.stderr
    assert "for development, set DEBUG=true" in result.stderr


def test_without_debug_set_but_with_the_secrets_debug_is_off(tmp_path):
    result = _shell({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org",
                     "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_true_alone_is_enough_for_development():
    result = _shell({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_the_tests_themselves_load_the_development_settings():
    # pytest-env (pyproject.toml) sets DEBUG=true before pytest-django imports the settings.
    assert os.environ["DEBUG"] == "true"
