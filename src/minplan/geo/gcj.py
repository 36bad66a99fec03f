"""GCJ-02, the obfuscated datum of maps published in China (AutoNavi's among them), to and from WGS 84.

The forward offset is the published formula (krasovsky ellipsoid, a sum of sines); the inverse is found by
fixed-point iteration, to well under a millimetre after a few rounds. CGCS2000 and WGS 84 agree within a
metre, so the result is used as CGCS2000.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_A = 6378245.0
_EE = 0.00669342162296594323


def _offset(x: Any, y: Any) -> tuple[Any, Any]:
    sx = np.sqrt(np.abs(x))
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sx
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sx
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += common + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon += common + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return dlon, dlat


def to_gcj(lon: Any, lat: Any) -> tuple[Any, Any]:
    """WGS 84 (or CGCS2000) longitude/latitude to GCJ-02."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlon, dlat = _offset(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad) ** 2
    root = np.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1.0 - _EE)) / (magic * root) * np.pi)
    dlon = dlon * 180.0 / (_A / root * np.cos(rad) * np.pi)
    return lon + dlon, lat + dlat


def from_gcj(lon: Any, lat: Any, rounds: int = 6) -> tuple[Any, Any]:
    """GCJ-02 longitude/latitude back to WGS 84 (CGCS2000 within a metre)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x, y = lon.copy(), lat.copy()
    for _ in range(rounds):
        gx, gy = to_gcj(x, y)
        x -= gx - lon
        y -= gy - lat
    return x, y
