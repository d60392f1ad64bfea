"""Report jobs: asking, reuse, making, retries and failure, the broker being down, the sweep and expiry."""

import datetime
import hashlib
import io
import zipfile
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from action_plans import services as plan_services
from action_plans.models import ActionPlan
from common.errors import DomainError
from reports.models import ReportJob
from reports.services import documents, jobs
from reports.tasks import report_job_run
from vawg_portal.celery import app

PLAN_PDF = ReportJob.Kind.PLAN_PDF


def ask(user, plan, capture):
    with capture(execute=True):
        job = jobs.report_job_request(user=user, kind=PLAN_PDF, params={"plan_id": plan.pk})
    job.refresh_from_db()
    return job


def test_a_plan_pdf_is_made_and_stored_privately(plan_a, planner_a_user, django_capture_on_commit_callbacks,
                                                  reports_storage):
    job = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.READY
    assert job.progress == 100 and job.attempts == 1 and job.error_message == ""
    assert job.filename == "force-a-constabulary-vawg-plan-revision-1.pdf"
    assert job.force_id == planner_a_user.force_id and job.requested_by == planner_a_user
    stored = (reports_storage / job.file.name).read_bytes()
    assert stored.startswith(b"%PDF-")
    assert job.size == len(stored) and job.sha256 == hashlib.sha256(stored).hexdigest()
    assert job.pages >= 3 and job.celery_task_id and job.published_at
    assert len(job.fingerprint) == 64


def test_unchanged_data_reuses_the_ready_file(plan_a, planner_a_user, viewer_a_user,
                                              django_capture_on_commit_callbacks):
    first = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    with mock.patch.object(documents, "plan_pdf", side_effect=AssertionError("rendered again")):
        again = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
        colleague = ask(viewer_a_user, plan_a, django_capture_on_commit_callbacks)
    assert again.pk == first.pk
    assert colleague.pk != first.pk and colleague.requested_by == viewer_a_user
    assert colleague.status == ReportJob.Status.READY
    assert (colleague.file.name, colleague.sha256) == (first.file.name, first.sha256)
    assert ReportJob.objects.count() == 2


def test_an_edit_gives_a_new_job_and_file(plan_a, planner_a_user, django_capture_on_commit_callbacks):
    first = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    action = plan_a.actions.get(reference="A-005")
    plan_services.progress_post(action=action, actor=planner_a_user, on=datetime.date(2026, 11, 1),
                                narrative="Second update after the first PDF.", rag="amber", progress=30)
    second = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    assert second.pk != first.pk
    assert second.fingerprint != first.fingerprint
    assert second.status == ReportJob.Status.READY and second.sha256 != first.sha256


def test_a_failing_render_is_retried_then_fails_with_a_message(plan_a, planner_a_user,
                                                               django_capture_on_commit_callbacks):
    with mock.patch.object(documents, "plan_pdf", side_effect=RuntimeError("Pango fell over")) as render:
        job = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    assert render.call_count == 1 + 3  # the first attempt and three retries
    assert job.status == ReportJob.Status.FAILED
    assert job.error_message == jobs.FAILED_MESSAGE
    assert "Pango" not in job.error_message
    assert job.attempts == 4 and job.finished_at is not None and not job.file


def test_a_transient_error_is_retried_and_the_job_completes(plan_a, planner_a_user,
                                                            django_capture_on_commit_callbacks):
    real = documents.plan_pdf
    with mock.patch.object(documents, "plan_pdf", side_effect=[OSError("disk busy"), real(
            __import__("reports.selectors", fromlist=["x"]).plan_snapshot(user=planner_a_user, plan_id=plan_a.pk))]):
        job = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    assert job.status == ReportJob.Status.READY
    assert job.attempts == 2 and job.error_message == ""


def test_retries_back_off():
    from reports.tasks import retry_countdown

    assert [retry_countdown(n) for n in range(3)] == [15, 30, 60]


def test_a_plan_hidden_since_the_request_fails_at_once(plan_a, planner_b_user, draft_plan_b, planner_a_user):
    job = ReportJob.objects.create(kind=PLAN_PDF, params={"plan_id": draft_plan_b.pk}, title="B",
                                   requested_by=planner_a_user)
    report_job_run.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert job.error_message == jobs.PLAN_HIDDEN_MESSAGE
    assert job.attempts == 1


def test_another_forces_draft_cannot_be_asked_for(draft_plan_b, planner_a_user):
    with pytest.raises(ActionPlan.DoesNotExist):
        jobs.report_job_request(user=planner_a_user, kind=PLAN_PDF, params={"plan_id": draft_plan_b.pk})
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("kind, params", [
    ("plan_pdf", {}), ("plan_pdf", {"plan_id": "1"}), ("plan_pdf", {"plan_id": True}), ("plan_pdf", {"plan_id": 0}),
    ("plan_pdf", {"plan_id": 1, "extra": 2}), ("toolkit_pdf", {"x": 1}), ("nonsense", {}), ("plan_pdf", []),
])
def test_parameters_are_validated(kind, params):
    with pytest.raises(ValidationError):
        jobs.report_params_clean(kind=kind, params=params)


def test_a_finished_job_is_left_alone_and_a_running_one_is_made_again(plan_a, planner_a_user,
                                                                      django_capture_on_commit_callbacks):
    job = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    with mock.patch.object(documents, "plan_pdf", side_effect=AssertionError("rendered again")):
        report_job_run.apply(kwargs={"job_id": job.pk})
    # A worker died mid-job: the row says running, and the redelivered message makes it again.
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, file="", fingerprint="x")
    report_job_run.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()
    assert job.status == ReportJob.Status.READY and job.file and job.attempts == 2


def test_when_the_broker_is_down_the_job_stays_queued_then_is_sent(plan_a, planner_a_user, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.CELERY_PUBLISH_TIMEOUT = 0.2
    saved = app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    try:
        job = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
        assert job.status == ReportJob.Status.QUEUED and job.published_at is None
        assert jobs.report_jobs_republish() == 0
    finally:
        app.conf.update(task_always_eager=True, broker_url=saved)
    assert jobs.report_jobs_republish() == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.READY and job.published_at is not None


def test_the_sweep_fails_jobs_running_past_the_limit(planner_a_user, settings):
    settings.REPORTS_RUNNING_LIMIT_MINUTES = 30
    now = timezone.now()
    stuck = ReportJob.objects.create(kind="toolkit_pdf", title="T", requested_by=planner_a_user,
                                     status=ReportJob.Status.RUNNING, started_at=now - datetime.timedelta(minutes=31))
    fresh = ReportJob.objects.create(kind="toolkit_pdf", title="T", requested_by=planner_a_user,
                                     status=ReportJob.Status.RUNNING, started_at=now - datetime.timedelta(minutes=5))
    assert jobs.report_jobs_sweep(now=now) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == ReportJob.Status.FAILED and stuck.error_message == jobs.TOO_LONG_MESSAGE
    assert fresh.status == ReportJob.Status.RUNNING


def test_old_jobs_and_their_files_are_deleted_but_shared_files_kept(plan_a, planner_a_user, viewer_a_user,
                                                                   settings, reports_storage,
                                                                   django_capture_on_commit_callbacks):
    settings.REPORTS_RETENTION_DAYS = 30
    old = ask(planner_a_user, plan_a, django_capture_on_commit_callbacks)
    ReportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    shared = ask(viewer_a_user, plan_a, django_capture_on_commit_callbacks)
    assert shared.file.name == old.file.name
    assert jobs.report_files_expire() == 1
    assert not ReportJob.objects.filter(pk=old.pk).exists()
    assert (reports_storage / shared.file.name).exists()
    ReportJob.objects.filter(pk=shared.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert jobs.report_files_expire() == 1
    assert not (reports_storage / shared.file.name).exists()


def test_the_zip_holds_every_approved_plan_and_no_draft(plan_a, draft_plan_b, coordinator_user,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.report_job_request(user=coordinator_user, kind="approved_plans_zip", params={})
    job.refresh_from_db()
    assert job.status == ReportJob.Status.READY, job.error_message
    assert job.filename.startswith("vawg-approved-plans-") and job.filename.endswith(".zip")
    with job.file.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as archive:
        assert archive.namelist() == ["force-a-constabulary-vawg-plan-revision-1.pdf"]
        assert archive.read(archive.namelist()[0]).startswith(b"%PDF-")
    assert job.parts.count() == 1 and job.parts.get().status == ReportJob.Status.READY


def test_only_the_national_team_asks_for_the_zip(planner_a_user):
    with pytest.raises(DomainError):
        jobs.report_job_request(user=planner_a_user, kind="approved_plans_zip", params={})


def test_a_zip_with_a_failed_part_fails_and_says_which(plan_a, coordinator_user,
                                                       django_capture_on_commit_callbacks):
    with mock.patch.object(documents, "plan_pdf", side_effect=RuntimeError("boom")), \
            django_capture_on_commit_callbacks(execute=True):
        job = jobs.report_job_request(user=coordinator_user, kind="approved_plans_zip", params={})
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert "Force A Constabulary action plan, revision 1" in job.error_message


@pytest.mark.usefixtures("toolkit_entries")
def test_visitors_asking_while_the_toolkit_pdf_waits_share_one_job(settings, django_capture_on_commit_callbacks):
    settings.CELERY_PUBLISH_TIMEOUT = 0.2
    saved = app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = jobs.report_job_request(user=None, kind="toolkit_pdf", params={})
            second = jobs.report_job_request(user=None, kind="toolkit_pdf", params={})
    finally:
        app.conf.update(task_always_eager=True, broker_url=saved)
    assert first.pk == second.pk
    assert ReportJob.objects.count() == 1
