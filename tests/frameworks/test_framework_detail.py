"""GET /frameworks/<slug>/ and /frameworks/<slug>/v/<version>/: one framework's pillars and actions."""

from django.urls import reverse

from frameworks.services import framework_load, framework_retire


def _url(slug="vawg-framework-2021", version="1.0"):
    return reverse("frameworks:detail_version", args=[slug, version])


def test_it_shows_pillars_outcomes_and_actions_to_a_force_viewer(viewer_a, frameworks):
    response = viewer_a.get(_url())

    assert response.status_code == 200
    body = response.content.decode()
    for title in ("Build trust and confidence", "Relentless perpetrator pursuit", "Safer spaces"):
        assert title in body
    assert "Outcome P1.c: Sexism and misogyny inside policing are challenged" in body
    assert 'id="action-p1c2"' in body
    assert "Reconstructed from public sources; replace with the official text." in body
    assert 'href="#pillar-p2"' in body
    assert "National team" in body and "Recommended" in body


def test_it_shows_the_mapping_from_the_previous_framework(planner_a, frameworks):
    response = planner_a.get(_url("vawg-framework-2024"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Replaces" in body and _url() in body
    assert "Takes over work from VAWG framework 2021 (Year 1)" in body
    assert f'<a class="govuk-link app-code" href="{_url()}#pillar-p2">P2</a>' in body
    assert f'<a class="govuk-link app-code" href="{_url()}#action-p2b1">P2.b.1</a>' in body
    assert "Overarching" in body
    compare_url = reverse("frameworks:compare") + "?from=vawg-framework-2021:1.0&amp;to=vawg-framework-2024:1.0"
    assert compare_url in body


def test_without_a_version_it_shows_the_newest_published(coordinator, frameworks):
    response = coordinator.get(reverse("frameworks:detail", args=["vawg-framework-2021"]))

    assert response.status_code == 200
    assert response.context["framework"] == frameworks["2021"]


def test_a_retired_framework_is_still_shown(analyst, frameworks):
    framework_retire(framework=frameworks["2021"])

    response = analyst.get(_url())

    assert response.status_code == 200
    assert "Retired" in response.content.decode()


def test_it_uses_a_fixed_number_of_queries(planner_a, frameworks, django_assert_num_queries):
    # Session, user, framework with previous, pillars, pillar mappings, outcomes, actions, action mappings,
    # and the unread count in the header.
    with django_assert_num_queries(9):
        response = planner_a.get(_url("vawg-framework-2024"))
    assert response.status_code == 200


def test_an_unknown_framework_or_version_is_not_found(planner_a, frameworks):
    assert planner_a.get(_url("no-such-framework")).status_code == 404
    assert planner_a.get(_url(version="9.9")).status_code == 404
    assert planner_a.get(reverse("frameworks:detail", args=["no-such-framework"])).status_code == 404


def test_it_refuses_a_user_without_a_role(no_role, frameworks):
    assert no_role.get(_url()).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(anonymous, frameworks):
    response = anonymous.get(_url())

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_draft_is_shown_to_the_national_team_only(coordinator, planner_a, framework_data):
    framework_load(data=framework_data)
    url = _url("test-framework")

    assert coordinator.get(url).status_code == 200
    assert planner_a.get(url).status_code == 404
    assert planner_a.get(reverse("frameworks:detail", args=["test-framework"])).status_code == 404


def test_it_refuses_a_post(planner_a, frameworks):
    assert planner_a.post(_url()).status_code == 405


def test_without_a_version_it_shows_the_newest_draft_when_none_is_published(coordinator, framework_data):
    framework_load(data=framework_data)
    newer = framework_load(data={**framework_data, "version": "2.0"})

    response = coordinator.get(reverse("frameworks:detail", args=["test-framework"]))

    assert response.status_code == 200
    assert response.context["framework"] == newer
