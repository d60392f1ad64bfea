import pytest

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
    with django_assert_max_num_queries(6):
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
