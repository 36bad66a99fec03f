"""Every figure, flag and date of the record goes through the types that read a value as written.

A field typed plainly as ``bool``, ``float``, ``int`` or ``date`` would fall back on pydantic's lax reading
("on" is true, "1e3" and "inf" are figures): the misreadings the record's own types refuse.
"""

from __future__ import annotations

import datetime as dt
import types
import typing

from pydantic import BaseModel, BeforeValidator

from minplan.record import Record

PLAIN = (bool, float, int, dt.date)


def _leaves(model: type[BaseModel], prefix: str = ""):
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = args[0] if isinstance(annotation, types.UnionType | typing._UnionGenericAlias) and args else annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from _leaves(inner, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", inner, info


def test_no_field_reads_a_figure_flag_or_date_plainly() -> None:
    plain = []
    for name, inner, info in _leaves(Record):
        checked = any(isinstance(m, BeforeValidator) for m in info.metadata)
        if inner in PLAIN and not checked:
            plain.append(name)
    assert not plain, f"fields read by pydantic's lax rules, not as written: {plain}"


def test_the_guard_sees_nested_fields() -> None:
    names = {name for name, _, _ in _leaves(Record)}
    assert {"operation.beyond_licensed_bounds", "closure.restoration_accepted", "site.ecological_red_line"} <= names
