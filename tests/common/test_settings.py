"""Settings fail loudly in production, and the values that matter are really in effect."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from vawg_portal.celery import app

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "test-only-7kQ9vR2mZ4wL8pN3bT6cY1dF5gH0jKqSuE-not-used-anywhere-real",
    "ALLOWED_HOSTS": "vawg.example.org",
    "DATABASE_URL": "postgres://vawg:vawg@127.0.0.1:5432/vawg",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    skip = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip and not k.startswith("VAWG_")}
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=60,
    )


def test_production_refuses_to_start_without_required_variables():
    result = _manage("check", env={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in result.stderr


def test_production_names_the_one_variable_missing():
    env = {**PRODUCTION_ENV}
    del env["ALLOWED_HOSTS"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "must be set: ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(PRODUCTION_ENV["SECRET_KEY"] + "\n")
    env = {**PRODUCTION_ENV, "SECRET_KEY_FILE": str(secret)}
    del env["SECRET_KEY"]
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = _manage("shell", "-v", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == PRODUCTION_ENV["SECRET_KEY"]


def test_production_cookies_and_hsts_are_secure():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG, "
        "s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = _manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split() == [
        "True", "True", "31536000", "False", "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_celery_settings_reach_the_celery_app():
    # A misspelt CELERY_ name is silently ignored, so check the app itself.
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT == 300
    assert app.conf.task_soft_time_limit == 240
    assert app.conf.task_acks_late is True
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
