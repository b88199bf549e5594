"""The words a finding is made of, written once: the levels of concern and the special routes.

Why one module: the mapper, the concern, the advice, practice scoring and the records all compare levels and
list routes. Written out in each of them, the copies drifted (one listed trafficking before fabricated or
induced illness, another the other way). Here:

- ``Level``: none < consider < suspect < danger. Members compare by that order (``Level.SUSPECT >
  "consider"``) and equal their plain text (``Level.SUSPECT == "suspect"``), so JSON, slots and YAML keep
  plain words. What each level means is in the knowledge base (``knowledge/guideline/levels.yml``),
  read through ``Level.meaning``.
- ``Route``: the special routes. Their order (the order advice gives their steps in) is the order of
  ``knowledge/guideline/routes.yml``, which is the guideline's own order; ``Route.order()`` reads it.
  The members are declared in the same order, and a test keeps the two the same.

Nothing is read at import time: the knowledge base is loaded (once) on the first question that needs it.
"""
from __future__ import annotations

from enum import Enum
from typing import Iterable, Optional, Union


class _Ordered(str, Enum):
    """A closed vocabulary of plain words whose members compare by a rank, not alphabetically."""

    @property
    def rank(self) -> int:
        raise NotImplementedError

    @classmethod
    def _coerce(cls, other: object):
        if isinstance(other, cls):
            return other
        if isinstance(other, str):
            return cls(other)
        return None

    def __lt__(self, other: object) -> bool:
        theirs = self._coerce(other)
        return NotImplemented if theirs is None else self.rank < theirs.rank

    def __le__(self, other: object) -> bool:
        theirs = self._coerce(other)
        return NotImplemented if theirs is None else self.rank <= theirs.rank

    def __gt__(self, other: object) -> bool:
        theirs = self._coerce(other)
        return NotImplemented if theirs is None else self.rank > theirs.rank

    def __ge__(self, other: object) -> bool:
        theirs = self._coerce(other)
        return NotImplemented if theirs is None else self.rank >= theirs.rank

    # equal to, hashed as and printed as the plain word ("suspect"), so dicts, JSON and f-strings are unchanged
    __hash__ = str.__hash__

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Level(_Ordered):
    """A level of concern, lowest first. NG76's two levels are consider and suspect; none and danger frame them."""

    NONE = "none"
    CONSIDER = "consider"
    SUSPECT = "suspect"
    DANGER = "danger"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self.value]

    @classmethod
    def highest(cls, levels: Iterable[Union[str, "Level"]]) -> "Level":
        """The highest of some levels; none for none."""
        return max((cls(level) for level in levels), default=cls.NONE)

    @classmethod
    def known(cls, value: object) -> bool:
        """Whether ``value`` is one of the level words."""
        return isinstance(value, str) and value in _LEVEL_RANK

    @property
    def meaning(self) -> str:
        """What the level means, in plain words (knowledge/guideline/levels.yml)."""
        from bot.guideline import guideline

        return guideline().level(self.value).meaning


_LEVEL_RANK = {level.value: rank for rank, level in enumerate(Level)}
LEVEL_VALUES: tuple[str, ...] = tuple(level.value for level in Level)
"""The level words, lowest first: for a ``Literal`` that pydantic enforces, and for command-line choices."""


class Route(_Ordered):
    """A special route: a situation with its own response, outside the consider and suspect steps.

    Declared in the order of knowledge/guideline/routes.yml; ``order()`` is that file's order.
    """

    DANGER = "danger"
    DISCLOSURE = "disclosure"
    FGM = "fgm"
    FII = "fii"
    TRAFFICKING = "trafficking"
    INJURY = "injury"

    @classmethod
    def order(cls) -> tuple["Route", ...]:
        """Every route, in the order of knowledge/guideline/routes.yml (the loader keeps the file's order)."""
        from bot.guideline import guideline

        return tuple(cls(route_id) for route_id in guideline().routes)

    @property
    def rank(self) -> int:
        return self.order().index(self)

    @classmethod
    def of(cls, value: object) -> Optional["Route"]:
        """The route a finding's id names, or None for an alerting feature ("1.3.23")."""
        return cls(value) if cls.known(value) else None

    @classmethod
    def known(cls, value: object) -> bool:
        """Whether ``value`` is a route id rather than an alerting feature's number."""
        return isinstance(value, str) and value in ROUTE_VALUES

    @classmethod
    def in_order(cls, ids: Iterable[object]) -> list["Route"]:
        """The routes among ``ids`` (alerting feature numbers are skipped), once each, in the knowledge base's order."""
        found = {cls(i) for i in ids if cls.known(i)}
        return [route for route in cls.order() if route in found]

    @property
    def level(self) -> Level:
        """The level a route counts as: immediate danger is danger; every other route is a serious concern with a
        response of its own, so it counts as suspect."""
        return Level.DANGER if self is Route.DANGER else Level.SUSPECT


ROUTE_VALUES: tuple[str, ...] = tuple(route.value for route in Route)
"""The route ids, in declaration order (the order of routes.yml): for a ``Literal`` that pydantic enforces."""


__all__ = ["Level", "Route", "LEVEL_VALUES", "ROUTE_VALUES"]
