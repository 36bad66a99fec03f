"""Default factories for pydantic fields."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

_Model = TypeVar("_Model", bound="BaseModel")


def empty_list() -> list[Any]:
    """A new empty list, for ``Field(default_factory=empty_list)``.

    pydantic asks every default factory for its signature (whether it takes the data validated so far), and the
    builtin ``list`` answers only by having its text signature parsed: some 0.1–0.3 ms a field, and 4 ms for the
    first, at every start-up. A function of ours answers at once.
    """
    return []


def none_given(model: type[_Model]) -> Callable[[], _Model]:
    """A factory of one empty instance of a frozen model, shared by every record that leaves the part out: a
    factory that built one per record validated an empty instance anew each time (four or five a record). A model
    that is not frozen is refused: one record changing the shared instance would change every other's."""
    if not model.model_config.get("frozen"):
        raise TypeError(f"{model.__name__} is not frozen: its empty instance cannot be shared")
    empty = model()
    return lambda: empty
