"""
"Law as at", dates a statement depends on, the review policy and the national review list (#12).

Today is taken from the clock, so every date here is relative to timezone.localdate().
"""

import datetime
import re

import pytest
import yaml
from django.utils import timezone

from common.reference import ReferenceDataError
from toolkit.models import REVIEW_AFTER_MONTHS, Behaviour, GeneralLimit, Offence, Tactic, months_before
from toolkit.reference import TOOLKIT_FILE, load
from toolkit.selectors import behaviour_list_by_category, toolkit_review_list, toolkit_search
from toolkit.services import toolkit_entry_mark_reviewed

from .factories import BehaviourFactory, OffenceFactory, TacticFactory

REVIEW_URL = "/toolkit/review/"


def _today():
    return timezone.localdate()


# Data defects ----------------------------------------------------------------------------------------

def test_online_safety_act_s181_summary_maximum_is_the_general_limit(client, toolkit_data):
    s181 = Offence.objects.get(slug="osa-2023-s181")
    assert s181.uses_general_limit is True
    limit = GeneralLimit.objects.first()
    page = client.get("/toolkit/offences/osa-2023-s181/").content.decode()
    assert f"The general limit in a magistrates' court is {limit.months} months" in page


def test_no_general_limit_offence_fixes_its_summary_term_in_text(toolkit_data):
    # The term on summary conviction comes from the dated GeneralLimit rows, never from page text.
    fixed = [
        o.slug for o in Offence.objects.filter(uses_general_limit=True)
        if re.search(r"\b\d+ months\b", o.max_penalty)
    ]
    assert fixed == []


def test_strangulation_follows_the_dated_general_limit(client, toolkit_data):
    GeneralLimit.objects.create(starts_on=_today() - datetime.timedelta(days=1), months=9)
    page = client.get("/toolkit/offences/sca-2015-s75a/").content.decode()
    penalty = re.search(r"Maximum penalty</dt>(.*?)</dd>", page, re.S).group(1)
    assert "The general limit in a magistrates' court is 9 months" in penalty
    assert "12 months" not in penalty
    behaviour = client.get("/toolkit/behaviours/non-fatal-strangulation/").content.decode()
    assert "the general limit is 9 months" in behaviour


def test_sexual_assault_summary_says_13_or_over_and_points_to_s7(toolkit_data):
    summary = Offence.objects.get(slug="soa-2003-s3").summary
    assert "13 or over" in summary
    assert "(s7)" in summary


def test_fgm_act_s3a_is_added_linked_to_fgm_and_marked_for_checking(client, toolkit_data):
    s3a = Offence.objects.get(act="Female Genital Mutilation Act 2003", section="3A")
    assert Behaviour.objects.get(slug="fgm").offences.filter(pk=s3a.pk).exists()
    assert s3a.needs_check is True
    assert s3a.date_review_due(_today()) is True
    page = client.get(f"/toolkit/offences/{s3a.slug}/").content.decode()
    assert "This entry needs review: Added in November 2026 from general knowledge" in page
    assert "Check before relying on this" in page


# Law as at and the disclaimer -------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/toolkit/behaviours/stalking/", "/toolkit/offences/poa-1986-s4a/", "/toolkit/tools/spo/",
])
def test_every_entry_page_says_law_as_at_and_what_the_authority_is(client, toolkit_data, url):
    page = client.get(url).content.decode()
    # The shipped verification pass is dated to the month only; no day is invented.
    assert "Law as at November 2026" in page
    assert "guidance, not legal advice" in page
    assert 'href="https://www.legislation.gov.uk/"' in page
    assert "college.police.uk/guidance/violence-against-women-and-girls-toolkit" in page


def test_the_toolkit_home_says_it_is_guidance(client, toolkit_data):
    page = client.get("/toolkit/").content.decode()
    assert "guidance, not legal advice" in page


def test_a_curator_review_dates_the_law_to_the_day(client, toolkit_data, coordinator_user):
    tool = Tactic.objects.get(slug="spo")
    toolkit_entry_mark_reviewed(entry=tool, user=coordinator_user, on=datetime.date(2026, 11, 3))
    tool.refresh_from_db()
    assert tool.reviewed_month_only is False
    assert "Law as at 3 November 2026" in client.get("/toolkit/tools/spo/").content.decode()


def test_an_entry_never_checked_says_so(client, db):
    offence = OffenceFactory(last_reviewed_on=None)
    page = client.get(f"/toolkit/offences/{offence.slug}/").content.decode()
    assert "Law as at – not yet checked" in page
    assert "its law has not been checked against the legislation yet" in page


# Dates a statement depends on ---------------------------------------------------------------------------

def test_the_dapn_pilot_end_has_passed_so_the_entry_needs_review(client, toolkit_data):
    dapn = Tactic.objects.get(slug="dapn")
    assert dapn.review_due_on == datetime.date(2026, 4, 1)
    page = client.get("/toolkit/tools/dapn/").content.decode()
    assert "This entry needs review: The pilot of domestic abuse protection notices and orders was extended to " \
           "31 March 2026" in page


@pytest.mark.parametrize(("offset", "warned"), [(-1, True), (0, True), (1, False)])
def test_a_date_dependent_warning_shows_from_its_date(client, db, offset, warned):
    tool = TacticFactory(last_reviewed_on=_today(), review_due_on=_today() + datetime.timedelta(days=offset),
                         review_reason="Pilot ends")
    page = client.get(f"/toolkit/tools/{tool.slug}/").content.decode()
    assert ("This entry needs review: Pilot ends" in page) is warned


def test_marking_reviewed_does_not_clear_a_passed_date(db, coordinator_user):
    tool = TacticFactory(last_reviewed_on=None, review_due_on=_today(), review_reason="Pilot ends")
    toolkit_entry_mark_reviewed(entry=tool, user=coordinator_user)
    assert tool.date_review_due(_today()) is True
    assert tool.review_overdue(_today()) is False


@pytest.mark.parametrize(("months_ago", "overdue"), [(REVIEW_AFTER_MONTHS - 1, False), (REVIEW_AFTER_MONTHS, False),
                                                     (REVIEW_AFTER_MONTHS + 1, True)])
def test_the_review_policy_is_twelve_months(db, months_ago, overdue):
    behaviour = BehaviourFactory(last_reviewed_on=months_before(_today(), months_ago))
    assert behaviour.review_overdue(_today()) is overdue


def test_months_before_keeps_to_the_end_of_a_short_month():
    assert months_before(datetime.date(2024, 2, 29), 12) == datetime.date(2023, 2, 28)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), -2) == datetime.date(2026, 3, 15)


def test_the_curator_form_keeps_an_offence_s_dates_when_saved_unchanged(coordinator, toolkit_data):
    # The dates are GOV.UK day/month/year boxes: a browser date box showed "01/04/2026" as empty
    # and a save lost the date.
    html = coordinator.get("/toolkit/curate/offence/sca-2015-s75a/").content.decode()
    assert 'name="in_force_from_0" value="7"' in html and 'name="in_force_from_2" value="2022"' in html


def test_the_curator_form_wants_a_reason_with_a_review_date(coordinator, toolkit_data):
    tool = Tactic.objects.get(slug="spo")
    data = {f: getattr(tool, f) or "" for f in ("name", "kind", "summary", "verified")}
    data |= {"review_due_on_0": "31", "review_due_on_1": "1", "review_due_on_2": "2027", "review_reason": ""}
    response = coordinator.post("/toolkit/curate/tool/spo/", data)
    assert response.status_code == 200
    assert "Enter what must be checked on the review date" in response.content.decode()
    data["review_reason"] = "Check the commencement"
    assert coordinator.post("/toolkit/curate/tool/spo/", data).status_code == 302
    tool.refresh_from_db()
    assert (tool.review_due_on, tool.review_reason) == (datetime.date(2027, 1, 31), "Check the commencement")


# The loader -------------------------------------------------------------------------------------------

def _load_with(tmp_path, change):
    data = yaml.safe_load(TOOLKIT_FILE.read_text())
    change(data)
    path = tmp_path / "toolkit.yaml"
    path.write_text(yaml.safe_dump(data))
    return load(path)


def test_the_loader_reads_a_month_only_review_date(empty_toolkit):
    load()
    entry = Offence.objects.get(slug="poa-1986-s4a")
    assert (entry.last_reviewed_on, entry.reviewed_month_only) == (datetime.date(2026, 11, 1), True)
    assert entry.law_as_at == "November 2026"


def test_the_loader_refuses_a_review_date_without_its_reason(empty_toolkit, tmp_path):
    def change(data):
        data["tools"][0]["review_due_on"] = "2027-01-01"
        data["tools"][0].pop("review_reason", None)

    with pytest.raises(ReferenceDataError, match=r"tools\[0\]\.review_reason"):
        _load_with(tmp_path, change)


# The national review list -----------------------------------------------------------------------------

def test_the_review_list_holds_passed_dates_and_overdue_entries_only(empty_toolkit):
    today = _today()
    old = OffenceFactory(name="Old", last_reviewed_on=months_before(today, REVIEW_AFTER_MONTHS + 2))
    never = BehaviourFactory(name="Never", last_reviewed_on=None)
    dated = TacticFactory(name="Dated", last_reviewed_on=today, review_due_on=today - datetime.timedelta(days=3),
                          review_reason="Pilot ended")
    TacticFactory(name="Current", last_reviewed_on=today, review_due_on=today + datetime.timedelta(days=3),
                  review_reason="Pilot ends soon")
    OffenceFactory(name="Fresh", last_reviewed_on=months_before(today, 2))
    rows = toolkit_review_list(today=today)
    assert [row.name for row in rows] == ["Never", "Old", "Dated"]
    assert [row.slug for row in rows] == [never.slug, old.slug, dated.slug]
    assert rows[2].date_due and not rows[2].overdue
    assert [row.name for row in toolkit_review_list(today=today, sort="name", descending=True)] == \
        ["Old", "Never", "Dated"]


def test_the_review_list_reads_three_queries(empty_toolkit, django_assert_num_queries):
    for _ in range(3):
        OffenceFactory(last_reviewed_on=None)
        BehaviourFactory(last_reviewed_on=None)
    with django_assert_num_queries(3):
        toolkit_review_list(today=_today())


def test_a_coordinator_sees_the_review_list_with_edit_links(coordinator, toolkit_data):
    response = coordinator.get(REVIEW_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Domestic Abuse Protection Notice (DAPN)" in page
    assert "Failing to protect a girl from risk of genital mutilation" in page
    dapn = Tactic.objects.get(slug="dapn")
    # Not staff: the curator page; the admin link is for staff.
    assert "/toolkit/curate/tool/dapn/" in page
    assert f"/admin/toolkit/tactic/{dapn.pk}/change/" not in page


def test_staff_curators_get_admin_links(coordinator, coordinator_user, toolkit_data):
    coordinator_user.is_staff = True
    coordinator_user.save()
    dapn = Tactic.objects.get(slug="dapn")
    assert f"/admin/toolkit/tactic/{dapn.pk}/change/" in coordinator.get(REVIEW_URL).content.decode()


def test_an_analyst_reads_the_list_without_edit_links(analyst, toolkit_data):
    response = analyst.get(REVIEW_URL)
    assert response.status_code == 200
    assert "/toolkit/curate/" not in response.content.decode()


@pytest.mark.parametrize("who", ["planner_a", "chief_a", "viewer_a"])
def test_force_users_are_refused_the_review_list(request, toolkit_data, who):
    assert request.getfixturevalue(who).get(REVIEW_URL).status_code == 403


def test_anonymous_is_sent_to_sign_in_for_the_review_list(anonymous, toolkit_data):
    response = anonymous.get(REVIEW_URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("sort", ["name", "-name", "kind", "checked", "-due", "nonsense", ""])
def test_the_review_list_sorts_by_any_column_and_ignores_a_bad_sort(coordinator, toolkit_data, sort):
    response = coordinator.get(REVIEW_URL, {"sort": sort})
    assert response.status_code == 200
    page = response.content.decode()
    expected = sort.lstrip("-") if sort.lstrip("-") in ("name", "kind", "checked", "due") else "due"
    order = "descending" if sort.startswith("-") and expected != "due" or sort == "-due" else "ascending"
    assert re.search(rf'aria-sort="{order}"><a class="govuk-link" href="\?sort=-?{expected}"', page)


def test_the_review_list_link_shows_on_the_toolkit_home_for_national_users_only(coordinator, planner_a,
                                                                                toolkit_data):
    assert REVIEW_URL in coordinator.get("/toolkit/").content.decode()
    assert REVIEW_URL not in planner_a.get("/toolkit/").content.decode()


@pytest.mark.parametrize(("review", "shown", "hidden"), [
    ("date", "Domestic Abuse Protection Notice (DAPN)", "Stalking Protection Order (SPO)"),
    ("overdue", "Never checked tool", "Domestic Abuse Protection Notice (DAPN)"),
])
def test_the_admin_filters_entries_due_for_review(coordinator, coordinator_user, toolkit_data, review, shown,
                                                  hidden):
    coordinator_user.is_staff = True
    coordinator_user.save()
    TacticFactory(name="Never checked tool", last_reviewed_on=None)
    page = coordinator.get("/admin/toolkit/tactic/", {"review": review}).content.decode()
    assert shown in page and hidden not in page


# The marker in search results -------------------------------------------------------------------------

def _cards(content: str) -> dict[str, str]:
    """Each search result card's HTML by the entry's name."""
    cards = {}
    for card in content.split('<li class="app-toolkit-hit"')[1:]:
        name = re.search(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>', card).group(1)
        cards.setdefault(name, card.split("</li>")[0])
    return cards


def _mark_dapn_due_and_dapo_current():
    today = _today()
    Tactic.objects.filter(slug="dapn").update(
        last_reviewed_on=today, reviewed_month_only=False, review_due_on=today - datetime.timedelta(days=1),
        review_reason="The pilot ended yesterday: check whether it was extended")
    Tactic.objects.filter(slug="dapo").update(
        last_reviewed_on=months_before(today, 2), reviewed_month_only=True, review_due_on=None, review_reason="")


def test_search_results_mark_an_entry_whose_review_date_has_passed(anonymous, toolkit_data):
    _mark_dapn_due_and_dapo_current()
    content = anonymous.get("/toolkit/", {"q": "domestic abuse protection"}).content.decode()
    cards = _cards(content)
    dapn, dapo = cards["Domestic Abuse Protection Notice (DAPN)"], cards["Domestic Abuse Protection Order (DAPO)"]
    # The reason is text beside the tag, not colour alone.
    assert "Needs review" in dapn
    assert "The pilot ended yesterday: check whether it was extended" in dapn
    assert f"Law as at {Tactic.objects.get(slug='dapn').law_as_at}" in dapn
    assert "Needs review" not in dapo
    assert f"Law as at {months_before(_today(), 2):%B %Y}" in dapo


def test_the_show_all_page_marks_the_same_entries(anonymous, toolkit_data):
    _mark_dapn_due_and_dapo_current()
    content = anonymous.get("/toolkit/search/", {"q": "domestic abuse protection", "group": "tools"}).content.decode()
    cards = _cards(content)
    assert "Needs review" in cards["Domestic Abuse Protection Notice (DAPN)"]
    assert "Needs review" not in cards["Domestic Abuse Protection Order (DAPO)"]


def test_search_hits_say_why_an_overdue_or_unchecked_entry_needs_review(toolkit_data):
    today = _today()
    Tactic.objects.filter(slug="dapn").update(last_reviewed_on=None, review_due_on=None, review_reason="")
    Tactic.objects.filter(slug="dapo").update(last_reviewed_on=months_before(today, REVIEW_AFTER_MONTHS + 1),
                                              review_due_on=None, review_reason="")
    hits = {hit.slug: hit for hit in toolkit_search(query="domestic abuse protection", today=today).tools}
    assert hits["dapn"].review_note == "its law has not been checked against the legislation yet"
    assert hits["dapn"].law_as_at == ""
    assert hits["dapo"].review_note == f"its law was last checked more than {REVIEW_AFTER_MONTHS} months ago"
    # A review date still to come does not mark the entry.
    Tactic.objects.filter(slug="dapo").update(last_reviewed_on=today, review_due_on=today + datetime.timedelta(days=1),
                                              review_reason="Pilot ends tomorrow")
    hits = {hit.slug: hit for hit in toolkit_search(query="domestic abuse protection", today=today).tools}
    assert hits["dapo"].review_note == ""


def test_marked_results_keep_the_search_query_count(anonymous, toolkit_data, django_assert_max_num_queries):
    _mark_dapn_due_and_dapo_current()
    anonymous.get("/toolkit/", {"q": "warm up"})
    # As test_toolkit_home_view's count: the review state comes from the rows the search already reads.
    with django_assert_max_num_queries(9):
        content = anonymous.get("/toolkit/", {"q": "domestic abuse protection"}).content.decode()
    assert "Needs review" in content


def test_the_browse_list_marks_behaviours_that_need_review_in_one_query(anonymous, toolkit_data,
                                                                        django_assert_max_num_queries):
    today = _today()
    Behaviour.objects.update(last_reviewed_on=today, review_due_on=None, review_reason="")
    marked = Behaviour.objects.order_by("name").first()
    Behaviour.objects.filter(pk=marked.pk).update(review_due_on=today, review_reason="A commencement date has come")
    with django_assert_max_num_queries(1):
        notes = {b.slug: b.review_note for _, items in behaviour_list_by_category(today=today) for b in items}
    assert notes[marked.slug] == "A commencement date has come"
    assert sum(1 for note in notes.values() if note) == 1
    content = anonymous.get("/toolkit/").content.decode()
    assert content.count("Needs review</strong>") == 1
    link = rf'href="/toolkit/behaviours/{marked.slug}/">[^<]+</a>'
    assert re.search(link + r' <strong class="govuk-tag[^"]*">Needs review', content)
