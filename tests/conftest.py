from __future__ import annotations

from pathlib import Path

import pytest

from minplan.rulebook import Corpus, load_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = ROOT.parent.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the source plans (shared/seeds) are not beside this checkout")
    return SEEDS
