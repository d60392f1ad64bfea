"""
The national compliance report (a ReportJob kind): national roles only, built from the compliance
selectors, so the PDF's text names every force and prints the headline figures the page shows;
tagged PDF/UA with a structure tree, language and title.
"""

import datetime
import io
import re

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.report import national_snapshot
from performance.models import MeasureSet, ReportingPeriod
from reports.models import ReportJob
from reports.services import documents
from tests.compliance.conftest import add_plan, build_forces

from .test_documents import pdf_text

URL = "/reports/national-compliance/pdf/"
TODAY = timezone.localdate()


@pytest.fixture
def period(db):
    ms = MeasureSet.objects.create(slug="nset", version="1", title="Measures")
    return ReportingPeriod.objects.create(
        label="2026-27 H1", slug="2026-27-h1", measure_set=ms, starts_on=TODAY - datetime.timedelta(days=200),
        ends_on=TODAY - datetime.timedelta(days=20), opens_on=TODAY - datetime.timedelta(days=19),
        due_on=TODAY - datetime.timedelta(days=5),
    )


@pytest.fixture
def national(planning_round, period, force_a):
    """Force A with a late approved plan, Force B with none, and seven more forces in a mix of states."""
    planning_round.due_on = TODAY - datetime.timedelta(days=10)
    planning_round.save(update_fields=["due_on"])
    add_plan(force_a, planning_round, status="approved", late=True)
    build_forces(planning_round, period, 7)
    return planning_round


def test_the_url_is_the_named_route():
    assert reverse("reports:national-compliance-pdf") == URL


def test_the_overview_has_the_download_button_for_national_roles(coordinator, national):
    html = coordinator.get("/compliance/").content.decode()
    assert f'action="{URL}"' in html and "Download as PDF" in html


@pytest.mark.parametrize("who", ["planner_a", "chief_a", "viewer_a"])
def test_force_users_are_refused_and_no_job_is_made(request, who, national, django_capture_on_commit_callbacks):
    client = request.getfixturevalue(who)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL).status_code in (403, 404)
    assert not ReportJob.objects.exists()


def test_anonymous_is_sent_to_sign_in(anonymous):
    response = anonymous.post(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_get_is_not_allowed(coordinator):
    assert coordinator.get(URL).status_code == 405


def _figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="(\w+)">(\d+)<', html))


@pytest.mark.parametrize("who", ["coordinator", "analyst"])
def test_national_roles_get_the_pdf_with_every_force_and_the_pages_figures(
        request, who, national, django_capture_on_commit_callbacks):
    client = request.getfixturevalue(who)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL)
    job = ReportJob.objects.get(requested_by=client.user, kind=ReportJob.Kind.NATIONAL_COMPLIANCE_PDF)
    assert response.status_code == 302 and response.url == reverse("reports:job-status", args=[job.uuid])
    assert job.status == ReportJob.Status.READY and job.pages >= 1
    download = client.get(reverse("reports:job-download", args=[job.uuid]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    text = pdf_text(content)
    for force in national.forces.all():
        assert force.name in text
    figures = _figures(client.get("/compliance/").content.decode())
    assert set(figures) >= {"forces", "approved", "submitted", "awaiting_signoff", "draft", "returned",
                            "not_started", "late", "overdue", "days"}
    labels = {
        "days": "Days since the due date", "forces": "Forces in the round", "approved": "Plans approved",
        "submitted": "Submitted, waiting for review", "awaiting_signoff": "Awaiting sign-off",
        "draft": "In draft", "returned": "Returned to the force", "not_started": "Not started",
        "late": "Submitted after the due date", "overdue": "Not submitted and past the due date",
    }
    for key, label in labels.items():
        assert f"{label} {figures[key]}" in text, (label, figures[key])
    assert "Late forces" in text and "Submitted after the due date, on" in text


def test_the_heatmap_prints_values_in_every_cell(national):
    snapshot = national_snapshot()
    text = pdf_text(documents.national_compliance_pdf(snapshot).content)
    assert "Heatmap: forces by pillar" in text
    line = next(row for row in snapshot["heatmap"] if row["has_plan"])
    for cell in line["cells"]:
        if cell["coverage"] is not None:
            assert f"{cell['coverage']}% covered" in text
    assert "No plan" in text  # Force B has no plan


def test_the_late_forces_are_those_submitted_late_or_past_due_unsubmitted(national, force_a, force_b):
    late = {row["name"]: row["reason"] for row in national_snapshot()["late"]}
    assert late[force_a.name].startswith("Submitted after the due date")
    assert late[force_b.name] == "Not submitted and the due date has passed"


def test_the_pdf_is_tagged_with_language_and_title(national):
    content = documents.national_compliance_pdf(national_snapshot()).content
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert str(root.Lang).lower().startswith("en")
        assert str(root.MarkInfo.Marked) in ("True", "true") or bool(root.MarkInfo.Marked)
        assert "National compliance report" in str(pdf.docinfo.get("/Title", "")) or \
            "National compliance report" in str(pdf.open_metadata().get("dc:title", ""))


def test_an_unchanged_picture_reuses_the_file(coordinator, national, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(URL)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(URL)
    assert ReportJob.objects.filter(kind=ReportJob.Kind.NATIONAL_COMPLIANCE_PDF).count() == 1


def test_a_ready_file_is_refused_to_someone_who_lost_the_national_role(coordinator, national,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(URL)
    job = ReportJob.objects.get(kind=ReportJob.Kind.NATIONAL_COMPLIANCE_PDF)
    user = coordinator.user
    user.role = "force_viewer"
    user.force = national.forces.first()
    user.save()
    assert coordinator.get(reverse("reports:job-download", args=[job.uuid])).status_code == 404
