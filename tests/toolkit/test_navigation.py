def test_anonymous_visitors_see_the_toolkit_link_and_header_search(anonymous, toolkit_data):
    content = anonymous.get("/").content.decode()
    assert 'href="/toolkit/"' in content
    assert 'id="header-search"' in content


def test_signed_in_users_see_the_toolkit_link(planner_a, toolkit_data):
    content = planner_a.get("/accounts/account/").content.decode()
    assert ">Toolkit<" in content
