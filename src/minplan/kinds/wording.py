"""How a verdict is worded, by the rule's force: a binding word only where the provision binds.

A kind says what the record does (it lies in the red line, it uses a process); whether the plan forbids that
or steers away from it is the rule's force. The words for the second part come from this one table, so a
guidance rule that only warns never tells the reader "the plan does not allow" or "must".
"""

from __future__ import annotations

from typing import Literal

from minplan.rulebook import Rule

Phrase = Literal["disallowed", "inside", "outside", "process", "no_process"]

# phrase → ((zh, en) where the rule binds, (zh, en) where it warns or informs)
_PHRASES: dict[Phrase, tuple[tuple[str, str], tuple[str, str]]] = {
    "disallowed": (
        ("本规划不允许", "which the plan does not allow"),
        ("与本规划的管控导向不符，应予审查", "which the plan steers away from: to be reviewed"),
    ),
    "inside": (("须位于", "must lie inside"), ("原则上应位于", "should, as a rule, lie inside")),
    "outside": (("不得位于", "must lie outside"), ("原则上不应位于", "should, as a rule, lie outside")),
    "process": (
        ("采用了禁止的工艺", "uses a banned process"),
        ("采用了本规划要求逐步淘汰的工艺", "uses a process the plan asks to phase out"),
    ),
    "no_process": (
        ("未采用禁止的工艺", "no banned process is used"),
        ("未采用本规划要求逐步淘汰的工艺", "no process the plan asks to phase out is used"),
    ),
}


def binds(rule: Rule) -> bool:
    """Does a breach of the rule fail (binding), rather than warn or inform?"""
    return rule.force == "binding"


def say(rule: Rule, phrase: Phrase) -> tuple[str, str]:
    """The words (zh, en) for ``phrase`` in a verdict of ``rule``, as its force allows."""
    hard, soft = _PHRASES[phrase]
    return hard if binds(rule) else soft
