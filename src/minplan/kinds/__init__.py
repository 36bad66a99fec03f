"""Rule kinds, one module each, all behind :class:`minplan.kinds.base.Kind`."""

from __future__ import annotations

from minplan.kinds.base import Kind
from minplan.kinds.min_scale import MinScale
from minplan.kinds.mineral_policy import MineralPolicy

KINDS: dict[str, Kind] = {kind.name: kind for kind in (MinScale(), MineralPolicy())}
