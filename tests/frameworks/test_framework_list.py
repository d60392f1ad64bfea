"""GET /frameworks/: the list of national frameworks."""

from django.urls import reverse

from frameworks.services import framework_load

URL = reverse("frameworks:list")


def test_it_lists_the_frameworks_for_a_force_planner(planner_a, frameworks):
    response = planner_a.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Policing violence against women and girls: national framework for delivery (Year 1)" in body
    assert reverse("frameworks:detail_version", args=["vawg-framework-2024", "1.0"]) in body
    assert reverse("frameworks:compare") in body
    assert [(f.slug, f.pillar_count, f.force_action_count) for f in response.context["frameworks"]] == [
        ("vawg-framework-2024", 5, 16),
        ("vawg-framework-2021", 3, 22),
    ]


def test_it_shows_an_empty_state_when_nothing_is_loaded(coordinator):
    response = coordinator.get(URL)

    assert response.status_code == 200
    assert "No frameworks yet" in response.content.decode()


def test_it_uses_a_fixed_number_of_queries(analyst, frameworks, django_assert_num_queries):
    # Session, user, frameworks with counts, the unread count in the header.
    with django_assert_num_queries(4):
        response = analyst.get(URL)
    assert response.status_code == 200


def test_it_refuses_a_user_without_a_role(no_role, frameworks):
    assert no_role.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(anonymous):
    response = anonymous.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_it_refuses_a_post(planner_a):
    assert planner_a.post(URL).status_code == 405


def test_drafts_are_listed_for_the_national_team_only(coordinator, planner_a, frameworks, framework_data):
    framework_load(data=framework_data)

    national = [f.slug for f in coordinator.get(URL).context["frameworks"]]
    force = [f.slug for f in planner_a.get(URL).context["frameworks"]]

    assert "test-framework" in national
    assert "test-framework" not in force
