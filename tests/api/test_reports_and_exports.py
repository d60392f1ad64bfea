"""Report jobs and the national bulk exports through the API (issue 13)."""

import csv
import io

import pytest

from action_plans.models import LocalAction
from reports.models import ReportJob


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_plan_pdf_is_asked_for_followed_and_refused_to_others(world, planner_a, planner_b):
    response = planner_a.post("/api/v1/reports/", {"kind": "plan_pdf", "plan_id": world["draft"].pk},
                              content_type="application/json")
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == f"/api/v1/reports/{job['id']}/"
    assert job["kind"] == "plan_pdf" and job["download_url"] is None
    assert planner_a.get(f"/api/v1/reports/{job['id']}/").json()["id"] == job["id"]
    # Another person's job is not found; nor is a file that is not made yet.
    assert planner_b.get(f"/api/v1/reports/{job['id']}/").status_code == 404
    assert planner_a.get(f"/api/v1/reports/{job['id']}/download/").status_code == 404
    assert [j["id"] for j in planner_a.get("/api/v1/reports/").json()["results"]] == [job["id"]]


@pytest.mark.parametrize("body", [{"kind": "plan_pdf"}, {"kind": "toolkit_pdf", "plan_id": 3}, {"kind": "nope"}])
def test_bad_report_requests_are_400(world, planner_a, body):
    response = planner_a.post("/api/v1/reports/", body, content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert not ReportJob.objects.exists()


def test_a_ready_report_downloads(world, planner_a, settings, tmp_path):
    from django.core.files.base import ContentFile

    job = ReportJob.objects.create(kind=ReportJob.Kind.PLAN_PDF, params={"plan_id": world["draft"].pk}, title="t",
                                   requested_by=planner_a.user, status=ReportJob.Status.READY, filename="plan.pdf")
    job.file.save("api-test.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    response = planner_a.get(f"/api/v1/reports/{job.uuid}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert planner_a.get(f"/api/v1/reports/{job.uuid}/").json()["download_url"].endswith("/download/")


def test_the_approved_actions_export_has_every_approved_action_and_no_draft(world, analyst):
    LocalAction.objects.filter(pk=world["approved_action"].pk).update(title="=HYPERLINK(\"x\")")
    response = analyst.get("/api/v1/exports/approved-actions.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert rows[0][:3] == ["force", "force_name", "round"]
    assert len(rows) - 1 == world["approved"].actions.count()
    assert {r[3] for r in rows[1:]} == {str(world["approved"].pk)}
    # A formula typed into an action is text in the spreadsheet.
    assert "'=HYPERLINK(\"x\")" in [r[7] for r in rows[1:]]


def test_the_approved_returns_export_has_only_approved_figures(world, coordinator):
    rows = _csv(coordinator.get("/api/v1/exports/approved-returns.csv"))
    assert rows[0][:4] == ["force", "force_name", "period", "measure"]
    assert {r[0] for r in rows[1:]} == {"force-b"}  # Force A's return is a draft


def test_force_roles_may_not_export(world, planner_a, chief_a):
    for client in (planner_a, chief_a):
        response = client.get("/api/v1/exports/approved-returns.csv")
        assert response.status_code == 403
        assert response.json()["detail"] == "Only the national team can download the bulk exports."


def test_with_debug_on_an_unknown_api_address_is_still_a_problem(anonymous, settings):
    settings.DEBUG = True
    response = anonymous.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["instance"] == "/api/v1/no-such-thing/"
