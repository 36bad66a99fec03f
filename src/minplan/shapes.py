"""The two shapes every JSON output gives its figures and its bilingual texts (docs/contract.md, "Shapes").

A figure is ``{"value": 3.0, "unit": "万吨/年"}``, with ``"op"`` (``>=``, ``<=``, ``>``, ``<``) where it is a
bound, under ``X_quantity`` beside the text ``X`` people read (a mapping or list of texts: the same shape, each
figure as a quantity); a text that lists the readings a missing fact leaves open (``≥ 10万吨/年 / ≥ 30万吨/年``)
has them as a list, ``X_quantities``. A text in both languages is ``{"zh": …, "en": …}`` under ``X_i18n``
beside ``X``, whatever ``X`` held in version 1 (the text of ``--lang``, of one language, or already the object).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from minplan.memo import Memo

OPS = {"≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "="}
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_FIGURE = re.compile(r"^\s*(≥|≤|>=|<=|>|<|=)?\s*(.+?)\s*(?:\(.*\))?\s*$")
# "— (≥ 10万立方米/年: the row's figure for a medium deposit …)": a dash cell read as the figure it refers to
_DASH = re.compile(r"^\s*—\s*\(\s*((?:≥|≤|>=|<=|>|<)?\s*[^:;()]+?)\s*[:;)]")
ALTERNATIVES = " / "  # between the readings of a fact not stated that all give the same answer (engine)


def quantity(value: float, unit: str, op: str | None = None) -> dict[str, Any]:
    """A figure as data: its value, its unit (as data/units.yaml names it) and, for a bound, its operator."""
    return {"value": float(value), "unit": unit, **({"op": OPS[op]} if op else {})}


def quantity_of(text: str) -> dict[str, Any] | None:
    """A text that is one figure with its unit, as data: ``≥ 3万吨/年`` is ``{"value": 3.0, "unit": "万吨/年",
    "op": ">="}``; of a converted figure (``300 吨/日 ≙ 9万吨/年``) the figure compared; of a dash cell read as
    another figure (``— (≥ 10万立方米/年: …)``) that figure. ``None`` for anything else (a list of documents, a
    class, ``—``)."""
    from minplan.quantities import Quantity, QuantityError

    if (dash := _DASH.match(text)) is not None:
        text = dash.group(1)
    match = _FIGURE.match(text.split("≙")[-1])
    if match is None:
        return None
    op, figure = match.groups()
    try:
        found = Quantity.parse(figure)
    except (QuantityError, ValueError):
        return None
    return quantity(found.value, found.unit.name, op)


def quantities_of(text: str) -> list[dict[str, Any]] | None:
    """The figures of a text listing alternatives (``≥ 10万吨/年 / ≥ 30万吨/年``), when each is one."""
    if ALTERNATIVES not in text:
        return None
    found = [quantity_of(part) for part in text.split(ALTERNATIVES)]
    return None if any(q is None for q in found) else [q for q in found if q is not None]


def put_quantity(out: dict[str, Any], key: str, text: str | None, given: dict[str, Any] | None = None) -> None:
    """Beside ``out[key]`` (a text), its figure (``key_quantity``) or figures (``key_quantities``), if any."""
    if given is not None:
        out[f"{key}_quantity"] = given
    elif text is not None:
        found = _FIGURES.get(text, _UNREAD)
        if found is _UNREAD:  # findings repeat the same few requirements: each text is parsed once
            one = quantity_of(text)
            found = _FIGURES.keep(text, ("quantity", one) if one is not None else _several(text))
        if found is not None:
            name, figure = found
            out[f"{key}_{name}"] = dict(figure) if name == "quantity" else [dict(q) for q in figure]


def _several(text: str) -> tuple[str, list[dict[str, Any]]] | None:
    several = quantities_of(text)
    return ("quantities", several) if several is not None else None


_UNREAD: Any = object()
_FIGURES: Memo[str, Any] = Memo(10_000, longest=200)  # a text → what put_quantity puts beside it (copied out)


def i18n(text: Mapping[str, str]) -> dict[str, str]:
    """A bilingual text as the one object: ``{"zh", "en"}`` (an English text standing in where none is given)."""
    return {"zh": text.get("zh") or text["en"], "en": text["en"]}


def i18n_list(texts: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    return [i18n(t) for t in texts]


# --- a rule's parameters ---------------------------------------------------------------------------------------
# Which parameters of a kind are figures, and in what unit: a kind not listed here has none. (tests/test_shapes.py
# walks every rule's parameters, so a figure a new kind brings is not left as a bare number.)

_CLASSES = ("large", "medium", "small")


def _min_scale(params: Mapping[str, Any]) -> dict[str, Any]:
    unit, op = params["unit"], ">" if params.get("strict") else ">="

    def cell(value: Any) -> dict[str, Any] | None:
        return quantity(value, unit, op) if _number(value) else None

    def cells(entry: Any) -> Any:
        if isinstance(entry, Mapping):
            return {k: q for k in _CLASSES if (q := cell(entry.get(k))) is not None}
        return cell(entry)

    out: dict[str, Any] = {}
    for key in ("minimum", *_CLASSES, "underground", "open_pit"):
        if key in params and (found := cells(params[key])) not in (None, {}):
            out[key] = found
    if params.get("cases"):
        out["cases"] = [_only("minimum", cell(c.get("minimum"))) for c in params["cases"]]
    if isinstance(elsewhere := params.get("dash_elsewhere"), Mapping) and _number(elsewhere.get("minimum")):
        out["dash_elsewhere"] = {"minimum": quantity(elsewhere["minimum"], elsewhere.get("unit") or unit, op)}
    if _number(params.get("plan_density")):
        out["plan_density"] = quantity(params["plan_density"], "吨/立方米")
    return out


def _extraction_cap(params: Mapping[str, Any]) -> dict[str, Any]:
    out = {"cap": quantity(params["cap"], params["unit"], "<=")}
    if _number(params.get("grade_basis")):
        out["grade_basis"] = quantity(params["grade_basis"], "%")
    if _number(params.get("grade_at_most")):
        out["grade_at_most"] = quantity(params["grade_at_most"], "%", "<=")
    if _number(params.get("grade_at_least")):
        out["grade_at_least"] = quantity(params["grade_at_least"], "%", ">=")
    return out


def _threshold(params: Mapping[str, Any]) -> dict[str, Any]:
    unit, op = params.get("unit", ""), params["op"]
    out: dict[str, Any] = {}
    if _number(params.get("value")):
        out["value"] = quantity(params["value"], unit, op)
    if params.get("cases"):
        out["cases"] = [{"value": quantity(c["value"], unit, op)} for c in params["cases"]]
    return out


def _deadline(params: Mapping[str, Any]) -> dict[str, Any]:
    return {"months": quantity(params["months"], "月", "<=")}


FIGURES = {"min_scale": _min_scale, "extraction_cap": _extraction_cap, "threshold": _threshold, "deadline": _deadline}


def params_quantity(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """A rule's parameters as the rule file gives them, each figure as a quantity in the same place (table cells
    with the row's unit and the bound they set); what is no figure is left out."""
    figures = FIGURES.get(kind)
    return figures(params) if figures is not None else {}


def bounds(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """What a cap or threshold rule requires, for a look-up: ``required`` (as a finding of it words it) and its
    quantity, and each case the rule sets another figure for (``cases``: ``when``, ``label_i18n``, ``required``)."""
    out: dict[str, Any] = {}
    if kind == "extraction_cap":
        grade = f" ({_plain(params['grade_basis'])}%)" if _number(params.get("grade_basis")) else ""
        out["required"] = f"≤ {_plain(params['cap'])}{params['unit']}{grade}"
        out["required_quantity"] = quantity(params["cap"], params["unit"], "<=")
    elif kind == "threshold":
        unit, op = params.get("unit", ""), params["op"]
        if _number(params.get("value")):
            out["required"] = f"{SYMBOLS[op]} {_plain(params['value'])}{unit}"
            out["required_quantity"] = quantity(params["value"], unit, op)
        cases = [(c, c.get("value")) for c in params.get("cases", ())]
        if cases:
            out["cases"] = [_case(c, value, unit, op) for c, value in cases]
    elif kind == "min_scale":
        unit, op = params["unit"], ">" if params.get("strict") else ">="
        cases = [(c, c.get("minimum")) for c in params.get("cases", ()) if _number(c.get("minimum"))]
        if cases:
            out["cases"] = [_case(c, value, unit, op) for c, value in cases]
    return out


def _case(case: Mapping[str, Any], value: float, unit: str, op: str) -> dict[str, Any]:
    out: dict[str, Any] = {"when": dict(case.get("when", {}))}
    if isinstance(label := case.get("label"), Mapping):
        out["label_i18n"] = i18n(label)
    out["required"] = f"{SYMBOLS[op]} {_plain(value)}{unit}"
    out["required_quantity"] = quantity(value, unit, op)
    return out


def _only(key: str, value: Any) -> dict[str, Any]:
    return {} if value is None else {key: value}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _plain(value: float) -> str:
    from minplan.quantities import format_number

    return format_number(float(value))


# --- a zone's minimum scale, as its plan prints it ---------------------------------------------------------------
_SCALE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:（[^,，）]*[,，]\s*([^）]+)）|([^\d\s（）,，、。；;]+))")


def zone_scale_quantity(text: str | None) -> dict[str, Any] | None:
    """The figure of a zone's printed minimum scale (``20（矿石,万立方米/年）``, ``…不低于30万立方米/年``,
    ``年产页岩油达到100万吨以上``) as a lower bound; ``None`` for a class (``中型以上``) or no text."""
    from minplan.quantities import QuantityError, unit

    if not text:
        return None
    found = []
    for figure, bracketed, after in _SCALE.findall(text):
        name = (bracketed or after).strip().removesuffix("以上")
        try:
            found.append(quantity(float(figure), unit(name).name, ">="))
        except QuantityError:
            continue
    return found[0] if len(found) == 1 else None
