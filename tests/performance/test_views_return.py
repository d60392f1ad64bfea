"""The return page: enter, save, submit; the national review; history; and who may see or change what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from performance.models import Return, ReturnValue

from .conftest import full_figures, store


def url(force, period, suffix=""):
    return reverse(f"performance:return{suffix}", args=[force.code, period.slug])


def form_data(figures=None, action="save", **notes):
    figures = full_figures() if figures is None else figures
    data = {"action": action}
    for (code, breakdown), value in figures.items():
        name = f"v_{code}__{breakdown}" if breakdown else f"v_{code}"
        data[name] = "" if value is None else str(value)
    for code, note in notes.items():
        data[f"n_{code}"] = note
    return data


def test_planner_sees_an_empty_form_for_an_open_period(planner_a, force_a, open_period):
    response = planner_a.get(url(force_a, open_period))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Return for 2026-27 H1" in html
    assert 'name="v_C1__a"' in html and 'name="n_D1"' in html
    assert 'name="v_S1"' not in html  # annual: only in the period ending in March
    assert "novalidate" in html


def test_planner_saves_a_draft(planner_a, force_a, open_period):
    response = planner_a.post(url(force_a, open_period), form_data())
    assert response.status_code == 302
    ret = Return.objects.get(force=force_a, period=open_period)
    assert ret.status == Return.Status.DRAFT
    assert ret.values.get(measure__code="C1", breakdown="a").value == Decimal(60)


def test_wrong_figures_re_render_with_the_error_summary_and_save_nothing(planner_a, force_a, open_period):
    data = form_data()
    data["v_C2"] = "lots"
    data["v_C1__a"] = "1"
    response = planner_a.post(url(force_a, open_period), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert 'href="#id_v_C2">C2: Enter a whole number, 0 or more' in html
    assert not ReturnValue.objects.exists()


def test_figures_that_disagree_are_shown_against_the_figure(planner_a, force_a, open_period):
    response = planner_a.post(url(force_a, open_period), form_data(full_figures(a=1, b=1)))
    assert response.status_code == 200
    assert 'href="#id_v_C1">The victim ethnicity figures for C1 add up to 2, not the total of 100' in (
        response.content.decode()
    )
    assert not ReturnValue.objects.exists()


def test_submit_with_a_missing_figure_saves_the_draft_and_asks_for_the_reason(planner_a, force_a, open_period):
    figures = full_figures()
    figures[("D1", "")] = None
    response = planner_a.post(url(force_a, open_period), form_data(figures, action="submit"))
    html = response.content.decode()
    assert "Your figures were saved as a draft, but the return cannot be submitted yet" in html
    assert "Enter D1, or give the reason it is missing" in html
    assert Return.objects.get().status == Return.Status.DRAFT
    response = planner_a.post(url(force_a, open_period), form_data(figures, action="submit", D1="Not recorded"))
    assert response.status_code == 302
    assert Return.objects.get().status == Return.Status.SUBMITTED


def test_a_locked_period_says_why_and_refuses_changes(planner_a, force_a, locked_period):
    store(force_a, locked_period, full_figures())
    response = planner_a.get(url(force_a, locked_period))
    html = response.content.decode()
    assert "The period closed on" in html
    assert 'name="v_C1"' not in html
    response = planner_a.post(url(force_a, locked_period), form_data(full_figures(d1=99)))
    assert response.status_code == 200
    assert "The period closed on" in response.content.decode()
    assert ReturnValue.objects.get(measure__code="D1").value == 30


def test_another_force_cannot_see_a_draft(planner_b, force_a, open_period):
    store(force_a, open_period, full_figures())
    assert planner_b.get(url(force_a, open_period)).status_code == 404
    assert planner_b.post(url(force_a, open_period), form_data()).status_code == 404
    assert ReturnValue.objects.get(measure__code="D1").value == 30


def test_another_force_cannot_see_a_return_not_started(planner_b, force_a, open_period):
    assert planner_b.get(url(force_a, open_period)).status_code == 404


def test_another_force_reads_an_approved_return(planner_b, force_a, open_period):
    store(force_a, open_period, full_figures(d1=77), status=Return.Status.APPROVED)
    response = planner_b.get(url(force_a, open_period))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">77 days<" in html
    assert 'name="v_D1"' not in html
    # Seeing another force's approved return never lets you change it.
    assert planner_b.post(url(force_a, open_period), form_data()).status_code == 403


def test_viewer_reads_but_cannot_change(viewer_a, force_a, open_period):
    store(force_a, open_period, full_figures())
    assert viewer_a.get(url(force_a, open_period)).status_code == 200
    assert viewer_a.post(url(force_a, open_period), form_data(full_figures(d1=5))).status_code == 403
    assert ReturnValue.objects.get(measure__code="D1").value == 30


def test_national_analyst_reads_drafts_but_cannot_change(analyst, force_a, open_period):
    store(force_a, open_period, full_figures())
    assert analyst.get(url(force_a, open_period)).status_code == 200
    assert analyst.post(url(force_a, open_period), form_data()).status_code == 403


def test_anonymous_is_sent_to_sign_in(anonymous, force_a, open_period, login_url):
    response = anonymous.get(url(force_a, open_period))
    assert response.status_code == 302
    assert response.url.startswith(reverse(login_url))


def test_unknown_force_or_period_is_404(planner_a, force_a, open_period):
    assert planner_a.get(reverse("performance:return", args=["nowhere", open_period.slug])).status_code == 404
    assert planner_a.get(reverse("performance:return", args=[force_a.code, "1999-00-h1"])).status_code == 404


def test_wrong_method_is_refused(planner_a, force_a, open_period):
    assert planner_a.put(url(force_a, open_period)).status_code == 405
    assert planner_a.post(url(force_a, open_period, "-history")).status_code == 405


def test_coordinator_approves_a_submitted_return(coordinator, force_a, open_period):
    store(force_a, open_period, full_figures(), status=Return.Status.SUBMITTED)
    assert coordinator.get(url(force_a, open_period, "-review")).status_code == 200
    response = coordinator.post(url(force_a, open_period, "-review"), {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    assert Return.objects.get().status == Return.Status.APPROVED


def test_coordinator_returns_with_comments(coordinator, force_a, open_period):
    store(force_a, open_period, full_figures(), status=Return.Status.SUBMITTED)
    response = coordinator.post(url(force_a, open_period, "-review"), {"decision": "return", "comment": ""})
    assert response.status_code == 200
    assert "Enter comments for the force" in response.content.decode()
    assert Return.objects.get().status == Return.Status.SUBMITTED
    coordinator.post(url(force_a, open_period, "-review"), {"decision": "return", "comment": "Check C2 <b>now</b>"})
    ret = Return.objects.get()
    assert (ret.status, ret.review_comment) == (Return.Status.RETURNED, "Check C2 <b>now</b>")


@pytest.mark.parametrize("persona", ["planner_a", "analyst", "chief_a"])
def test_only_the_national_coordinator_reviews(request, persona, force_a, open_period):
    store(force_a, open_period, full_figures(), status=Return.Status.SUBMITTED)
    client = request.getfixturevalue(persona)
    assert client.post(url(force_a, open_period, "-review"), {"decision": "approve"}).status_code == 403
    assert Return.objects.get().status == Return.Status.SUBMITTED


def test_review_of_another_forces_draft_is_404_for_a_force_user(planner_b, force_a, open_period):
    store(force_a, open_period, full_figures(), status=Return.Status.SUBMITTED)
    assert planner_b.get(url(force_a, open_period, "-review")).status_code == 404


def test_returned_comment_is_shown_escaped_to_the_force(planner_a, force_a, open_period):
    ret = store(force_a, open_period, full_figures(), status=Return.Status.RETURNED)
    ret.review_comment = "Check <script>alert(1)</script>"
    ret.save()
    html = planner_a.get(url(force_a, open_period)).content.decode()
    assert "Check &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_history_lists_figure_changes_and_status(planner_a, force_a, open_period, planner_b):
    planner_a.post(url(force_a, open_period), form_data())
    planner_a.post(url(force_a, open_period), form_data(full_figures(d1=44), action="submit"))
    response = planner_a.get(url(force_a, open_period, "-history"))
    html = response.content.decode()
    assert "D1: 44" in html and "D1: 30" in html and "Submitted" in html
    assert planner_b.get(url(force_a, open_period, "-history")).status_code == 404


def test_return_page_queries_do_not_grow_with_figures(planner_a, force_a, open_period, django_assert_max_num_queries):
    store(force_a, open_period, full_figures())
    with django_assert_max_num_queries(16):
        planner_a.get(url(force_a, open_period))
