"""
The evaluation set (toolkit/data/search_evaluation.yaml): everyday accounts with their right offences.

The CI runs it on PostgreSQL; run it on SQLite too (no DATABASE_URL). The figures are printed
(`pytest -s`) and recorded as test properties (`--junitxml`).
"""

import pytest
from django.db import connection

from toolkit.evaluation import evaluate, load_accounts
from toolkit.models import Offence, Tactic

# The accounts of issue #12, which must not be copied into the evaluation set.
ISSUE_ACCOUNTS = [
    "took photos up her skirt", "wolf whistling and sexual comments in the street",
    "put something in her drink at the pub", "grabbed her by the neck and squeezed",
    "won't let her see friends and checks her phone", "posted her home address online",
    "secretly filmed her in the shower", "domestic abuse protection order", "man keeps following her home",
    "catcalling", "misogyny hate crime", "doxxing", "messaged saying he would kill her",
]


def test_the_set_holds_at_least_eighty_accounts_in_three_voices():
    accounts = load_accounts()
    assert len(accounts) >= 80
    assert {a.voice for a in accounts} == {"victim", "witness", "officer"}
    assert len({a.query.lower() for a in accounts}) == len(accounts)


def test_no_account_is_copied_from_the_issue():
    queries = {a.query.lower().strip() for a in load_accounts()}
    assert queries.isdisjoint(ISSUE_ACCOUNTS)


def test_every_expected_offence_and_tool_is_in_the_toolkit(toolkit_data):
    accounts = load_accounts()
    offences = set(Offence.objects.values_list("slug", flat=True))
    tools = set(Tactic.objects.values_list("slug", flat=True))
    assert {slug for a in accounts for slug in a.offences} <= offences
    assert {slug for a in accounts for slug in a.tools} <= tools


def test_recall_at_three_for_offences_is_at_least_nine_in_ten(toolkit_data, record_property):
    evaluation = evaluate()
    summary = f"{connection.vendor}: {evaluation.summary()}"
    print(f"\nSearch evaluation on {summary}")
    record_property("offence_recall_at_3", round(evaluation.offence_recall_at_3, 3))
    record_property("offence_mrr", round(evaluation.offence_mrr, 3))
    misses = [(o.account.query, o.offences[:3]) for o in evaluation.misses]
    assert evaluation.offence_recall_at_3 >= 0.9, (summary, misses)
    assert evaluation.offence_mrr >= 0.8, summary
    assert evaluation.tool_recall_at_3 >= 0.85, summary


def test_no_ordinary_english_word_in_the_set_is_corrected(toolkit_data):
    evaluation = evaluate()
    unwanted = {o.account.query: o.unwanted_corrections for o in evaluation.outcomes if o.unwanted_corrections}
    assert unwanted == {}
    # And the deliberate typos are corrected as the set says.
    for outcome in evaluation.outcomes:
        for typo, fixed in outcome.account.typos.items():
            assert outcome.corrections.get(typo) == fixed, outcome.account.query


@pytest.mark.parametrize("bad", [{"accounts": []}, {"accounts": [{"query": "x", "voice": "victim"}]},
                                 {"accounts": [{"query": "x", "voice": "judge", "offences": ["a"]}]}])
def test_a_malformed_set_is_refused_with_its_path(tmp_path, bad):
    import yaml

    from common.reference import ReferenceDataError

    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(bad))
    with pytest.raises(ReferenceDataError, match="accounts"):
        load_accounts(path)
