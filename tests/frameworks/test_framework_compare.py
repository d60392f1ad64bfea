"""GET /frameworks/compare/?from=<slug>:<version>&to=<slug>:<version>: what changed between two frameworks."""

from django.urls import reverse

from common.reference import read_yaml
from frameworks.reference import FRAMEWORK_FILES
from frameworks.services import framework_load

URL = reverse("frameworks:compare")
F2021 = "vawg-framework-2021:1.0"
F2024 = "vawg-framework-2024:1.0"


def test_it_shows_mapped_added_and_removed_actions(planner_a, frameworks):
    response = planner_a.get(URL, {"from": F2021, "to": F2024})

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert {a.code for a in comparison.actions.removed} == {"P2.a.3", "P1.d.4", "P2.b.2"}
    body = response.content.decode()
    assert "Actions carried over" in body
    assert "Actions added" in body and "PURSUE.a.3" in body
    assert "Actions removed" in body and "P2.a.3" in body
    assert "Pillars carried over" in body


def test_it_shows_changed_text_between_versions_of_one_framework(analyst, frameworks):
    data = read_yaml(FRAMEWORK_FILES[0])
    data["version"] = "1.1"
    data["status"] = "draft"
    data["pillars"][0]["outcomes"][0]["actions"][0]["audience"] = "national"
    framework_load(data=data)

    response = analyst.get(URL, {"from": F2021, "to": "vawg-framework-2021:1.1"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Actions changed" in body
    assert [
        (c.new.code, [(f.name, f.before, f.after) for f in c.fields])
        for c in response.context["comparison"].actions.changed
    ] == [("P1.a.1", [("Audience", "Forces", "National team")])]


def test_without_a_choice_it_offers_the_form_with_the_newest_two(coordinator, frameworks):
    response = coordinator.get(URL)

    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert response.context["form"].initial == {"from": F2021, "to": F2024}
    assert "There is a problem" not in response.content.decode()


def test_an_unknown_choice_is_a_gov_uk_error_not_a_500(planner_a, frameworks):
    response = planner_a.get(URL, {"from": "nope:1.0", "to": F2024})

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Select a framework from the list" in body
    assert "<title>Error: Compare frameworks" in body
    assert response.context["comparison"] is None


def test_the_same_framework_twice_is_an_error(planner_a, frameworks):
    response = planner_a.get(URL, {"from": F2024, "to": F2024})

    assert "Select a different framework from the one you compare from" in response.content.decode()
    assert response.context["comparison"] is None


def test_a_missing_choice_is_an_error(planner_a, frameworks):
    response = planner_a.get(URL, {"to": F2024})

    assert "Select the earlier framework to compare" in response.content.decode()


def test_it_uses_a_fixed_number_of_queries(planner_a, frameworks, django_assert_num_queries):
    # Session, user, choices, then 6 for each framework (framework, pillars, pillar maps, outcomes, actions, maps),
    # and the unread count in the header.
    with django_assert_num_queries(16):
        response = planner_a.get(URL, {"from": F2021, "to": F2024})
    assert response.status_code == 200


def test_it_refuses_a_user_without_a_role(no_role, frameworks):
    assert no_role.get(URL, {"from": F2021, "to": F2024}).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(anonymous, frameworks):
    response = anonymous.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_force_user_cannot_choose_a_draft(planner_a, coordinator, frameworks, framework_data):
    framework_load(data=framework_data)

    refused = planner_a.get(URL, {"from": "test-framework:1.0", "to": F2024})
    allowed = coordinator.get(URL, {"from": "test-framework:1.0", "to": F2024})

    assert "Select a framework from the list" in refused.content.decode()
    assert refused.context["comparison"] is None
    assert allowed.context["comparison"] is not None


def test_it_refuses_a_post(planner_a):
    assert planner_a.post(URL).status_code == 405


def test_with_no_frameworks_loaded_it_still_offers_the_form(analyst):
    response = analyst.get(URL)

    assert response.status_code == 200
    assert response.context["form"].initial == {}
