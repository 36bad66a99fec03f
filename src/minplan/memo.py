"""Bounded memos: a batch repeats the same words, lines and figures thousands of times."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """A dict that stops taking entries at ``size``, and never takes text keys longer than ``longest``.

    Both bounds keep memory flat however many files a batch reads: the entries that pay are the
    ones met early and often; a long or one-off key is simply worked out again.
    """

    def __init__(self, size: int, longest: int | None = None) -> None:
        super().__init__()
        self.size = size
        self.longest = longest

    def keep(self, key: K, value: V) -> V:
        """Remember ``value`` under ``key`` if there is room; return it either way."""
        if len(self) < self.size and (self.longest is None or len(key) <= self.longest):  # type: ignore[arg-type]
            self[key] = value
        return value


class Budgeted(dict[K, V], Generic[K, V]):
    """A dict of memos that together take at most ``room`` more entries: when many memos grow (one per rule),
    a bound on each is not enough to keep a long batch flat. Those who keep entries ask :meth:`spend` first."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def spend(self) -> bool:
        """Is there room for one more entry? (It is taken.)"""
        if self.room <= 0:
            return False
        self.room -= 1
        return True
