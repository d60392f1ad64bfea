"""
Most-similar peer groups, loaded by the national team from a CSV file `force_code,peer_code`
(a force's name or alias, such as "GMP", is accepted in place of its code).

Each force has up to seven peers; groups are not symmetric (Y may be in X's group without X in
Y's). Loading a file replaces the groups of every force it names and leaves the others as they
are; a force with no group loaded is compared with the forces of its region.
"""

import csv
import io
from collections import defaultdict

from django.db import transaction

from accounts.selectors import ForceResolver
from common.errors import DomainError

from ..models import PeerLink
from .transfer import RowError

PEER_HEADER = ["force_code", "peer_code"]
MAX_PEERS = 7


@transaction.atomic
def peer_groups_load(*, content: bytes) -> tuple[int, list[RowError]]:
    """Replace the peer groups of the forces in the file; return (forces loaded, row errors). All or nothing."""
    try:
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        raise DomainError("The file must be a CSV file saved as UTF-8") from None
    if not rows or [c.strip().lower() for c in rows[0]] != PEER_HEADER:
        raise DomainError(f"The first row must be the header {','.join(PEER_HEADER)}")
    forces = ForceResolver()  # a code, a name or an alias ("GMP"), in any case
    groups: dict[int, list[int]] = defaultdict(list)
    errors: list[RowError] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != 2:
            errors.append(RowError(number, "", "The row must have 2 columns"))
            continue
        force, peer = forces.get(cells[0].strip()), forces.get(cells[1].strip())
        if force is None:
            errors.append(
                RowError(number, "force_code", f"{cells[0].strip() or 'A blank code'} is not a force code or name")
            )
        if peer is None:
            errors.append(
                RowError(number, "peer_code", f"{cells[1].strip() or 'A blank code'} is not a force code or name")
            )
        if force is None or peer is None:
            continue
        if force == peer:
            errors.append(RowError(number, "peer_code", "A force is not its own peer (it is always in its group)"))
        elif peer.pk in groups[force.pk]:
            errors.append(RowError(number, "peer_code", f"{peer.code} is already a peer of {force.code}"))
        else:
            groups[force.pk].append(peer.pk)
            if len(groups[force.pk]) == MAX_PEERS + 1:
                errors.append(RowError(number, "peer_code", f"{force.code} has more than {MAX_PEERS} peers"))
    if errors:
        return 0, errors
    PeerLink.objects.filter(force_id__in=list(groups)).delete()
    PeerLink.objects.bulk_create([PeerLink(force_id=f, peer_id=p) for f, peers in groups.items() for p in peers])
    return len(groups), []
