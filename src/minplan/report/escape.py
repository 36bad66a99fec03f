"""Text from records, file names and rule files, made safe for each kind of output: one helper per need.

What a record, a file name or a rule file says can hold characters that act rather than show: ANSI escape
sequences that clear a terminal and print a fake verdict, other control characters, bidirectional overrides
(U+202E) that reorder what is shown, and — in file names that are not valid UTF-8 — lone surrogates (Python's
``surrogateescape`` form of the undecodable bytes), which cannot be encoded at all. Every renderer passes such
text through one of these helpers:

- :func:`visible` for people (the terminal table, JUnit, SARIF messages, the look-up views): each such
  character becomes a visible backslash escape (``\\x1b``, ``\\u202e``; an undecodable byte ``\\xff``), which
  also leaves only characters that XML 1.0 allows;
- :func:`json_text` for JSON already serialised: lossless ``\\uXXXX`` escapes, and undecodable bytes as
  ``\\xff`` text (a JSON string may not hold a lone surrogate);
- :func:`workflow_data` / :func:`workflow_property` for GitHub workflow commands (their %-escapes);
- :func:`markdown` for Markdown table cells (no HTML, links, images, emphasis, mentions or math);
- :func:`uri` for SARIF artifact locations (percent-encoded).
"""

from __future__ import annotations

import re
from functools import cache

# Unicode categories Cc (controls), Cf (format: bidi controls, zero-width characters, BOM …), Cs (surrogates),
# Zl and Zp (line and paragraph separators), and the noncharacters U+FFFE/U+FFFF that XML forbids.
# tests/test_escaping.py holds this class to the Unicode database of the running Python.
_C0 = "\x00-\x1f"
_BMP = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff"
)
_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_PATTERNS = {
    "HIDDEN": f"[{_C0}{_BMP}{_ASTRAL}]",
    # what json.dumps(ensure_ascii=False) leaves raw of those: all but the C0 controls, which it escapes itself
    "json_raw": f"[{_BMP}{_ASTRAL}]",
    # searching with the classes apart is several times faster (sre tests astral ranges one by one)
    "c0_bmp": f"[{_C0}{_BMP}]",
    "bmp": f"[{_BMP}]",
    "astral": f"[{_ASTRAL}]",
    "md_special": r"([\\`*_{}\[\]<>#+!|~&$])",
    "md_autolink": r"(?i)(:)(?=//)|(?<=www)(\.)",
    # anything but a path's own characters (RFC 3986 pchar and "/"): non-ASCII too, as UTF-8 bytes
    "uri_unsafe": r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/]",
}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """A pattern compiled when first used: compiling the classes costs more than a short run spends searching."""
    return re.compile(_PATTERNS[name])


def __getattr__(name: str) -> re.Pattern[str]:
    if name == "HIDDEN":  # every hidden character, as one class
        return _pattern(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _clean(text: str, bmp: str) -> bool:
    """No character of ``bmp`` or of the astral ranges in ``text``; most texts answer at str.isprintable's speed
    (every hidden character is unprintable)."""
    if text.isprintable():
        return True
    if _pattern(bmp).search(text):
        return False
    astral = len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)  # at C speed, unlike max(text)
    return not (astral and _pattern("astral").search(text))


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every control, format, separator or surrogate character shown as a backslash escape."""
    if _clean(text, "c0_bmp"):
        return text
    return _pattern("HIDDEN").sub(lambda m: _escape(m.group()), text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:  # not a character: shown as text, as in every other format
        return "\\" + _escape(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def json_text(text: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with hidden characters escaped; the data read back
    is unchanged, except that a lone surrogate is read back as the text of its escape."""
    if _clean(text, "bmp"):
        return text
    return _pattern("json_raw").sub(lambda m: _json_escape(m.group()), text)


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property value (file=, title=) of a GitHub workflow command."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown(text: str) -> str:
    """Text for a cell of a GitHub-flavoured Markdown table, shown as it is: Markdown and HTML characters
    backslash-escaped, automatic links broken, @-mentions defused; line breaks become ``<br>``."""
    out = _pattern("md_special").sub(r"\\\1", visible(text))
    out = _pattern("md_autolink").sub(lambda m: "\\" + m.group(), out)
    return out.replace("@", "@&#8203;")


def cell_lines(lines: list[str]) -> str:
    """Several lines in one Markdown table cell, each escaped."""
    return "<br>".join(markdown(line) for line in lines)


def uri(path: str) -> str:
    """A relative ``/``-separated file name as a URI reference (RFC 3986): every character but a path's own
    percent-encoded as its UTF-8 bytes (金 as %E9%87%91, a space as %20, an undecodable byte as that byte), and a
    colon in the first segment too, where it would read as a scheme (a:b.yaml)."""
    if _pattern("uri_unsafe").search(path):  # a backslash too: in a POSIX name it is a character, not a folder
        path = _pattern("uri_unsafe").sub(lambda m: "".join(f"%{b:02X}" for b in _bytes(m.group())), path)
    first, slash, rest = path.partition("/")
    return first.replace(":", "%3A") + slash + rest if ":" in first else path


def _bytes(char: str) -> bytes:
    try:
        return char.encode("utf-8", "surrogateescape")  # an undecodable byte of a file name: that byte
    except UnicodeEncodeError:
        return char.encode("utf-8", "surrogatepass")
