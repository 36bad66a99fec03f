"""Rule kinds, one module each, all behind :class:`minplan.kinds.base.Kind`."""

from __future__ import annotations

from minplan.kinds.base import Kind
from minplan.kinds.deadline import Deadline
from minplan.kinds.declaration import Declaration
from minplan.kinds.documents import Documents
from minplan.kinds.extraction_cap import ExtractionCap
from minplan.kinds.min_scale import MinScale
from minplan.kinds.mine_class import MineClass
from minplan.kinds.mineral_policy import MineralPolicy
from minplan.kinds.output_cap import OutputCap
from minplan.kinds.siting import Siting
from minplan.kinds.technology import Technology
from minplan.kinds.threshold import Threshold
from minplan.kinds.zone import Zone

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        MinScale(),
        MineralPolicy(),
        Zone(),
        MineClass(),
        Siting(),
        Documents(),
        Technology(),
        Threshold(),
        OutputCap(),
        Deadline(),
        ExtractionCap(),
        Declaration(),
    )
}
