"""Value objects returned by path queries: :class:`Step`, :class:`Path`, :class:`PathResult`."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import reduce

from ..model import Claim, Entity
from ..vocab import RELATIONS, EvidenceLevel
from .index import LEVEL_NAMES
from .steps import StepView

__all__ = ["Step", "Path", "Route", "PathResult", "effect_name", "make_path"]


def effect_name(sign: int | None) -> str:
    """``increases``, ``decreases`` or ``unknown`` for a sign +1, -1 or None."""
    return {1: "increases", -1: "decreases"}.get(sign, "unknown")  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path: ``subject -> object`` with the claims that support it
    (strongest first) and the claims that contradict it."""

    subject: Entity
    object: Entity
    claims: tuple[Claim, ...]
    contradictions: tuple[Claim, ...] = ()

    @property
    def claim(self) -> Claim:
        """The strongest supporting claim."""
        return self.claims[0]

    @property
    def relation(self) -> str:
        return self.claim.relation

    @property
    def evidence(self) -> str:
        return self.claim.evidence

    @property
    def rank(self) -> int:
        return self.claim.rank

    @property
    def level(self) -> EvidenceLevel:
        return self.claim.level

    @property
    def sign(self) -> int | None:
        return RELATIONS[self.claim.relation].sign

    @property
    def support(self) -> int:
        """How many claims support the step."""
        return len(self.claims)

    @property
    def sources(self) -> tuple[str, ...]:
        """Distinct sources of the supporting claims, strongest claim's first."""
        return tuple(dict.fromkeys(c.source for c in self.claims))

    @property
    def species(self) -> frozenset[str]:
        return frozenset(c.species for c in self.claims if c.species is not None)

    @property
    def contexts(self) -> frozenset[str]:
        return frozenset(c.model for c in self.claims if c.model is not None)


def _shared(
    sets: list[frozenset[str]], strongest: list[str | None]
) -> tuple[tuple[str, ...], bool]:
    """What the steps share: ``(values, mixed)``. Steps that say nothing are ignored."""
    known = [s for s in sets if s]
    if not known:
        return (), False
    common = reduce(frozenset.intersection, known)
    if common:
        return tuple(sorted(common)), False
    return tuple(sorted({s for s in strongest if s is not None} | set().union(*known))), True


@dataclass(frozen=True, slots=True)
class Path:
    """A simple causal path: its steps, net effect, grade and context.

    ``net_effect`` is the product of the steps' signs (None when a step is unsigned);
    ``grade`` is the weakest link's evidence rank and ``weakest`` that step's index.
    """

    steps: tuple[Step, ...]

    @property
    def nodes(self) -> tuple[Entity, ...]:
        return (self.steps[0].subject, *(s.object for s in self.steps))

    @property
    def net_effect(self) -> int | None:
        sign = 1
        for step in self.steps:
            if step.sign is None:
                return None
            sign *= step.sign
        return sign

    @property
    def grade(self) -> int:
        return min(s.rank for s in self.steps)

    @property
    def weakest(self) -> int:
        """Index of the weakest step (the first one, if several are equally weak)."""
        grade = self.grade
        return next(i for i, s in enumerate(self.steps) if s.rank == grade)

    @property
    def weakest_evidence(self) -> str:
        return LEVEL_NAMES[self.grade]

    @property
    def support(self) -> int:
        return sum(s.support for s in self.steps)

    @property
    def species(self) -> tuple[str, ...]:
        """Species the steps share; when they share none, every species involved."""
        return _shared([s.species for s in self.steps], [s.claim.species for s in self.steps])[0]

    @property
    def mixed_species(self) -> bool:
        """True when no species is common to every step that names one (say, a mouse
        claim chained to a human one)."""
        return _shared([s.species for s in self.steps], [s.claim.species for s in self.steps])[1]

    @property
    def contexts(self) -> tuple[str, ...]:
        """Models or conditions the steps share; when none, every one involved."""
        return _shared([s.contexts for s in self.steps], [s.claim.model for s in self.steps])[0]

    @property
    def mixed_contexts(self) -> bool:
        return _shared([s.contexts for s in self.steps], [s.claim.model for s in self.steps])[1]

    @property
    def claim_ids(self) -> tuple[str, ...]:
        """The strongest claim of each step, in order."""
        return tuple(s.claim.id for s in self.steps)

    def sort_key(self) -> tuple[int, int, int, tuple[str, ...]]:
        """Ranking: highest weakest link, fewer steps, more claims, then node ids."""
        return (-self.grade, len(self.steps), -self.support, tuple(e.id for e in self.nodes))


@dataclass(frozen=True, slots=True)
class Route:
    """A path and, for each of its inner positions, the other entities that could stand
    there (``branches[i]`` is for ``path.nodes[i + 1]``)."""

    path: Path
    branches: tuple[tuple[Entity, ...], ...]


@dataclass(frozen=True, slots=True)
class PathResult:
    """The answer to a path query: its endpoints, the options used, the paths found and
    the weaker routes they leave out (see :mod:`mechkg.paths.routes`)."""

    source: Entity
    target: Entity
    paths: tuple[Path, ...]
    options: tuple[tuple[str, object], ...] = ()
    weaker: tuple[Route, ...] = ()
    #: labels of the entities named as contexts (anatomy, model) in the paths
    context_labels: tuple[tuple[str, str], ...] = ()
    #: the work budget of each part of the search: ``(part, limit, spent, exhausted)``
    #: for ``paths`` and ``weaker_routes`` (see :mod:`mechkg.paths.budget`); how much
    #: work a search took is not part of its answer, so results compare without it
    work: tuple[tuple[str, int | None, int, bool], ...] = field(default=(), compare=False)

    @property
    def stopped(self) -> tuple[str, ...]:
        """The parts of the search that ran out of work (``paths``, ``weaker_routes``):
        their results are the best found before the bound, not necessarily all."""
        return tuple(part for part, _, _, exhausted in self.work if exhausted)

    @property
    def partial(self) -> bool:
        """True when some part of the search stopped at its work budget."""
        return bool(self.stopped)


def make_path(view: StepView, nodes: list[int]) -> Path:
    """A :class:`Path` from node numbers, with its claims looked up."""
    ix = view.index
    steps = []
    for u, v in itertools.pairwise(nodes):
        support, contra = view.claims(u, v)
        steps.append(
            Step(
                subject=ix.entity(u),
                object=ix.entity(v),
                claims=tuple(ix.claims[n] for n in support),
                contradictions=tuple(ix.claims[n] for n in contra),
            )
        )
    return Path(tuple(steps))
