"""Text normalisation for names people type: full-width forms, stray spaces, case."""

from __future__ import annotations

import difflib
import re
import unicodedata


def fold(text: str) -> str:
    """A lookup key: NFKC (full-width → half-width), no white space, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def nearest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    """The closest known spellings, for 'did you mean' hints."""
    return difflib.get_close_matches(word, candidates, n=n, cutoff=0.5)
