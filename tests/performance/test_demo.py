"""seed_demo gives every force a history of figures that pass the return's own checks."""

from django.core.management import call_command

from accounts.models import Force
from performance.models import Return, ReturnValue
from performance.services.returns import applicable_measures, entries_for
from performance.validation import check_consistency, check_ready_to_submit


def test_seed_gives_every_force_history_that_passes_validation(db):
    call_command("load_reference")
    call_command("seed_demo", scale="small")
    forces = Force.objects.count()
    approved = Return.objects.filter(status=Return.Status.APPROVED).order_by()
    assert approved.values("force").distinct().count() == forces
    # Small scale seeds four periods: the three older ones approved for every force, the latest mixed.
    assert Return.objects.order_by().values("period").distinct().count() == 4
    assert approved.values("period").distinct().count() == 4
    latest = Return.objects.order_by("-period__starts_on").first().period
    assert set(Return.objects.filter(period=latest).values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "approved",
    }
    for ret in Return.objects.exclude(status=Return.Status.DRAFT).select_related("period__measure_set")[:20]:
        measures = applicable_measures(ret.period)
        entries = entries_for(ret)
        assert check_consistency(measures, entries) == [], ret
        assert check_ready_to_submit(measures, entries) == [], ret
    count = ReturnValue.objects.count()
    call_command("seed_demo", scale="small")
    assert ReturnValue.objects.count() == count
