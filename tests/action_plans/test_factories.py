from frameworks.models import FrameworkAction


def test_build_framework_makes_force_and_national_actions(framework):
    assert framework.pillars.count() == 3
    assert FrameworkAction.objects.filter(framework=framework, audience="forces").count() == 12
    assert FrameworkAction.objects.filter(framework=framework, audience="national").count() == 1


def test_plan_fixtures_belong_to_their_forces(plan_a, plan_b, force_a, force_b):
    assert plan_a.force == force_a and plan_b.force == force_b
    assert plan_a.round == plan_b.round
    assert plan_a.status == "draft"
