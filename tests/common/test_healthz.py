from unittest import mock

from django.db.utils import OperationalError


def test_it_reports_ok_database_and_eager_broker(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_it_answers_503_when_the_database_is_down(client, db):
    with mock.patch("common.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_it_reports_a_broker_that_cannot_be_reached(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("common.views.current_app.connection_for_write", side_effect=OSError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "down"


def test_it_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
