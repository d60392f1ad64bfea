def test_it_shows_the_tool_and_the_behaviours_it_is_used_for(anonymous, toolkit_data):
    content = anonymous.get("/toolkit/tools/spo/").content.decode()
    assert "Stalking Protection Order (SPO)" in content
    assert "Magistrates&#x27; court on application by a chief officer" in content
    assert "/toolkit/behaviours/stalking/" in content


def test_it_warns_on_a_partly_verified_tool(anonymous, toolkit_data):
    assert "Check before relying on this" in anonymous.get("/toolkit/tools/mappa/").content.decode()


def test_it_takes_a_fixed_number_of_queries(anonymous, toolkit_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        anonymous.get("/toolkit/tools/dvds/")


def test_it_answers_404_for_an_unknown_tool(anonymous, toolkit_data):
    assert anonymous.get("/toolkit/tools/no-such-thing/").status_code == 404
