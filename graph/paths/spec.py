"""One path query: the options of every path search, checked once, in one value.

:func:`~mechkg.paths.find_paths`, :func:`~mechkg.paths.iter_paths`,
:func:`~mechkg.paths.explore.neighbours` and :func:`~mechkg.sparql.find_paths_sparql`
take a :class:`PathQuery`, or keyword arguments that build one; ``mechkg paths`` and
``mechkg neighbours`` map their flags onto it.

Examples
--------
>>> q = PathQuery(k=3, min_evidence="experiment", species="Mouse")
>>> q.species, q.step_filter.min_rank
('NCBITaxon:10090', 4)
>>> q.relax(species=None).species is None
True
>>> PathQuery(cutoff=0)
Traceback (most recent call last):
...
mechkg.errors.InvalidQuery: cutoff must be at least 1, got 0
>>> PathQuery(min_evidence="strong")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mechkg.vocab.UnknownEvidenceLevel: unknown evidence level 'strong'; expected one of: ...
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidQuery
from ..model import Entity
from ..species import check_species, species_name
from ..vocab import check_evidence_level
from .budget import MAX_CUTOFF, MAX_K
from .steps import CAUSAL_RELATIONS, CORRELATIVE_RELATIONS, PATH_RELATIONS, StepFilter

__all__ = ["PathQuery", "check_count"]


def check_count(name: str, value: object, low: int = 1, high: int | None = None) -> int:
    """``value`` when it is an int of at least ``low`` (and at most ``high``).

    Raises
    ------
    InvalidQuery
        For a non-int (``bool`` included) or an int out of range.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidQuery(f"{name} must be an int, got {type(value).__name__}")
    if value < low:
        raise InvalidQuery(f"{name} must be at least {low}, got {value}")
    if high is not None and value > high:
        raise InvalidQuery(f"{name} must be at most {high:,}, got {value:,}")
    return value


def _flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidQuery(f"{name} must be True or False, got {value!r}")


def _names(value: str | Entity | Iterable[str | Entity]) -> tuple[str | Entity, ...]:
    return (value,) if isinstance(value, (str, Entity)) else tuple(value)


@dataclass(frozen=True, slots=True)
class PathQuery:
    """What a path search looks for. Every field is checked (and normalised) when the
    value is made, so a bad option fails before any search starts.

    Parameters
    ----------
    k : int, default 5
        How many paths :func:`~mechkg.paths.find_paths` returns (best first), at most
        :data:`~mechkg.paths.budget.MAX_K`.
    cutoff : int, default 6
        Most steps a path may have, at most :data:`~mechkg.paths.budget.MAX_CUTOFF`.
    min_evidence : str, optional
        Lowest evidence level a supporting claim may have.
    species : str, optional
        NCBITaxon CURIE or common name (``mouse``) every supporting claim must state;
        kept as the CURIE (see :func:`mechkg.species.in_species`).
    relations : iterable of str, optional
        Relations the steps may use (kept sorted); default the causal ones (increases,
        decreases, directly_increases, directly_decreases, regulates). Naming a
        correlation asks for it.
    correlations : bool, default False
        Also follow correlations (positively/negatively correlated, associated).
    via : str or Entity, optional
        An entity every path must pass through.
    avoid : str, Entity or iterable of them
        Entities no path may pass through (kept as a tuple).
    weaker : bool, default True
        With :func:`~mechkg.paths.find_paths` (and no ``via``): also the route per lower
        evidence level that reaches the most entities the shown paths do not.

    Raises
    ------
    InvalidQuery
        For any bad value: :class:`~mechkg.vocab.UnknownEvidenceLevel`,
        :class:`~mechkg.species.UnknownSpecies`, a count below 1, a relation a path
        cannot follow.
    """

    k: int = 5
    cutoff: int = 6
    min_evidence: str | None = None
    species: str | None = None
    relations: tuple[str, ...] | None = None
    correlations: bool = False
    via: str | Entity | None = None
    avoid: tuple[str | Entity, ...] = ()
    weaker: bool = True

    def __post_init__(self) -> None:
        check_count("k", self.k, high=MAX_K)
        check_count("cutoff", self.cutoff, high=MAX_CUTOFF)
        if self.min_evidence is not None:
            check_evidence_level(self.min_evidence)
        if self.species is not None:
            object.__setattr__(self, "species", check_species(self.species))
        if self.relations is not None:
            chosen = tuple(sorted(set(_names(self.relations))))  # type: ignore[type-var]
            bad = [r for r in chosen if r not in PATH_RELATIONS]
            if bad:
                raise InvalidQuery(
                    f"paths cannot follow {', '.join(map(str, bad))}; expected some of: "
                    + ", ".join(sorted(PATH_RELATIONS))
                )
            if not chosen:
                raise InvalidQuery("relations must name at least one relation")
            object.__setattr__(self, "relations", chosen)
        _flag("correlations", self.correlations)
        _flag("weaker", self.weaker)
        if self.via is not None and not isinstance(self.via, (str, Entity)):
            raise InvalidQuery(f"via must be an entity name, got {type(self.via).__name__}")
        avoid = _names(self.avoid)
        if not all(isinstance(a, (str, Entity)) for a in avoid):
            raise InvalidQuery("avoid must hold entity names")
        object.__setattr__(self, "avoid", avoid)

    @classmethod
    def of(cls, query: PathQuery | None = None, /, **options: Any) -> PathQuery:
        """``query`` (default: all defaults) with ``options`` (field names) changed.

        Raises
        ------
        TypeError
            For an option that is not a field, naming the fields.
        InvalidQuery
            For a bad value.
        """
        base = cls() if query is None else query
        if not options:
            return base
        unknown = sorted(set(options) - set(cls.__dataclass_fields__))
        if unknown:
            raise TypeError(
                f"unknown path query option {', '.join(unknown)}; expected some of: "
                + ", ".join(cls.__dataclass_fields__)
            )
        return dataclasses.replace(base, **options)

    def relax(self, **changes: Any) -> PathQuery:
        """This query with some fields changed (checked like a new one)."""
        return dataclasses.replace(self, **changes)

    @property
    def step_filter(self) -> StepFilter:
        """The claims a step may use under this query."""
        min_rank = 0 if self.min_evidence is None else check_evidence_level(self.min_evidence).rank
        if self.relations is not None:
            allowed = frozenset(self.relations)
        else:
            allowed = CAUSAL_RELATIONS | (CORRELATIVE_RELATIONS if self.correlations else set())
        return StepFilter(min_rank, self.species, allowed)

    def limits(self) -> list[str]:
        """The query's constraints in words (for messages): evidence, species, relations,
        via, avoid."""
        out = []
        if self.min_evidence is not None:
            out.append(f"evidence at least {self.min_evidence}")
        if self.species is not None:
            out.append(f"species {species_name(self.species)}")
        if self.relations is not None:
            out.append("relations " + ", ".join(self.relations))
        if self.via is not None:
            out.append(f"through {_label(self.via)}")
        if self.avoid:
            out.append("avoiding " + ", ".join(_label(a) for a in self.avoid))
        return out


def _label(entity: str | Entity) -> str:
    return entity.label if isinstance(entity, Entity) else entity
