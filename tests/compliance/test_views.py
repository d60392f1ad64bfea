"""
The compliance pages: who may see them, filters and sorting in the URL, exports, the headline
figures as printed, and a fixed number of queries at small and larger scale.
"""

import csv
import io
import re

import pytest
from django.db.models import Q
from django.urls import reverse
from openpyxl import load_workbook

from action_plans.models import ActionPlan
from frameworks.models import FrameworkAction, Outcome

from .conftest import add_plan, build_forces

OVERVIEW = "/compliance/"
PAGES = ["/compliance/", "/compliance/heatmap/", "/compliance/timeline/", "/compliance/export.csv",
         "/compliance/export.xlsx"]


@pytest.mark.parametrize("url", PAGES)
def test_national_pages_refuse_force_users(planner_a, url, planning_round):
    assert planner_a.get(url).status_code == 403


@pytest.mark.parametrize("url", [*PAGES, "/compliance/forces/force-a/", "/compliance/good-practice/"])
def test_anonymous_is_sent_to_sign_in(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", PAGES)
def test_national_roles_see_the_pages(coordinator, analyst, planning_round, period, url):
    add_plan(planning_round.forces.first(), planning_round, status="draft")
    assert coordinator.get(url).status_code == 200
    assert analyst.get(url).status_code == 200


def test_overview_refuses_post(coordinator, planning_round):
    assert coordinator.post(OVERVIEW).status_code == 405


def test_nav_shows_compliance_to_national_roles_only(coordinator, planner_a, planning_round):
    assert b'href="/compliance/"' in coordinator.get("/").content
    assert b'href="/compliance/"' not in planner_a.get("/").content


def _figure(html: str, name: str) -> int:
    return int(re.search(rf'data-figure="{name}">(-?\d+)<', html).group(1))


def test_overview_headline_figures_match_independent_counts(coordinator, planning_round, period):
    build_forces(planning_round, period, 14)
    html = coordinator.get(OVERVIEW).content.decode()
    forces = list(planning_round.forces.all())
    latest = [ActionPlan.objects.filter(force=f, round=planning_round).order_by("-revision").first() for f in forces]
    assert _figure(html, "forces") == len(forces)
    for status in ("approved", "submitted", "awaiting_signoff", "draft", "returned"):
        assert _figure(html, status) == sum(1 for p in latest if p and p.status == status), status
    assert _figure(html, "not_started") == sum(1 for p in latest if p is None)
    assert _figure(html, "late") == sum(1 for p in latest if p and p.is_late)
    assert _figure(html, "overdue") == sum(1 for p in latest if p is None or p.status not in ("submitted", "approved"))
    assert _figure(html, "days") == 10
    assert "Days since the due date" in html


def _cells(html: str, code: str) -> list[str]:
    """The text of each cell of the force's row in the overview table, tags stripped."""
    row = html[html.index(f'data-force="{code}"'):]
    row = row[:row.index("</tr>")]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).replace("&#x27;", "'").strip() for c in cells]


def test_overview_table_figures_match_independent_counts(coordinator, planning_round, period):
    from action_plans.models import LocalAction, ReviewComment
    from action_plans.selectors import current_cycle
    from performance.models import Return

    forces = build_forces(planning_round, period, 14)
    html = coordinator.get(OVERVIEW).content.decode()
    cycle_start = current_cycle().start
    labels = {"approved": "Approved", "submitted": "Submitted", "awaiting_signoff": "Awaiting sign-off",
              "draft": "Draft", "returned": "Returned"}
    expected_fas = FrameworkAction.objects.filter(framework=planning_round.framework, audience="forces")
    for force in forces:
        cells = _cells(html, force.code)
        plan = ActionPlan.objects.filter(force=force, round=planning_round).order_by("-revision").first()
        ret = Return.objects.filter(force=force, period=period).first()
        assert cells[0] == force.name
        assert cells[1] == force.region
        assert cells[9] == str(ReviewComment.objects.filter(plan=plan, response="").count() if plan else 0)
        assert cells[8].startswith(ret.get_status_display() if ret else "Not started")
        if plan is None:
            assert cells[2] == "Not started" and cells[4] == "–"
            continue
        actions = LocalAction.objects.filter(plan=plan)
        assert cells[2] == labels[plan.status]
        assert cells[3].endswith(("Late" if plan.is_late else "On time") if plan.submitted_at else "–")
        assert cells[4] == str(plan.revision)
        addressed = expected_fas.filter(
            Q(local_actions__plan=plan) | Q(pk__in=plan.exemptions.values("framework_action"))).distinct().count()
        assert cells[5].endswith(f"{addressed} of {expected_fas.count()}"), force.name
        rag = f"Red {actions.filter(rag='red').count()} · Amber {actions.filter(rag='amber').count()} · " \
              f"Green {actions.filter(rag='green').count()}"
        assert cells[6].startswith(rag), (cells[6], rag)
        open_actions = actions.exclude(status="complete")
        updated = open_actions.filter(last_progress_on__gte=cycle_start).count()
        if open_actions.exists():
            assert cells[7].endswith(f"{updated} of {open_actions.count()}")


def _forces_in_table(html: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row" data-force="([^"]+)"', html)


def test_filters_keep_their_state_and_narrow_the_table(coordinator, planning_round, period):
    forces = build_forces(planning_round, period, 12)
    html = coordinator.get(OVERVIEW, {"region": "London", "status": "submitted", "sort": "-coverage"}).content.decode()
    shown = set(_forces_in_table(html))
    want = {f.code for f in forces
            if f.region == "London"
            and getattr(ActionPlan.objects.filter(force=f).first(), "status", None) == "submitted"}
    assert shown == want and shown
    assert '<option value="London" selected>' in html
    assert '<option value="submitted" selected>' in html
    # The sort links keep the filters, and the filter form keeps the sort.
    assert 'name="sort" value="-coverage"' in html
    assert "region=London&amp;status=submitted&amp;sort=force" in html
    assert 'aria-sort="descending"' in html


def test_sorting_by_name_descending(coordinator, planning_round, period):
    build_forces(planning_round, period, 6)
    codes = _forces_in_table(coordinator.get(OVERVIEW, {"sort": "-force"}).content.decode())
    names = dict(planning_round.forces.values_list("code", "name"))
    assert [names[c] for c in codes] == sorted(names.values(), reverse=True)


def test_bad_filter_values_are_ignored_not_500(coordinator, planning_round):
    response = coordinator.get(OVERVIEW, {"status": "<x>", "rag": "9", "sort": "-;drop", "region": "x" * 5000})
    assert response.status_code == 200


def test_csv_export_is_the_filtered_table_and_formula_safe(coordinator, planning_round, period, force_a):
    force_a.name = "=HYPERLINK(\"http://evil\")"
    force_a.save()
    add_plan(force_a, planning_round, status="approved", actions=3)
    response = coordinator.get("/compliance/export.csv", {"status": "approved"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Force"
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://evil\")"]
    assert rows[1][2] == "Approved"


def test_xlsx_export_has_every_row(coordinator, planning_round, period):
    build_forces(planning_round, period, 5)
    response = coordinator.get("/compliance/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + planning_round.forces.count()


def _page_queries(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# National scale: every force of England and Wales and the special forces (the bench's 46).
NATIONAL = 46
# Session and user (2), round, period, table, headline, regions, peer groups; the nav's unread count.
OVERVIEW_QUERIES = 9
# The heatmap: session and user (2), round, columns, forces with their plan, then four grouped
# aggregates over every plan (expected, addressed by actions, exemptions, actions), and the nav.
HEATMAP_QUERIES = 10
TIMELINE_QUERIES = 6
# The force, round, period, its row, plan, coverage (5 in action_plans.plan_coverage), overdue
# actions, returns and comments, plus the layout's reads: the same at 3 actions and 150.
FORCE_QUERIES = 17


@pytest.mark.parametrize("scale", [3, NATIONAL])
def test_overview_runs_a_fixed_number_of_queries(coordinator, planning_round, period, scale,
                                                 django_assert_num_queries):
    build_forces(planning_round, period, scale)
    _page_queries(coordinator, OVERVIEW, django_assert_num_queries, OVERVIEW_QUERIES)


@pytest.mark.parametrize("by", ["", "?by=outcome"])
@pytest.mark.parametrize("scale", [3, NATIONAL])
def test_heatmap_runs_a_fixed_number_of_queries(coordinator, planning_round, period, scale, by,
                                                django_assert_num_queries):
    build_forces(planning_round, period, scale)
    _page_queries(coordinator, "/compliance/heatmap/" + by, django_assert_num_queries, HEATMAP_QUERIES)


def test_heatmap_by_outcome_prints_values_and_links_to_the_plan_filtered_by_outcome(coordinator, planning_round,
                                                                                     force_a, force_b):
    plan = add_plan(force_a, planning_round, status="draft", actions=4, covered=3, rags=("red", "green"))
    outcomes = list(Outcome.objects.filter(pillar__framework=planning_round.framework)
                    .order_by("pillar__position", "position", "code"))
    html = coordinator.get("/compliance/heatmap/", {"by": "outcome"}).content.decode()
    assert "Heatmap: forces by outcome" in html
    assert f'href="{reverse("compliance:heatmap")}"' in html  # back to pillars
    # One column per outcome, each cell linking to the plan filtered to that outcome.
    for outcome in outcomes:
        assert reverse("action_plans:plan-actions", args=[plan.pk]) + f"?outcome={outcome.pk}" in html
    row = html[html.index(f'data-force="{force_a.code}"'):]
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row[:row.index("</tr>")], re.S)
    assert len(cells) == len(outcomes) == 6
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]
    # Outcome P1.a: its 2 framework actions addressed by actions 0 (red) and 1 (green).
    assert text[0].startswith("100% covered") and text[0].endswith("50% red or amber of 2")
    # P1.b: action 2 (red) addresses one of its 2; action 3 addresses nothing and names no outcome,
    # so it is in no outcome's cell.
    assert text[1].startswith("50% covered") and text[1].endswith("100% red or amber of 1")
    assert text[2].startswith("0% covered") and text[2].endswith("No actions")
    # A force without a plan has no links, only "No plan".
    other = html[html.index(f'data-force="{force_b.code}"'):]
    assert other[:other.index("</tr>")].count("No plan") == 6


@pytest.mark.parametrize("by", ["", "?by=outcome"])
def test_heatmap_sits_in_a_scrolling_region(coordinator, planning_round, by):
    html = coordinator.get("/compliance/heatmap/" + by).content.decode()
    region = html.index('class="app-table-scroll" role="region"')
    assert region < html.index('<table class="govuk-table app-table--small" id="heatmap">')


def test_heatmap_prints_values_and_links_to_the_plan_filtered_by_pillar(coordinator, planning_round, force_a):
    plan = add_plan(force_a, planning_round, status="draft", actions=4, covered=4, rags=("red", "green"))
    html = coordinator.get("/compliance/heatmap/").content.decode()
    pillar = planning_round.framework.pillars.order_by("position").first()
    link = reverse("action_plans:plan-actions", args=[plan.pk]) + f"?pillar={pillar.pk}"
    assert link in html
    # Pillar 1 has 4 expected actions, all addressed by 4 actions, 2 of them red.
    assert "100% covered" in html
    assert "50% red or amber of 4" in html


def test_force_page_for_national_and_own_force(coordinator, planner_a, planning_round, force_a, period):
    add_plan(force_a, planning_round, status="submitted", actions=3, covered=1)
    for client in (coordinator, planner_a):
        response = client.get("/compliance/forces/force-a/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Coverage gaps" in html and "Please explain" in html
        assert "Overdue actions" in html


def test_force_page_of_another_force_is_404(planner_b, planning_round, force_a):
    assert planner_b.get("/compliance/forces/force-a/").status_code == 404
    assert planner_b.get("/compliance/forces/no-such-force/").status_code == 404


@pytest.mark.parametrize("scale", [3, 150])
def test_force_page_runs_a_fixed_number_of_queries(coordinator, planning_round, period, force_a, scale,
                                                   django_assert_num_queries):
    add_plan(force_a, planning_round, status="approved", actions=scale, covered=min(scale, 12))
    with django_assert_num_queries(FORCE_QUERIES):
        assert coordinator.get("/compliance/forces/force-a/").status_code == 200



def test_good_practice_lists_approved_only_and_searches(planner_b, planning_round, force_a, force_b):
    fa = FrameworkAction.objects.filter(framework=planning_round.framework, audience="forces").order_by("pk").first()
    approved = add_plan(force_a, planning_round, status="approved", actions=1, covered=1)
    draft = add_plan(force_b, planning_round, status="draft", actions=1, covered=1)
    html = planner_b.get("/compliance/good-practice/", {"action": fa.pk}).content.decode()
    assert approved.actions.get().title in html
    assert draft.actions.get().title not in html
    html = planner_b.get("/compliance/good-practice/", {"action": fa.pk, "q": "nothing-like-this"}).content.decode()
    assert "No approved action matches" in html


def test_good_practice_bad_action_is_not_500(planner_b, planning_round):
    assert planner_b.get("/compliance/good-practice/", {"action": "abc"}).status_code == 200
    assert planner_b.get("/compliance/good-practice/", {"action": "99999999"}).status_code == 200


def test_timeline_orders_submissions_around_the_due_date(coordinator, planning_round, force_a, force_b):
    import datetime

    from .conftest import DUE

    early = add_plan(force_a, planning_round, status="submitted")
    late = add_plan(force_b, planning_round, status="approved", late=True)
    ActionPlan.objects.filter(pk=early.pk).update(submitted_at=_at(DUE - datetime.timedelta(days=1)))
    ActionPlan.objects.filter(pk=late.pk).update(submitted_at=_at(DUE + datetime.timedelta(days=3)))
    html = coordinator.get("/compliance/timeline/").content.decode()
    a, due, b = html.index(force_a.name), html.index("due date</strong>"), html.index(force_b.name)
    assert a < due < b
    assert "1 day before the due date" in html and "3 days late" in html


def _at(day):
    import datetime

    from django.utils import timezone

    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize("scale", [3, NATIONAL])
def test_timeline_runs_a_fixed_number_of_queries(coordinator, planning_round, period, scale,
                                                 django_assert_num_queries):
    build_forces(planning_round, period, scale)
    _page_queries(coordinator, "/compliance/timeline/", django_assert_num_queries, TIMELINE_QUERIES)


def test_overview_shows_the_freshness_score(coordinator, planning_round, period, force_a):
    add_plan(force_a, planning_round, status="approved", actions=4, updated=2, comments=0)
    html = coordinator.get(OVERVIEW).content.decode()
    # Two of four open actions updated (50); the return for the period is overdue (0): score 25.
    row = html[html.index('data-force="force-a"'):]
    row = row[:row.index("</tr>")]
    assert re.search(r">25</td>\s*$", row.strip())
    assert "About the freshness score" in html


def test_peer_group_filter_shows_the_force_and_its_peers(coordinator, planning_round, period, force_a, force_b):
    from performance.models import PeerLink

    others = build_forces(planning_round, period, 4)
    PeerLink.objects.create(force=force_a, peer=others[0])
    html = coordinator.get(OVERVIEW, {"peer": "force-a"}).content.decode()
    assert sorted(_forces_in_table(html)) == sorted(["force-a", others[0].code])
    assert '<option value="force-a" selected>' in html


def test_pages_work_with_no_open_round(coordinator, force_a):
    for url in ["/compliance/", "/compliance/heatmap/", "/compliance/timeline/", "/compliance/forces/force-a/",
                "/compliance/export.csv"]:
        assert coordinator.get(url).status_code == 200, url
    assert "no open planning round" in coordinator.get(OVERVIEW).content.decode()


def test_force_outside_the_round_shows_not_started(coordinator, planning_round):
    from tests.factories import ForceFactory

    outside = ForceFactory(code="outside")
    html = coordinator.get(f"/compliance/forces/{outside.code}/").content.decode()
    assert "Not started" in html


def test_force_page_offers_the_plan_pdf_to_those_who_may_read_the_plan(coordinator, planner_a, planning_round,
                                                                       force_a, period):
    plan = add_plan(force_a, planning_round, status="draft", actions=2, covered=1)
    action = f'action="{reverse("reports:plan-pdf", args=[plan.pk])}"'
    for client in (coordinator, planner_a):
        html = client.get("/compliance/forces/force-a/").content.decode()
        assert action in html and "Download as PDF" in html


def test_force_page_without_a_plan_has_no_pdf_button(coordinator, planning_round, force_a, period):
    html = coordinator.get("/compliance/forces/force-a/").content.decode()
    assert "plan-pdf-form" not in html and "Download as PDF" not in html


@pytest.mark.parametrize("typed", ["FAC", "fac", "Force A", "force-a"])
def test_the_force_filter_finds_a_force_by_name_code_or_alias(coordinator, planning_round, period, force_a, typed):
    force_a.aliases = "FAC"
    force_a.save()
    build_forces(planning_round, period, 3)
    html = coordinator.get(OVERVIEW, {"force": typed}).content.decode()
    assert _forces_in_table(html) == ["force-a"]
    assert f'name="force" type="text" value="{typed}"' in html
