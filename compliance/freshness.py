"""
The freshness score: how up to date a force's progress updates and its current return are.

A pure function of figures the overview's query already gives, so it costs no query. Two parts,
each out of 100, and the score is the average of the parts that apply:

- updates (only for an approved plan, the only kind that takes progress updates): the share of its
  open actions (not complete) with an update in the current reporting cycle; 100 when every action
  is complete;
- return (for the current reporting period): 100 when submitted on time, 50 when submitted late, 0
  when the due date has passed with nothing submitted; not counted while it is not yet due.

With neither part applying there is no score.
"""

from dataclasses import dataclass

EXPLANATION = (
    "The freshness score (0 to 100) shows how up to date a force is. It is the average of two parts: "
    "the share of the open actions in its approved plan that have a progress update this quarter, and its "
    "return for the current period (100 if submitted on time, 50 if late, 0 if past the due date and not "
    "submitted). A part that does not apply yet, such as a plan not yet approved or a return not yet due, "
    "is left out."
)


@dataclass(frozen=True)
class Freshness:
    score: int | None
    updates: int | None
    returns: int | None

    @property
    def label(self) -> str:
        return "–" if self.score is None else str(self.score)


def freshness(*, plan_status: str, needing_update: int, updated_this_cycle: int, return_timeliness: str) -> Freshness:
    """The score and its parts from one force's annotated figures (see the module docstring)."""
    updates = None
    if plan_status == "approved":
        updates = 100 if needing_update == 0 else round(100 * updated_this_cycle / needing_update)
    returns = {"On time": 100, "Late": 50, "Overdue": 0}.get(return_timeliness)
    parts = [p for p in (updates, returns) if p is not None]
    score = round(sum(parts) / len(parts)) if parts else None
    return Freshness(score=score, updates=updates, returns=returns)
