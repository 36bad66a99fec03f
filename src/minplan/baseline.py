"""A bureau's ledger of existing mines (YAML, CSV or XLSX), counted under a batch's applications."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from minplan.loader import decode
from minplan.record import QuantityField, division_code, mineral_name
from minplan.vocab import DepositScale, enum_value
from minplan.yamlio import SafeLoader


class BaselineError(ValueError):
    """A ledger that cannot be read; names file and row."""


class Mine(BaseModel):
    """One existing mine of the ledger."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True, defer_build=True)

    id: str
    county: str
    mineral: str
    capacity: QuantityField | None = None
    output: QuantityField | None = None
    mine_scale: DepositScale | None = None
    holder: str | None = None
    zones: list[str] = Field(default_factory=list)

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, raw: Any) -> Any:
        return str(raw) if raw is not None else raw

    @field_validator("county", mode="before")
    @classmethod
    def _county(cls, raw: Any) -> str:
        return division_code(raw)

    @field_validator("mineral", mode="before")
    @classmethod
    def _mineral(cls, raw: Any) -> str:
        return mineral_name(raw)

    @field_validator("mine_scale", mode="before")
    @classmethod
    def _scale(cls, raw: Any) -> Any:
        return None if raw in ("", None) else enum_value(DepositScale, raw)

    @field_validator("capacity", "output", "holder", mode="before")
    @classmethod
    def _blank(cls, raw: Any) -> Any:
        return None if raw == "" else raw

    @field_validator("zones", mode="before")
    @classmethod
    def _zones(cls, raw: Any) -> Any:
        if raw in (None, ""):
            return []
        if isinstance(raw, str):
            raw = raw.replace("，", ",").replace(";", ",").split(",")
        return [str(z).strip().upper() for z in raw if str(z).strip()]


def _rows(path: Path) -> list[dict[str, Any]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            from openpyxl import load_workbook
        except ImportError:
            raise BaselineError(f"{path}: reading Excel needs openpyxl (pip install openpyxl)") from None
        sheet = load_workbook(path, read_only=True, data_only=True).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        header = [str(h).strip() if h is not None else "" for h in rows[0]] if rows else []
        return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(c is not None for c in r)]
    text, _ = decode(path.read_bytes())
    if suffix == ".csv":
        return list(csv.DictReader(io.StringIO(text)))
    import yaml

    data = yaml.load(text, Loader=SafeLoader)
    if isinstance(data, dict):
        data = data.get("mines")
    if not isinstance(data, list):
        raise BaselineError(f"{path}: expected a list of mines (or a mapping with 'mines:')")
    return data


def load_baseline(path: Path) -> list[Mine]:
    """Every mine of the ledger; a bad row is an error naming its row number."""
    try:
        rows = _rows(path)
    except OSError as exc:
        raise BaselineError(f"{path}: {exc.strerror or exc}") from None
    mines = []
    for number, row in enumerate(rows, start=2 if path.suffix.lower() != ".yaml" else 1):
        try:
            mines.append(Mine.model_validate(row))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in first["loc"])
            raise BaselineError(f"{path}: row {number}: {field}: {first['msg']}") from None
    return mines
