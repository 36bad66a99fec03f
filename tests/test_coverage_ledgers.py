"""Each plan's coverage ledger accounts for every rule, names only real rules, and counts itself right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from minplan.rulebook import load_corpus

ROOT = Path(__file__).resolve().parent.parent
LEDGERS = ROOT / "docs" / "coverage"
_CORPUS = load_corpus()
PLANS = sorted(_CORPUS.plans)


def _ledger(plan: str) -> str:
    path = LEDGERS / f"{plan}.md"
    if not path.is_file():
        pytest.fail(f"no coverage ledger for {plan}: {path}")
    return path.read_text(encoding="utf-8")


def _rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if not line.startswith("|") or set(line) <= {"|", "-", " ", ":"}:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in {"#", ""}:
            continue
        rows.append(cells)
    return rows


@pytest.mark.parametrize("plan", PLANS)
def test_every_rule_is_in_its_ledger(plan):
    text = _ledger(plan)
    named = set(re.findall(r"`([a-z0-9-]+/[a-z0-9_-]+/[a-z0-9_.-]+)`", text))
    rules = {r.id for r in _CORPUS.rules_of(plan)}
    assert not rules - named, f"rules missing from the ledger: {sorted(rules - named)}"
    assert not named - rules, f"ledger names rules that do not exist: {sorted(named - rules)}"


@pytest.mark.parametrize("plan", PLANS)
def test_ledger_counts_are_right(plan):
    text = _ledger(plan)
    rows = _rows(text)
    stated = {key: int(n) for key, n in re.findall(r"^- (provisions|encoded|not checkable): (\d+)", text, re.M)}
    assert set(stated) == {"provisions", "encoded", "not checkable"}, "counts missing at the top"
    not_checkable = sum(1 for r in rows if r[-1].startswith("not checkable"))
    assert stated["provisions"] == len(rows)
    assert stated["not checkable"] == not_checkable
    assert stated["encoded"] == len(rows) - not_checkable
    for row in rows:
        assert row[-1], f"provision {row[0]} has no entry in its last column"
