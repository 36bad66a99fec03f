"""Messages in both languages: an English template with its parameters, said in Chinese by the template's
entry in ``data/messages/zh/*.yaml``.

A refusal of an input (a record's field, a file that cannot be read) is built as a :class:`Msg`, so that
the report says it in the reader's language: bureau staff read Chinese first. The English template is the
key; a parameter may itself be a :class:`Msg`, said in the same language. A template with no Chinese entry
is said in English in both (``tests/test_say.py`` holds every template of the code to an entry).
"""

from __future__ import annotations

from functools import cache
from typing import Any

LANGS = ("zh", "en")


class Msg:
    """``Msg("unknown division {name!r}{hint}", name=..., hint=Msg(...))``: one message, said in either language."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params

    @classmethod
    def verbatim(cls, text: str) -> Msg:
        """A text said the same in both languages (a value as written, a name, a message of another program)."""
        return cls("{text}", text=text)  # said as written: not looked up

    @classmethod
    def both(cls, en: str, zh: str) -> Msg:
        """A message already said in each language (another program's English, our Chinese of it)."""
        return _Both(en, zh)

    def text(self, lang: str = "en") -> str:
        template = self.template if lang == "en" or self.template == "{text}" else chinese(self.template)
        params = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            if template == self.template:
                raise  # the code's own template: a defect to see, not to hide
            return self.text("en")  # a catalogue entry that does not fit its template: the English, not a crash

    def pair(self) -> dict[str, str]:
        """``{"zh": …, "en": …}``."""
        return {lang: self.text(lang) for lang in LANGS}

    def __add__(self, other: Msg | str) -> Msg:
        return Msg("{a}{b}", a=self, b=other)

    def __str__(self) -> str:
        return self.text("en")

    def __eq__(self, other: object) -> bool:  # one message however built: the same words in both languages
        return isinstance(other, Msg) and self.pair() == other.pair()

    def __hash__(self) -> int:
        return hash(tuple(self.pair().values()))

    def __repr__(self) -> str:
        return f"Msg({self.text('en')!r})"


class _Both(Msg):
    __slots__ = ("en", "zh")

    def __init__(self, en: str, zh: str) -> None:
        super().__init__("{text}", text=en)
        self.en, self.zh = en, zh

    def text(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


def join(parts: list[Msg] | tuple[Msg, ...], sep: str = "; ") -> Msg:
    """Messages one after another, ``a; b`` (the separator said in the reader's language: ``a；b``)."""
    out = parts[0] if parts else Msg("")
    for part in parts[1:]:
        out = Msg("{a}{sep}{b}", a=out, sep=Msg(sep), b=part)
    return out


def texts(exc: BaseException) -> tuple[str, str]:
    """An exception's message in English and in Chinese (the English twice if it carries no :class:`Msg`)."""
    msg = getattr(exc, "msg", None)
    if isinstance(msg, Msg):
        return msg.text("en"), msg.text("zh")
    return str(exc), str(exc)


def msg_of(exc: BaseException) -> Msg:
    """An exception's message as a :class:`Msg` (verbatim if it carries none)."""
    msg = getattr(exc, "msg", None)
    return msg if isinstance(msg, Msg) else Msg.verbatim(str(exc))


class Refusal(ValueError):
    """An input refused, with why in both languages: ``str()`` is the English, ``.msg`` the message."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(str(msg))
        self.msg = msg


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    import yaml

    from minplan.resources import data_dir
    from minplan.yamlio import SafeLoader

    out: dict[str, dict[str, str]] = {"messages": {}, "pydantic": {}}
    for path in sorted((data_dir() / "messages" / "zh").glob("*.yaml")):
        data = yaml.load(path.read_text("utf-8"), Loader=SafeLoader) or {}
        for part, table in out.items():
            table.update({str(k): str(v) for k, v in (data.get(part) or {}).items()})
    return out


def catalogue() -> dict[str, str]:
    """English template → Chinese template (read once, when a message is first said in Chinese)."""
    return _catalogue()["messages"]


def chinese(template: str) -> str:
    return catalogue().get(template, template)


def pydantic_msg(error: dict[str, Any], english: str) -> Msg:
    """One error of pydantic's own (``Input should be a valid integer``): its English, and the Chinese of its
    type with the error's context (``应为整数``); the English twice for a type the catalogue does not hold."""
    template = _catalogue()["pydantic"].get(str(error.get("type")))
    if template is None:
        return Msg.verbatim(english)
    ctx = {k: _shown(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return Msg.both(english, template.format(**ctx))
    except (KeyError, IndexError, ValueError):
        return Msg.verbatim(english)


def _shown(value: Any) -> Any:
    return value if not isinstance(value, str) else value.replace(" or ", " 或 ")
