def test_it_shows_offences_with_notes_tools_and_related_behaviours(anonymous, toolkit_data):
    response = anonymous.get("/toolkit/behaviours/catcalling-wolf-whistling/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Intentional harassment, alarm or distress on account of sex" in content
    assert "Where there is a course of conduct on two or more occasions" in content
    assert "Public Spaces Protection Order" in content
    assert "Related behaviours" in content
    assert "Check before relying on this" not in content


def test_it_warns_when_the_legal_detail_is_not_fully_sourced(anonymous, toolkit_data):
    content = anonymous.get("/toolkit/behaviours/spiking/").content.decode()
    assert "Check before relying on this" in content


def test_it_takes_a_fixed_number_of_queries(anonymous, toolkit_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        anonymous.get("/toolkit/behaviours/stalking/")


def test_it_answers_404_for_an_unknown_behaviour(anonymous, toolkit_data):
    assert anonymous.get("/toolkit/behaviours/no-such-thing/").status_code == 404


def test_curators_see_edit_and_review_buttons_and_planners_do_not(coordinator, planner_a, toolkit_data):
    assert "Edit this entry" in coordinator.get("/toolkit/behaviours/stalking/").content.decode()
    assert "Edit this entry" not in planner_a.get("/toolkit/behaviours/stalking/").content.decode()
