"""
How well the toolkit search answers everyday accounts: the evaluation set in
toolkit/data/search_evaluation.yaml, scored as recall@3 and mean reciprocal rank.

recall@3: the share of accounts with a right offence (any one of those listed) among the first three
offences. MRR: the mean of 1/rank of the first right offence (0 when none is found). Tools are
scored the same way over the accounts that list tools. Used by tests/toolkit/test_search_evaluation.py
and printed by `make bench`.
"""

from dataclasses import dataclass, field
from pathlib import Path

from common.reference import ReferenceDataError, read_yaml

from .selectors import toolkit_search

EVALUATION_FILE = Path(__file__).parent / "data" / "search_evaluation.yaml"
VOICES = {"victim", "witness", "officer"}


@dataclass
class Account:
    query: str
    voice: str
    offences: list[str]
    tools: list[str] = field(default_factory=list)
    typos: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    account: Account
    offences: list[str]
    tools: list[str]
    corrections: dict[str, str]

    @staticmethod
    def _rank(found: list[str], right: list[str]) -> int | None:
        return next((i + 1 for i, slug in enumerate(found) if slug in right), None)

    @property
    def offence_rank(self) -> int | None:
        return self._rank(self.offences, self.account.offences)

    @property
    def tool_rank(self) -> int | None:
        return self._rank(self.tools, self.account.tools)

    @property
    def unwanted_corrections(self) -> dict[str, str]:
        """Words "corrected" that the account did not misspell on purpose."""
        return {w: c for w, c in self.corrections.items() if self.account.typos.get(w) != c}


@dataclass
class Evaluation:
    outcomes: list[Outcome]

    @staticmethod
    def _recall(ranks: list[int | None], k: int = 3) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0

    @staticmethod
    def _mrr(ranks: list[int | None]) -> float:
        return sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0

    @property
    def offence_ranks(self) -> list[int | None]:
        return [o.offence_rank for o in self.outcomes]

    @property
    def tool_ranks(self) -> list[int | None]:
        return [o.tool_rank for o in self.outcomes if o.account.tools]

    @property
    def offence_recall_at_3(self) -> float:
        return self._recall(self.offence_ranks)

    @property
    def offence_mrr(self) -> float:
        return self._mrr(self.offence_ranks)

    @property
    def tool_recall_at_3(self) -> float:
        return self._recall(self.tool_ranks)

    @property
    def tool_mrr(self) -> float:
        return self._mrr(self.tool_ranks)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not (o.offence_rank and o.offence_rank <= 3)]

    def summary(self) -> str:
        return (f"{len(self.outcomes)} accounts: offences recall@3 {self.offence_recall_at_3:.3f}, "
                f"MRR {self.offence_mrr:.3f}; tools recall@3 {self.tool_recall_at_3:.3f}, "
                f"MRR {self.tool_mrr:.3f} ({len(self.tool_ranks)} accounts with tools)")


def load_accounts(path: Path = EVALUATION_FILE) -> list[Account]:
    data = read_yaml(path)
    rows = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ReferenceDataError("accounts: expected a non-empty list")
    accounts = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not row.get("query") or not row.get("offences"):
            raise ReferenceDataError(f"accounts[{i}]: needs a query and its offences")
        if row.get("voice") not in VOICES:
            raise ReferenceDataError(f"accounts[{i}].voice: one of {', '.join(sorted(VOICES))}")
        accounts.append(Account(str(row["query"]), row["voice"], list(row["offences"]), list(row.get("tools") or []),
                                dict(row.get("typos") or {})))
    return accounts


def evaluate(accounts: list[Account] | None = None) -> Evaluation:
    """Search each account (the full ranking, no page limit) and record where the right answers came."""
    outcomes = []
    for account in accounts if accounts is not None else load_accounts():
        results = toolkit_search(query=account.query, limit=10)
        outcomes.append(Outcome(account, [h.slug for h in results.offences], [h.slug for h in results.tools],
                                dict(results.query.corrections)))
    return Evaluation(outcomes)
