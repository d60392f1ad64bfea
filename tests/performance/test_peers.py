"""Peer groups: most similar groups from a file (up to seven, not symmetric), else the force's region."""

import pytest

from common.errors import DomainError
from performance.models import PeerLink
from performance.selectors import peer_forces
from performance.services.peers import peer_groups_load
from tests.factories import ForceFactory


@pytest.fixture
def forces(db):
    return [ForceFactory(code=f"f{i}", name=f"Force {i}", region="North" if i < 3 else "South") for i in range(10)]


def test_without_a_group_a_force_is_compared_with_its_region(forces):
    peers, label = peer_forces(force=forces[0])
    assert {f.code for f in peers} == {"f0", "f1", "f2"}
    assert label == "forces in the North region"


def test_loaded_group_includes_the_force_itself_and_is_not_symmetric(forces):
    loaded, errors = peer_groups_load(content=b"force_code,peer_code\nf0,f5\nf0,f6\n")
    assert (loaded, errors) == (1, [])
    peers, label = peer_forces(force=forces[0])
    assert {f.code for f in peers} == {"f0", "f5", "f6"}
    assert label == "most similar group"
    assert {f.code for f in peer_forces(force=forces[5])[0]} == {f"f{i}" for i in range(3, 10)}


def test_loading_replaces_only_the_groups_in_the_file(forces):
    peer_groups_load(content=b"force_code,peer_code\nf0,f5\nf1,f6\n")
    peer_groups_load(content=b"force_code,peer_code\nf0,f7\n")
    assert sorted(PeerLink.objects.values_list("force__code", "peer__code")) == [("f0", "f7"), ("f1", "f6")]


def test_more_than_seven_peers_self_and_unknown_codes_are_errors_and_nothing_loads(forces):
    rows = "".join(f"f0,f{i}\n" for i in range(1, 9)) + "f1,f1\nf1,nowhere\nf2,f3\nf2,f3\n"
    loaded, errors = peer_groups_load(content=("force_code,peer_code\n" + rows).encode())
    assert loaded == 0
    assert [(e.row, e.message) for e in errors] == [
        (9, "f0 has more than 7 peers"),
        (10, "A force is not its own peer (it is always in its group)"),
        (11, "nowhere is not a force code or name"),
        (13, "f3 is already a peer of f2"),
    ]
    assert not PeerLink.objects.exists()


def test_a_file_without_the_header_is_refused(forces):
    with pytest.raises(DomainError, match="force_code,peer_code"):
        peer_groups_load(content=b"a,b\n")


def test_peer_files_accept_force_names_and_aliases(forces):
    forces[1].aliases = "The First"
    forces[1].save()
    loaded, errors = peer_groups_load(content=b"force_code,peer_code\nFORCE 0,the first\nf0,Force 2\n")
    assert (loaded, errors) == (1, [])
    assert sorted(PeerLink.objects.values_list("force__code", "peer__code")) == [("f0", "f1"), ("f0", "f2")]
