"""Force and measure pages, completeness, lock exceptions, import/export pages and peer groups: content and refusals."""

import datetime
import io

import pytest
from django.urls import reverse

from performance.models import LockException, PeerLink, Return, ReturnValue

from .conftest import TODAY, full_figures, make_period, store

# --- Home and navigation -----------------------------------------------------------------------


def test_home_lists_periods_with_the_forces_return(planner_a, force_a, open_period):
    store(force_a, open_period, full_figures())
    html = planner_a.get(reverse("performance:home")).content.decode()
    assert "2026-27 H1" in html and "Draft" in html
    assert 'class="govuk-service-navigation__link" href="/performance/"' in html  # the header link
    assert "Completeness and timeliness" not in html


def test_home_refuses_a_user_without_a_role(client, db, anonymous, login_url):
    from tests.factories import NationalUserFactory

    user = NationalUserFactory(role="", email="norole@example.com")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("performance:home")).status_code == 403
    assert anonymous.get(reverse("performance:home")).status_code == 302


# --- Force page --------------------------------------------------------------------------------


@pytest.fixture
def history(force_a, force_b, measure_set, open_period):
    """Two approved periods for both forces, and each force's draft for the open period."""
    earlier = [
        make_period(measure_set, f"Earlier {i}", opens_in=-300 + 100 * i, due_in=-280 + 100 * i) for i in range(2)
    ]
    for period in earlier:
        store(force_a, period, full_figures(d1=20), status=Return.Status.APPROVED)
        store(force_b, period, full_figures(d1=40), status=Return.Status.APPROVED)
    store(force_a, open_period, full_figures(d1=1111))
    store(force_b, open_period, full_figures(d1=2222))
    return earlier


def test_force_page_shows_trend_chart_table_and_own_drafts(planner_a, force_a, history):
    response = planner_a.get(reverse("performance:force", args=[force_a.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "National average" in html and "Peer average" in html
    assert "1,111 (not yet approved)" in html
    assert "2,222" not in html and "2222" not in html
    # National average of approved D1 figures: (20 + 40) / 2.
    assert ">30<" in html


def test_another_forces_drafts_never_show_on_its_force_page(planner_b, force_a, history):
    html = planner_b.get(reverse("performance:force", args=[force_a.code])).content.decode()
    assert "1,111" not in html and "1111" not in html
    assert "Only approved figures are shown" in html


def test_force_page_refusals(anonymous, planner_a, login_url, force_a):
    assert anonymous.get(reverse("performance:force", args=[force_a.code])).status_code == 302
    assert planner_a.get(reverse("performance:force", args=["nowhere"])).status_code == 404
    assert planner_a.post(reverse("performance:force", args=[force_a.code])).status_code == 405


def test_force_page_query_count_is_fixed(planner_a, force_a, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        planner_a.get(reverse("performance:force", args=[force_a.code]))


# --- Measure page ------------------------------------------------------------------------------


def test_measure_page_ranks_forces_and_draws_a_funnel(planner_a, force_a, force_b, open_period, measure_set):
    from tests.factories import ForceFactory

    store(force_a, open_period, full_figures(c1=1000, a=500, b=500, c2=100), status=Return.Status.APPROVED)
    store(force_b, open_period, full_figures(c1=1000, a=500, b=500, c2=400), status=Return.Status.APPROVED)
    force_c = ForceFactory(code="force-c", name="Force C Police")
    store(force_c, open_period, full_figures(c1=1000, a=500, b=500, c2=900))
    response = planner_a.get(reverse("performance:measure", args=["P1"]) + f"?period={open_period.slug}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Funnel plot" in html and "99.8% limits" in html
    # National value from approved figures only: (100 + 400) / 2000.
    assert "National value: <strong>25%" in html
    assert "Force A Constabulary: below the 99.8% limit" in html
    assert "Force B Police: above the 99.8% limit" in html
    assert "Force C Police" not in html  # a draft of a force the planner may not see
    assert html.index("Force B Police") < html.index("Force A Constabulary</a>")


def test_measure_page_shows_own_draft_unranked(planner_a, force_a, open_period):
    store(force_a, open_period, full_figures(d1=33))
    html = planner_a.get(reverse("performance:measure", args=["D1"]) + f"?period={open_period.slug}").content.decode()
    assert "(not yet approved)" in html and "33 days" in html


def test_measure_page_refusals(planner_a, anonymous, open_period):
    assert planner_a.get(reverse("performance:measure", args=["ZZ9"])).status_code == 404
    assert anonymous.get(reverse("performance:measure", args=["C1"])).status_code == 302


# --- Completeness ------------------------------------------------------------------------------


def test_completeness_counts_returns_and_lateness(coordinator, force_a, force_b, locked_period):
    ret = store(force_a, locked_period, full_figures(), status=Return.Status.SUBMITTED)
    ret.submitted_at = datetime.datetime.combine(
        locked_period.due_on + datetime.timedelta(days=3), datetime.time(9), tzinfo=datetime.UTC
    )
    ret.save()
    html = coordinator.get(reverse("performance:completeness") + f"?period={locked_period.slug}").content.decode()
    assert "1 submitted and waiting for review" in html
    assert "1 not started" in html
    assert "1 submitted after the due date" in html
    assert "No, late" in html
    assert "4 of 4" in html


@pytest.mark.parametrize("persona", ["planner_a", "viewer_a"])
def test_completeness_is_for_the_national_team(request, persona, open_period):
    assert request.getfixturevalue(persona).get(reverse("performance:completeness")).status_code == 403


def test_analyst_reads_completeness(analyst, open_period):
    assert analyst.get(reverse("performance:completeness")).status_code == 200


# --- Lock exceptions ---------------------------------------------------------------------------


def test_coordinator_grants_a_lock_exception(coordinator, force_a, locked_period):
    page = reverse("performance:period-exceptions", args=[locked_period.slug])
    ends = TODAY + datetime.timedelta(days=7)
    response = coordinator.post(
        page, {"force": force_a.pk, "reason": "New crime system", "ends_on": f"{ends:%d/%m/%Y}"}
    )
    assert response.status_code == 302
    exception = LockException.objects.get()
    assert (exception.force, exception.ends_on, exception.reason) == (force_a, ends, "New crime system")


def test_lock_exception_form_errors(coordinator, force_a, locked_period):
    page = reverse("performance:period-exceptions", args=[locked_period.slug])
    html = coordinator.post(page, {"force": force_a.pk, "reason": "", "ends_on": "soon"}).content.decode()
    assert "Enter the reason for the exception" in html
    assert "Enter the date as day/month/year" in html
    assert not LockException.objects.exists()


@pytest.mark.parametrize("persona", ["planner_a", "analyst"])
def test_only_the_coordinator_grants_exceptions(request, persona, locked_period):
    page = reverse("performance:period-exceptions", args=[locked_period.slug])
    assert request.getfixturevalue(persona).get(page).status_code == 403


# --- Import and export pages -------------------------------------------------------------------


def _upload(client, content: bytes, name="figures.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("performance:import"), {"file": upload})


def test_planner_imports_their_forces_figures(planner_a, force_a, open_period):
    rows = "force_code,period,measure_code,breakdown,value,note\r\nforce-a,2026-27 H1,D1,,12,\r\n"
    response = _upload(planner_a, ("\ufeff" + rows).encode())
    assert response.status_code == 302
    assert ReturnValue.objects.get().value == 12
    assert "1 figures added" in planner_a.get(reverse("performance:import-done")).content.decode()


def test_import_page_lists_row_errors_and_saves_nothing(planner_a, force_a, force_b, open_period):
    rows = (
        "force_code,period,measure_code,breakdown,value,note\nforce-a,2026-27 H1,D1,,12,\nforce-b,2026-27 H1,D1,,5,\n"
    )
    response = _upload(planner_a, rows.encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file has 1 problem in 1 row. Nothing has been saved" in html
    assert "You can only upload figures for your own force" in html
    assert not ReturnValue.objects.exists()


def test_import_page_refuses_other_files(planner_a, open_period):
    html = _upload(planner_a, b"x", name="figures.xlsx").content.decode()
    assert "The selected file must be a CSV file" in html


@pytest.mark.parametrize("persona", ["viewer_a", "analyst"])
def test_read_only_roles_cannot_import_or_export(request, persona, open_period):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("performance:import")).status_code == 403
    assert client.get(reverse("performance:export")).status_code == 403


def test_force_export_holds_only_their_force(planner_a, force_a, force_b, open_period):
    store(force_a, open_period, {("D1", ""): 5})
    store(force_b, open_period, {("D1", ""): 6}, status=Return.Status.APPROVED)
    response = planner_a.get(reverse("performance:export"))
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="vawg-returns-force-a.csv"'
    assert "force-a,2026-27 H1,D1,,5," in body and "force-b" not in body


def test_coordinator_exports_every_force(coordinator, force_a, force_b, open_period):
    store(force_a, open_period, {("D1", ""): 5})
    store(force_b, open_period, {("D1", ""): 6})
    body = coordinator.get(reverse("performance:export")).content.decode("utf-8-sig")
    assert "force-a" in body and "force-b" in body


# --- Peer groups -------------------------------------------------------------------------------


def test_coordinator_loads_peer_groups(coordinator, force_a, force_b):
    upload = io.BytesIO(b"force_code,peer_code\nforce-a,force-b\n")
    upload.name = "peers.csv"
    assert coordinator.post(reverse("performance:peers"), {"file": upload}).status_code == 302
    assert list(PeerLink.objects.values_list("force__code", "peer__code")) == [("force-a", "force-b")]


def test_planner_reads_peer_groups_but_cannot_load(planner_a, force_a, force_b):
    assert planner_a.get(reverse("performance:peers")).status_code == 200
    upload = io.BytesIO(b"force_code,peer_code\nforce-a,force-b\n")
    upload.name = "peers.csv"
    assert planner_a.post(reverse("performance:peers"), {"file": upload}).status_code == 403
    assert not PeerLink.objects.exists()
