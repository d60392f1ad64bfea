import pytest
from django.urls import reverse

from reports.models import ReportJob

URL = "/toolkit/"


def test_it_shows_categories_to_anonymous_visitors(anonymous, toolkit_data):
    response = anonymous.get(URL)
    assert response.status_code == 200
    assert b"Behaviours by category" in response.content
    assert b"Stalking and harassment" in response.content


def test_it_shows_grouped_results_for_a_query(anonymous, toolkit_data):
    response = anonymous.get(URL, {"q": "stalking"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Stalking Protection Order" in content
    assert content.index("Behaviours") < content.index("Offences") < content.index("Protective tools")


def test_it_says_which_correction_it_made(anonymous, toolkit_data):
    response = anonymous.get(URL, {"q": "stalkng"})
    assert "you typed ‘stalkng’" in response.content.decode()


def test_it_answers_htmx_with_the_results_fragment_only(anonymous, toolkit_data):
    response = anonymous.get(URL, {"q": "spiking"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="toolkit-results")
    content = response.content.decode()
    assert "<html" not in content
    assert "Spiking (drink or needle)" in content


def test_it_shows_a_gov_uk_error_for_a_bad_filter(anonymous, toolkit_data):
    response = anonymous.get(URL, {"q": "stalking", "kind": "magic"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Choose a kind of tool from the list" in content
    assert content.count("<h1") == 1


def test_it_filters_by_status(anonymous, toolkit_data):
    response = anonymous.get(URL, {"status": "repealed"})
    content = response.content.decode()
    assert "Disclosing or threatening to disclose private sexual photographs" in content
    assert "Exposure (flashing)" not in content


def test_search_takes_a_fixed_number_of_queries(anonymous, toolkit_data, django_assert_max_num_queries):
    anonymous.get(URL, {"q": "warm up"})
    # The search stamp, three candidate queries, two of behaviour links, three of summaries: fixed, whatever the data.
    with django_assert_max_num_queries(9):
        anonymous.get(URL, {"q": "someone keeps following me home"})


def test_it_refuses_post(anonymous, toolkit_data):
    assert anonymous.post(URL, {"q": "x"}).status_code == 405


@pytest.mark.parametrize("query", ["!!!", "'; DROP TABLE toolkit_offence; --", "a & b | !c", "é" * 50, "s", "section"])
def test_odd_queries_answer_normally(anonymous, toolkit_data, query):
    assert anonymous.get(URL, {"q": query}).status_code == 200
    assert anonymous.get("/api/v1/toolkit/offences/", {"search": query}).status_code == 200


def test_an_overlong_query_is_a_gov_uk_error(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "x" * 201}).content.decode()
    assert "Search for 200 characters or fewer" in content


# Accessibility of the search (issue 15: findings 2, 4 and 5).
def test_the_search_error_is_tied_to_its_box_and_the_summary_links_to_it(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "x" * 201}).content.decode()
    assert 'href="#toolkit-q"' in content
    box = content[content.index('<input class="govuk-input govuk-input--error'):]
    box = box[:box.index(">")]
    assert 'id="toolkit-q"' in box
    assert "govuk-input--error" in box
    assert 'aria-invalid="true"' in box
    assert 'aria-describedby="toolkit-q-hint toolkit-q-error"' in box
    assert '<p id="toolkit-q-error" class="govuk-error-message">' in content


def test_a_bad_filter_links_to_its_select(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "stalking", "kind": "magic"}).content.decode()
    assert 'href="#toolkit-kind"' in content
    assert 'id="toolkit-kind"' in content


def test_results_are_outside_the_live_region_and_a_status_sentence_is_announced(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "stalking"}).content.decode()
    assert "aria-live" not in content
    status = content[content.index('id="toolkit-search-status"'):]
    status = status[:status.index("</div>")]
    assert 'role="status"' in status
    assert "for ‘stalking’" in status
    assert "Stalking Protection Order" not in status


def test_the_htmx_answer_updates_the_title_heading_and_status(anonymous, toolkit_data):
    content = anonymous.get(
        URL, {"q": "stalking"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="toolkit-results"
    ).content.decode()
    assert content.lstrip().startswith("<title>Search results for ‘stalking’ – VAWG Portal</title>")
    heading = '<h1 class="govuk-heading-l" id="toolkit-heading" hx-swap-oob="true">Search the misogyny toolkit</h1>'
    assert heading in content
    assert '<div id="toolkit-search-status" hx-swap-oob="innerHTML">' in content
    assert "Stalking Protection Order" in content


def test_the_box_is_filled_from_the_address_and_typing_replaces_the_address(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "following me"}).content.decode()
    assert 'value="following me"' in content
    assert 'hx-replace-url="true"' in content
    assert "hx-push-url" not in content
    assert 'hx-history="false"' in content
    assert "js/htmx-config.js" in content


def test_the_page_and_its_htmx_fragment_vary_on_the_htmx_headers(anonymous, toolkit_data):
    # Otherwise Back to a search shows the cached fragment, unstyled, as the whole page.
    response = anonymous.get(URL, {"q": "stalking"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="toolkit-results")
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in anonymous.get(URL, {"q": "stalking"})["Vary"]


def test_anyone_can_ask_for_the_toolkit_in_print_from_the_home_page(anonymous, toolkit_data):
    page = anonymous.get(reverse("toolkit:home")).content.decode()
    action = reverse("reports:toolkit-pdf")
    assert f'action="{action}"' in page and "Download the toolkit as PDF" in page
    response = anonymous.post(action)
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.kind == ReportJob.Kind.TOOLKIT_PDF and job.requested_by is None
    assert response.url == reverse("reports:job-status", args=[job.uuid])


def test_an_exact_name_is_shown_in_a_best_match_panel_above_the_groups(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "domestic abuse protection order"}).content.decode()
    panel = content[content.index('id="best-match-heading"'):content.index('id="group-1"')]
    assert "Domestic Abuse Protection Order (DAPO)" in panel
    assert "Domestic Abuse Protection Notice" not in panel


def test_everyday_words_show_no_best_match_panel(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "he grabbed me by the throat"}).content.decode()
    assert "best-match-heading" not in content
    assert "Strangulation or suffocation" in content
