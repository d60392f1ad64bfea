"""The "show all" page of one group of a toolkit search: /toolkit/search/?q=…&group=offences&page=2."""

import re

URL = "/toolkit/search/"


def _hit_names(content: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>', content)


def test_the_results_page_links_to_every_match_of_a_group(anonymous, toolkit_data, monkeypatch):
    monkeypatch.setattr("toolkit.selectors.RESULTS_PER_GROUP", 2)
    content = anonymous.get("/toolkit/", {"q": "harassment", "category": "stalking_harassment"}).content.decode()
    assert 'href="/toolkit/search/?q=harassment&amp;category=stalking_harassment&amp;group=tools"' in content
    assert "Show all" in content


def test_it_lists_every_match_in_pages_keeping_the_query_and_filters(anonymous, toolkit_data, monkeypatch):
    monkeypatch.setattr("toolkit.selectors.RESULTS_PER_PAGE", 2)
    first = anonymous.get(URL, {"q": "harassment", "group": "offences", "status": "current"})
    second = anonymous.get(URL, {"q": "harassment", "group": "offences", "status": "current", "page": 2})
    assert first.status_code == second.status_code == 200
    page_one, page_two = first.content.decode(), second.content.decode()
    assert "Offences" in page_one and "for ‘harassment’" in page_one
    assert "Filtered by status: <strong>In force</strong>" in page_one
    assert len(_hit_names(page_one)) == 2 and len(_hit_names(page_two)) == 2
    assert not set(_hit_names(page_one)) & set(_hit_names(page_two))
    assert 'href="?q=harassment&amp;status=current&amp;group=offences&amp;page=2"' in page_one
    assert "Back to all results" in page_one


def test_it_ranks_as_the_search_page_does(anonymous, toolkit_data):
    content = anonymous.get(URL, {"q": "domestic abuse protection order", "group": "tools"}).content.decode()
    assert _hit_names(content)[0] == "Domestic Abuse Protection Order (DAPO)"


def test_an_unknown_group_is_404(anonymous, toolkit_data):
    assert anonymous.get(URL, {"q": "stalking", "group": "spells"}).status_code == 404
    assert anonymous.get(URL, {"q": "stalking"}).status_code == 404


def test_a_bad_filter_goes_back_to_the_search_page_with_its_error(anonymous, toolkit_data):
    response = anonymous.get(URL, {"q": "stalking", "group": "tools", "kind": "magic"})
    assert response.status_code == 302
    assert response.url.startswith("/toolkit/?") and "kind=magic" in response.url
    assert "Choose a kind of tool from the list" in anonymous.get(response.url).content.decode()


def test_a_page_past_the_end_shows_the_last_page(anonymous, toolkit_data):
    response = anonymous.get(URL, {"q": "stalking", "group": "offences", "page": "999"})
    assert response.status_code == 200
    assert _hit_names(response.content.decode())


def test_it_refuses_post(anonymous, toolkit_data):
    assert anonymous.post(URL, {"q": "stalking", "group": "tools"}).status_code == 405
