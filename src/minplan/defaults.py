"""Default factories for pydantic fields."""

from typing import Any


def empty_list() -> list[Any]:
    """A new empty list, for ``Field(default_factory=empty_list)``.

    pydantic asks every default factory for its signature (whether it takes the data validated so far), and the
    builtin ``list`` answers only by having its text signature parsed: some 0.1–0.3 ms a field, and 4 ms for the
    first, at every start-up. A function of ours answers at once.
    """
    return []
