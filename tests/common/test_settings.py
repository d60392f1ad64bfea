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


def test_celery_is_set_for_real_faults():
    # A message is acknowledged after its task ran, and redelivered after a dead worker's
    # visibility timeout: minutes, and longer than any task may run.
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert 60 <= visibility <= 30 * 60
    assert visibility > app.conf.task_time_limit
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    # Fire and forget: no result backend to subscribe to on publish.
    assert app.conf.task_ignore_result is True
    assert app.conf.result_backend is None
    assert settings.CELERY_PUBLISH_TIMEOUT <= 1


def test_every_task_has_time_limits():
    app.loader.import_default_modules()
    for name, task in app.tasks.items():
        if name.startswith("celery."):
            continue
        hard = task.time_limit or app.conf.task_time_limit
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert 0 < soft < hard < app.conf.broker_transport_options["visibility_timeout"], name


def test_email_has_a_timeout():
    assert 0 < settings.EMAIL_TIMEOUT <= 30


def test_passwords_are_hashed_with_argon2():
    # The tests themselves use a fast hasher (conftest.py): read the project's own value.
    from vawg_portal import settings as project

    assert project.PASSWORD_HASHERS[0] == "accounts.hashers.PortalArgon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in project.PASSWORD_HASHERS


def test_health_checks_are_exempt_from_the_https_redirect():
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT)"
    result = _manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip() == "True ['^healthz(/|$)']", result.stderr
