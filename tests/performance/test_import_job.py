"""Large imports run as a Celery job with a progress page; the same service and rules as the page."""

import io

import pytest
from django.urls import reverse

from performance import views
from performance.models import ImportJob, ReturnValue
from performance.services.jobs import import_job_run

HEADER = b"force_code,period,measure_code,breakdown,value,note\n"


def upload(client, content: bytes):
    file = io.BytesIO(content)
    file.name = "big.csv"
    return client.post(reverse("performance:import"), {"file": file})


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(views, "IMPORT_JOB_ROWS", 2)


def test_a_big_file_becomes_a_job_that_imports_after_commit(
    planner_a, force_a, open_period, small_threshold, django_capture_on_commit_callbacks
):
    content = HEADER + b"force-a,2026-27 H1,D1,,12,\nforce-a,2026-27 H1,C2,,3,\nforce-a,2026-27 H1,C1,,30,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(planner_a, content)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("performance:import-job", args=[job.pk])
    assert (job.status, job.rows, job.requested_by) == ("done", 4, planner_a.user)
    assert job.summary.startswith("3 figures added")
    assert bytes(job.content) == b""
    assert ReturnValue.objects.count() == 3
    html = planner_a.get(response.url).content.decode()
    assert "Imported" in html and "3 figures added" in html and "hx-get" not in html


def test_a_job_with_row_errors_imports_nothing_and_lists_them(
    planner_a, force_a, force_b, open_period, small_threshold, django_capture_on_commit_callbacks
):
    content = HEADER + b"force-a,2026-27 H1,D1,,12,\nforce-b,2026-27 H1,D1,,3,\nforce-a,2026-27 H1,C2,,x,\n"
    with django_capture_on_commit_callbacks(execute=True):
        upload(planner_a, content)
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert [e["row"] for e in job.errors] == [3, 4]
    assert not ReturnValue.objects.exists()
    html = planner_a.get(reverse("performance:import-job", args=[job.pk])).content.decode()
    assert "You can only upload figures for your own force" in html


def test_a_waiting_job_page_polls_and_the_poll_answers_with_the_status_part(planner_a, planner_a_user, open_period):
    job = ImportJob.objects.create(requested_by=planner_a_user, filename="big.csv", content=HEADER, rows=9000)
    url = reverse("performance:import-job", args=[job.pk])
    html = planner_a.get(url).content.decode()
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 2s"' in html
    part = planner_a.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="import-job-status"')
    assert "<html" not in part


def test_running_a_finished_job_again_changes_nothing(planner_a_user, force_a, open_period):
    job = ImportJob.objects.create(
        requested_by=planner_a_user, filename="f.csv", rows=1, content=HEADER + b"force-a,2026-27 H1,D1,,12,\n"
    )
    import_job_run(job=job)
    import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == "done"
    assert ReturnValue.history.count() == 1


def test_an_unreadable_file_fails_with_its_message(planner_a_user, open_period):
    job = ImportJob.objects.create(requested_by=planner_a_user, filename="f.csv", rows=1, content=b"a,b\n1,2\n")
    import_job_run(job=job)
    assert job.status == "failed"
    assert job.errors[0]["message"].startswith("The first row must be the header")


def test_only_the_requester_and_the_national_coordinator_see_a_job(
    planner_a_user, planner_b, chief_a, coordinator, viewer_a, open_period
):
    job = ImportJob.objects.create(requested_by=planner_a_user, filename="f.csv", rows=1, content=HEADER)
    url = reverse("performance:import-job", args=[job.pk])
    assert planner_b.get(url).status_code == 404
    assert chief_a.get(url).status_code == 404
    assert viewer_a.get(url).status_code == 403
    assert coordinator.get(url).status_code == 200
    assert planner_b.get(reverse("performance:import-job", args=[999999])).status_code == 404
