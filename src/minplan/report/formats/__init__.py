"""Report formats, one module each, named as ``--format`` names them (see minplan.report.base)."""

from __future__ import annotations

import pkgutil


def names() -> list[str]:
    """The formats there are: the modules of this package (none is imported)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
