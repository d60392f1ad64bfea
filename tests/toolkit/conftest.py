import pytest
from django.core.cache import cache

import toolkit.selectors
from toolkit.models import Behaviour, BehaviourOffence, BehaviourTactic, GeneralLimit, Offence, SearchSynonym, Tactic
from toolkit.reference import load


@pytest.fixture(autouse=True)
def _clear_search_cache(monkeypatch):
    # The search keeps its vocabulary per process for the toolkit's search stamp; entries made by
    # factories do not bump the stamp, so each test starts from its own data.
    monkeypatch.setattr(toolkit.selectors, "_index", None)
    cache.clear()
    yield
    cache.clear()


def _delete_toolkit():
    for model in (BehaviourOffence, BehaviourTactic, Behaviour, Offence, Tactic):
        model.history.all().delete()
    for model in (BehaviourOffence, BehaviourTactic, Behaviour, Offence, Tactic, GeneralLimit, SearchSynonym):
        model.objects.all().delete()


@pytest.fixture(scope="session")
def _toolkit_loaded(django_db_setup, django_db_blocker):
    # Loading the shipped file takes most of a second; do it once for the session and let each
    # test's transaction roll its own changes back. Removed again at the end of the session.
    with django_db_blocker.unblock():
        load()
    yield
    with django_db_blocker.unblock():
        _delete_toolkit()


@pytest.fixture
def toolkit_data(_toolkit_loaded, db):
    """The shipped toolkit, loaded by its own loader (22 behaviours, 35 offences, 23 tools)."""
    if not Behaviour.objects.exists():  # a browser test's flush emptied the tables
        load()
    return None


@pytest.fixture
def empty_toolkit(db):
    """No toolkit data at all, for the loader's own tests."""
    _delete_toolkit()
