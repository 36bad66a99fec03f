"""Text as people type it: full-width forms, stray spaces, case; and values shown as written."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from minplan.memo import Memo
from minplan.say import Msg

_SPACE = re.compile(r"\s+")
_WIDE = re.compile("[\u3000\uff01-\uff5e\u00a0\u2002-\u200b]")  # full-width forms and odd spaces


def plain_form(value: str) -> str:
    """Full-width digits, letters and punctuation (２万吨／年) as their plain forms; other text as it is."""
    return unicodedata.normalize("NFKC", value).strip() if _WIDE.search(value) else value


_FOLDED: Memo[str, str] = Memo(20_000, longest=200)  # records repeat the same few words


def fold(text: str) -> str:
    """A lookup key: NFKC (full-width → half-width), no white space, lower case."""
    key = text if isinstance(text, str) else str(text)
    out = _FOLDED.get(key)
    if out is None:
        out = _SPACE.sub("", unicodedata.normalize("NFKC", key)).lower()
        _FOLDED.keep(key, out)
    return out


def written(value: object) -> str:
    """A value as a file writes it, for messages: text quoted as it stands, true/false, null, numbers
    and dates plainly (typed values come from JSON and spreadsheets; YAML records arrive as text)."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else repr(value)


def listed(names: Iterable[str], sep: str = ", ", zh: str = "、") -> Msg:
    """Names one after another in a message: ``a, b`` in English, ``a、b`` in Chinese."""
    items = list(names)
    return Msg.both(sep.join(items), zh.join(items))


def nearest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    """The closest known spellings, for 'did you mean' hints."""
    return difflib.get_close_matches(word, candidates, n=n, cutoff=0.5)
