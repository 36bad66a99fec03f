"""What a run's geometry works with: the layers named for it and where maps go.

Plain data that crosses to worker processes as such: the layers themselves are read in the process that
uses them (before the fork, they are inherited; a spawned worker reads them again), never pickled.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from minplan.geo.layers import Layer, LayerSpec, read_layer


@dataclass
class GeoContext:
    specs: tuple[LayerSpec, ...] = ()
    map_dir: str | None = None
    started: float = field(default_factory=time.time)  # maps written since then belong to this run
    _layers: list[Layer] | None = field(default=None, repr=False)
    _lock: Any = field(default_factory=threading.Lock, repr=False)

    def layers(self) -> list[Layer]:
        """The layers, read on first use (LayerError if one cannot be)."""
        if self._layers is None:
            with self._lock:
                if self._layers is None:
                    self._layers = [read_layer(spec) for spec in self.specs]
        return self._layers

    def prepare(self) -> None:
        """Read the layers and the county boundaries now (before worker processes fork from this one)."""
        from minplan.geo import available

        self.layers()
        if available():
            from minplan.geo.counties import _counties

            _counties()

    def kinds(self) -> set[str]:
        return {s.kind for s in self.specs}

    def __getstate__(self) -> dict[str, Any]:
        return {"specs": self.specs, "map_dir": self.map_dir, "started": self.started}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.specs = state["specs"]
        self.map_dir = state["map_dir"]
        self.started = state["started"]
        self._layers = None
        self._lock = threading.Lock()
