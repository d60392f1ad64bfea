"""Report pages: the plan page's button and chart, asking, status, download, try again and "Your reports"."""

from unittest import mock

import pytest
from django.urls import reverse

from reports.models import ReportJob
from reports.services import documents, jobs
from reports.views import UNAVAILABLE
from vawg_portal.celery import app

from .conftest import job_for


def _ask(client, plan, capture):
    with capture(execute=True):
        return client.post(reverse("reports:plan-pdf", args=[plan.pk]))


def test_the_plan_page_has_the_button_and_the_pillar_chart(plan_a, viewer_a):
    html = viewer_a.get(reverse("action_plans:plan-detail", args=[plan_a.pk])).content.decode()
    assert f'action="{reverse("reports:plan-pdf", args=[plan_a.pk])}"' in html
    assert "Download as PDF" in html
    assert 'role="img"' in html and "Actions by pillar and RAG status" in html
    assert "Red 1 · Amber 1 · Green 2 · Not rated 0" in html  # printed values, not colour alone
    assert 'style="' not in html.split('class="app-chart"')[1].split("</svg>")[0]


def test_asking_makes_the_pdf_and_the_status_page_offers_the_download(plan_a, viewer_a,
                                                                      django_capture_on_commit_callbacks):
    response = _ask(viewer_a, plan_a, django_capture_on_commit_callbacks)
    job = job_for(viewer_a.user, plan_a)
    assert response.status_code == 302 and response.url == reverse("reports:job-status", args=[job.uuid])
    assert job.status == ReportJob.Status.READY
    page = viewer_a.get(response.url).content.decode()
    assert "Your report is ready" in page
    assert reverse("reports:job-download", args=[job.uuid]) in page
    download = viewer_a.get(reverse("reports:job-download", args=[job.uuid]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="force-a-constabulary-vawg-plan-revision-1.pdf"'
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_another_forces_user_gets_404_on_status_and_download(plan_a, planner_a, planner_b,
                                                             django_capture_on_commit_callbacks):
    _ask(planner_a, plan_a, django_capture_on_commit_callbacks)
    job = job_for(planner_a.user, plan_a)
    assert planner_b.get(reverse("reports:job-status", args=[job.uuid])).status_code == 404
    assert planner_b.get(reverse("reports:job-download", args=[job.uuid])).status_code == 404
    assert planner_b.post(reverse("reports:job-retry", args=[job.uuid])).status_code == 404
    assert job.uuid.hex not in planner_b.get(reverse("reports:list")).content.decode()


def test_another_forces_draft_is_404_and_makes_no_job(draft_plan_b, planner_a,
                                                       django_capture_on_commit_callbacks):
    assert _ask(planner_a, draft_plan_b, django_capture_on_commit_callbacks).status_code == 404
    assert not ReportJob.objects.exists()


def test_asking_needs_post_and_a_sign_in(plan_a, planner_a, anonymous):
    url = reverse("reports:plan-pdf", args=[plan_a.pk])
    assert planner_a.get(url).status_code == 405
    response = anonymous.post(url)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert not ReportJob.objects.exists()


def test_when_the_broker_is_down_the_page_says_so_and_never_500(plan_a, planner_a, settings,
                                                                django_capture_on_commit_callbacks):
    settings.CELERY_PUBLISH_TIMEOUT = 0.2
    saved = app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    try:
        response = _ask(planner_a, plan_a, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        page = planner_a.get(response.url).content.decode()
    finally:
        app.conf.update(task_always_eager=True, broker_url=saved)
    assert page.count(UNAVAILABLE.replace("'", "&#x27;")) == 1
    assert job_for(planner_a.user, plan_a).status == ReportJob.Status.QUEUED


def test_htmx_polls_until_the_job_is_finished(plan_a, planner_a_user, planner_a):
    job = ReportJob.objects.create(kind="plan_pdf", params={"plan_id": plan_a.pk}, title="T",
                                   requested_by=planner_a_user, status=ReportJob.Status.RUNNING, progress=40,
                                   published_at="2026-11-30T08:00:00Z")
    url = reverse("reports:job-status", args=[job.uuid])
    page = planner_a.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Refresh to see the latest status" in page
    assert "<script" not in page.split('id="main-content"')[1].split("</main>")[0]
    panel = planner_a.get(url, headers={"HX-Request": "true"}).content.decode()
    assert panel.strip().startswith('<div id="job-status-panel"') and "40%" in panel and "<html" not in panel
    unchanged = planner_a.get(url + "?seen=running-40-1", headers={"HX-Request": "true"})
    assert unchanged.status_code == 204 and "HX-Request" in unchanged["Vary"]
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, error_message="It broke.")
    panel = planner_a.get(url + "?seen=running-40-1", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in panel and "It broke." in panel


def test_a_failed_job_offers_try_again(plan_a, planner_a, django_capture_on_commit_callbacks):
    with mock.patch.object(documents, "plan_pdf", side_effect=RuntimeError("boom")):
        _ask(planner_a, plan_a, django_capture_on_commit_callbacks)
    failed = job_for(planner_a.user, plan_a)
    page = planner_a.get(reverse("reports:job-status", args=[failed.uuid])).content.decode()
    assert jobs.FAILED_MESSAGE in page and "Try again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = planner_a.post(reverse("reports:job-retry", args=[failed.uuid]))
    fresh = job_for(planner_a.user, plan_a)
    assert fresh.pk != failed.pk and fresh.status == ReportJob.Status.READY
    assert response.url == reverse("reports:job-status", args=[fresh.uuid])


def test_download_checks_the_plan_again(plan_a, planner_a, django_capture_on_commit_callbacks):
    _ask(planner_a, plan_a, django_capture_on_commit_callbacks)
    job = job_for(planner_a.user, plan_a)
    # The same job row, now about a plan the user may not read: no file.
    other = ReportJob.objects.create(kind="plan_pdf", params={"plan_id": 999999}, title="X",
                                     requested_by=planner_a.user, status=ReportJob.Status.READY,
                                     file=job.file.name, filename="x.pdf")
    assert planner_a.get(reverse("reports:job-download", args=[other.uuid])).status_code == 404


def test_your_reports_is_empty_at_first(planner_a):
    page = planner_a.get(reverse("reports:list")).content.decode()
    assert "You have not asked for any reports yet" in page
    assert "Download every approved plan" not in page


def test_your_reports_lists_the_users_jobs_twenty_a_page(planner_a, planner_a_user, coordinator_user,
                                                         django_assert_max_num_queries):
    for n in range(25):
        ReportJob.objects.create(kind="toolkit_pdf", title=f"Job {n:02d}", requested_by=planner_a_user)
    ReportJob.objects.create(kind="toolkit_pdf", title="Someone else's", requested_by=coordinator_user)
    with django_assert_max_num_queries(8):
        page = planner_a.get(reverse("reports:list")).content.decode()
    assert "Job 24" in page and "Job 05" in page and "Job 04" not in page
    assert "Someone else" not in page
    assert "Job 04" in planner_a.get(reverse("reports:list") + "?page=2").content.decode()


def test_the_account_page_links_to_your_reports(planner_a):
    assert reverse("reports:list") in planner_a.get(reverse("accounts:account")).content.decode()


def test_the_national_team_asks_for_every_approved_plan(plan_a, coordinator, planner_a,
                                                        django_capture_on_commit_callbacks):
    assert "Download every approved plan" in coordinator.get(reverse("reports:list")).content.decode()
    assert planner_a.post(reverse("reports:approved-plans-zip")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(reverse("reports:approved-plans-zip"))
    job = ReportJob.objects.get(requested_by=coordinator.user, parent__isnull=True)
    assert response.url == reverse("reports:job-status", args=[job.uuid])
    download = coordinator.get(reverse("reports:job-download", args=[job.uuid]))
    assert download["Content-Type"] == "application/zip"


@pytest.mark.usefixtures("toolkit_entries")
def test_anyone_can_have_the_toolkit_pdf(anonymous, planner_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(reverse("reports:toolkit-pdf"))
    job = ReportJob.objects.get(kind="toolkit_pdf")
    assert job.requested_by is None and job.status == ReportJob.Status.READY
    assert anonymous.get(response.url).status_code == 200
    download = planner_b.get(reverse("reports:job-download", args=[job.uuid]))
    assert download["Content-Disposition"] == 'attachment; filename="vawg-misogyny-toolkit.pdf"'


def test_an_unknown_job_is_404(planner_a):
    assert planner_a.get("/reports/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert planner_a.get("/reports/not-a-uuid/").status_code == 404
