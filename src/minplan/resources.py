"""Where the shipped rule corpus lives: inside the wheel, or beside ``src/`` in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _corpus_root() -> Path:
    bundled = _PACKAGE / "_corpus"
    if (bundled / "data").is_dir():
        return bundled
    # A source checkout or an editable install: data/ and rules/ sit two levels up.
    return _PACKAGE.parent.parent


def data_dir() -> Path:
    """Reference data (jurisdictions, minerals, units) and plan metadata."""
    return _corpus_root() / "data"


def rules_dir() -> Path:
    """The shipped rule files, one folder per plan."""
    return _corpus_root() / "rules"
