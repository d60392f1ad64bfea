"""Publishing a task from a request: runs eagerly without a broker; never hangs or raises when Redis is down."""

import os

import pytest
from celery import shared_task

from common.celery_publish import publish
from tests.conftest import REQUIRE_SERVICES
from vawg_portal.celery import app

CALLS: list[dict] = []


@shared_task(name="tests.publish_probe")
def publish_probe(**kwargs):
    CALLS.append(kwargs)


def test_in_eager_mode_the_task_runs_here():
    CALLS.clear()
    assert publish(publish_probe, kwargs={"n": 1}) is True
    assert CALLS == [{"n": 1}]


def test_a_broker_that_is_down_gives_false_without_raising(settings):
    settings.CELERY_PUBLISH_TIMEOUT = 0.2
    saved = app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    try:
        assert publish(publish_probe, kwargs={"n": 2}) is False
    finally:
        app.conf.update(task_always_eager=True, broker_url=saved)


def test_a_broker_that_is_up_takes_the_message(settings):
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if REQUIRE_SERVICES:
            pytest.fail("VAWG_REQUIRE_SERVICES=1 but REDIS_URL is not set")
        pytest.skip("needs Redis")
    saved = app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url=url)
    try:
        # On a queue of its own, so that no worker started by another test runs it.
        assert publish(publish_probe, kwargs={"n": 3}, task_id="probe-1", queue="publish-probe") is True
        # The message is there: take it back off the queue.
        with app.connection_for_write() as conn:
            message = conn.SimpleQueue("publish-probe", no_ack=True).get(timeout=5)
            assert message.headers["id"] == "probe-1"
    finally:
        app.conf.update(task_always_eager=True, broker_url=saved)
