"""
Demo data for the toolkit.

--scale small: the shipped data only (load_reference loads it), so `make run` stays fast.
--scale national: 49 extra copies of every behaviour, offence and tool, with distinct names and
their own links, so the search is measured at 50 times the shipped size (`make bench`).
Copies are marked "(demo copy N)" and are never created outside --scale national.
"""

from django.db import transaction

from .models import Behaviour, BehaviourOffence, BehaviourTactic, Offence, Tactic
from .services import toolkit_search_index_refresh

COPIES = 49
_COPY_MARK = "-demo-copy-"


def _originals(model):
    return list(model.objects.exclude(slug__contains=_COPY_MARK))


def _copy(entry, n: int, **changes):
    fields = {
        f.attname: getattr(entry, f.attname)
        for f in entry._meta.concrete_fields
        if f.attname not in ("id", "search_vector")
    }
    fields |= {"slug": f"{entry.slug}{_COPY_MARK}{n}", "name": f"{entry.name} (demo copy {n})", **changes}
    return type(entry)(**fields)


@transaction.atomic
def _multiply() -> int:
    offences, tactics, behaviours = _originals(Offence), _originals(Tactic), _originals(Behaviour)
    created = 0
    for n in range(1, COPIES + 1):
        if Behaviour.objects.filter(slug__endswith=f"{_COPY_MARK}{n}").count() == len(behaviours) and \
                Offence.objects.filter(slug__endswith=f"{_COPY_MARK}{n}").count() == len(offences):
            continue
        Offence.objects.bulk_create(
            [_copy(o, n, act=f"{o.act} (demo copy {n})", replaced_by_id=None) for o in offences],
            ignore_conflicts=True,
        )
        Tactic.objects.bulk_create([_copy(t, n) for t in tactics], ignore_conflicts=True)
        Behaviour.objects.bulk_create([_copy(b, n) for b in behaviours], ignore_conflicts=True)
        suffix = f"{_COPY_MARK}{n}"
        offence_ids = dict(Offence.objects.filter(slug__endswith=suffix).values_list("slug", "id"))
        tactic_ids = dict(Tactic.objects.filter(slug__endswith=suffix).values_list("slug", "id"))
        behaviour_ids = dict(Behaviour.objects.filter(slug__endswith=suffix).values_list("slug", "id"))
        BehaviourOffence.objects.bulk_create([
            BehaviourOffence(behaviour_id=behaviour_ids[link.behaviour.slug + suffix],
                             offence_id=offence_ids[link.offence.slug + suffix], note=link.note, position=link.position)
            for link in BehaviourOffence.objects.filter(behaviour__in=behaviours).select_related("behaviour", "offence")
        ], ignore_conflicts=True)
        BehaviourTactic.objects.bulk_create([
            BehaviourTactic(behaviour_id=behaviour_ids[link.behaviour.slug + suffix],
                            tactic_id=tactic_ids[link.tactic.slug + suffix], position=link.position)
            for link in BehaviourTactic.objects.filter(behaviour__in=behaviours).select_related("behaviour", "tactic")
        ], ignore_conflicts=True)
        created += len(offences) + len(tactics) + len(behaviours)
    if created:
        toolkit_search_index_refresh()
    return created


def seed(scale: str) -> str:
    if scale != "national":
        return "shipped data only (load_reference)"
    if not Behaviour.objects.exists():
        return "no toolkit data: run load_reference first"
    created = _multiply()
    total = Behaviour.objects.count() + Offence.objects.count() + Tactic.objects.count()
    return f"{created} demo copies created; {total} entries in all (50 times the shipped data)"
