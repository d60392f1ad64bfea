"""The freshness score: each part, and parts that do not apply yet left out."""

from compliance.freshness import freshness


def test_both_parts_are_averaged():
    f = freshness(plan_status="approved", needing_update=10, updated_this_cycle=6, return_timeliness="Late")
    assert (f.updates, f.returns, f.score) == (60, 50, 55)


def test_updates_count_only_for_approved_plans():
    f = freshness(plan_status="draft", needing_update=10, updated_this_cycle=0, return_timeliness="On time")
    assert (f.updates, f.returns, f.score) == (None, 100, 100)


def test_every_action_complete_is_fully_fresh():
    f = freshness(plan_status="approved", needing_update=0, updated_this_cycle=0, return_timeliness="Overdue")
    assert (f.updates, f.returns, f.score) == (100, 0, 50)


def test_nothing_applies_gives_no_score():
    f = freshness(plan_status="not_started", needing_update=0, updated_this_cycle=0, return_timeliness="")
    assert f.score is None and f.label == "–"
