def test_behaviours_are_readable_anonymously_with_their_links(anonymous, toolkit_data):
    response = anonymous.get("/api/v1/toolkit/behaviours/stalking/")
    body = response.json()
    assert response.status_code == 200
    assert body["name"] == "Stalking"
    assert {"slug": "pha-1997-s2a", "name": "Stalking", "note": ""} in body["offences"]
    assert {"slug": "spo", "name": "Stalking Protection Order (SPO)"} in body["tools"]


def test_search_ranks_like_the_search_box(anonymous, toolkit_data):
    body = anonymous.get("/api/v1/toolkit/behaviours/", {"search": "revenge porn"}).json()
    assert body["results"][0]["slug"] == "intimate-image-abuse"


def test_offences_filter_by_status_and_show_history(anonymous, toolkit_data):
    body = anonymous.get("/api/v1/toolkit/offences/", {"status": "repealed"}).json()
    assert body["count"] == 1
    assert body["results"][0]["replaced_by"] == "soa-2003-s66b-2"


def test_tools_filter_by_kind(anonymous, toolkit_data):
    body = anonymous.get("/api/v1/toolkit/tools/", {"kind": "disclosure_scheme"}).json()
    assert sorted(r["slug"] for r in body["results"]) == ["csods", "dvds"]


def test_a_bad_filter_answers_400_as_a_problem(anonymous, toolkit_data):
    response = anonymous.get("/api/v1/toolkit/offences/", {"mode_of_trial": "by combat"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "Some of the data sent is not valid."
    assert body["status"] == 400 and body["type"] == "urn:vawg-portal:problem:validation"
    assert [e["field"] for e in body["errors"]] == ["mode_of_trial"]


def test_a_misspelt_filter_is_a_400_not_everything(anonymous, toolkit_data):
    response = anonymous.get("/api/v1/toolkit/offences/", {"staus": "repealed"})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["staus"]


def test_blank_links_and_dates_are_null_as_the_schema_says(anonymous, toolkit_data):
    from toolkit.models import Offence

    offence = Offence.objects.order_by("slug").first()
    Offence.objects.filter(pk=offence.pk).update(legislation_url="", source_url="", in_force_from=None)
    body = anonymous.get(f"/api/v1/toolkit/offences/{offence.slug}/").json()
    assert body["legislation_url"] is None and body["source_url"] is None and body["in_force_from"] is None


def test_an_unknown_entry_answers_404_in_the_error_shape(anonymous, toolkit_data):
    response = anonymous.get("/api/v1/toolkit/tools/no-such-tool/")
    assert response.status_code == 404
    assert set(response.json()) == {"type", "title", "status", "detail", "instance"}


def test_the_api_is_read_only(coordinator, toolkit_data):
    assert coordinator.post("/api/v1/toolkit/tools/", {"name": "x"}, content_type="application/json").status_code == 405


def test_the_list_takes_a_fixed_number_of_queries(anonymous, toolkit_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        anonymous.get("/api/v1/toolkit/behaviours/")


def test_offence_search_inherits_from_behaviours_like_the_search_box(anonymous, toolkit_data):
    from toolkit.selectors import toolkit_search

    body = anonymous.get("/api/v1/toolkit/offences/", {"search": "put something in her drink at the pub"}).json()
    api = [r["slug"] for r in body["results"]]
    assert api == [hit.slug for hit in toolkit_search(query="put something in her drink at the pub").offences]
    assert set(api[:3]) & {"oapa-1861-s23", "oapa-1861-s24", "cpa-2026-spiking"}


def test_tool_search_puts_an_exact_name_first(anonymous, toolkit_data):
    body = anonymous.get("/api/v1/toolkit/tools/", {"search": "domestic abuse protection order"}).json()
    assert body["results"][0]["slug"] == "dapo"
