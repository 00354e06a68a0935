"""Value objects returned by path queries: :class:`Step`, :class:`Path`, :class:`PathResult`."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import reduce

from ..model import Claim, Entity
from ..schema import references
from ..vocab import EVIDENCE_LEVELS, RELATIONS, EvidenceLevel
from .context import ContextDifference, Within, nested, split_opposing, within_from
from .index import LEVEL_NAMES, PathIndex
from .steps import StepView

__all__ = [
    "Step",
    "Path",
    "Route",
    "PathResult",
    "Necessity",
    "effect_name",
    "make_path",
    "make_step",
    "named_contexts",
    "regions_within",
]


def effect_name(sign: int | None) -> str:
    """``increases``, ``decreases`` or ``unknown`` for a sign +1, -1 or None."""
    return {1: "increases", -1: "decreases"}.get(sign, "unknown")  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path: ``subject -> object`` with the claims that support it (the
    headline first: the strongest baseline claim), the claims that contradict it (their
    context compatible with a supporting claim's), the opposing claims that differ from
    it by context, and the kinds of the supporting claims' sources."""

    subject: Entity
    object: Entity
    claims: tuple[Claim, ...]
    contradictions: tuple[Claim, ...] = ()
    differs: tuple[ContextDifference, ...] = ()
    source_kinds: frozenset[str] = frozenset()

    @property
    def claim(self) -> Claim:
        """The headline: the strongest baseline claim (the strongest claim when every
        supporting claim has a condition)."""
        return self.claims[0]

    @property
    def relation(self) -> str:
        return self.claim.relation

    @property
    def rank(self) -> int:
        """The strongest supporting claim's evidence rank."""
        return max(c.rank for c in self.claims)

    @property
    def evidence(self) -> str:
        return LEVEL_NAMES[self.rank]

    @property
    def level(self) -> EvidenceLevel:
        return EVIDENCE_LEVELS[self.evidence]

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

    @property
    def anatomy(self) -> frozenset[str]:
        return frozenset(a for c in self.claims for a in c.anatomy)

    @property
    def conditions(self) -> frozenset[str]:
        """Conditions of the supporting claims (genotypes, pretreatments ...)."""
        return frozenset(x for c in self.claims for x in c.condition)


@dataclass(frozen=True, slots=True)
class Necessity:
    """A necessity test over part of a path: the claim that the effect of
    ``path.nodes[start]`` on ``path.nodes[end]`` requires (or is independent of) the
    ``mediator`` that the path passes through."""

    claim: Claim
    mediator: Entity
    start: int
    end: int

    @property
    def required(self) -> bool:
        """True for ``requires``, False for ``independent_of``."""
        return self.mediator.id in self.claim.requires


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
    #: necessity tests of the path's intermediates (see :class:`Necessity`)
    necessity: tuple[Necessity, ...] = ()
    #: for each anatomical context of the steps, the regions it lies within (itself
    #: included), from the graph's part_of claims
    regions: tuple[tuple[str, frozenset[str]], ...] = ()

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
    def anatomy(self) -> tuple[str, ...]:
        """Every anatomical context the steps' supporting claims name."""
        return tuple(sorted(frozenset().union(*(s.anatomy for s in self.steps))))

    @property
    def mixed_anatomy(self) -> bool:
        """True when two steps that name anatomical contexts have no region in common,
        neither lying within the other (a hippocampus claim chained to a prefrontal
        cortex one; ventral CA1 and the hippocampus it is part of are not mixed)."""
        within = dict(self.regions)
        known = [s.anatomy for s in self.steps if s.anatomy]
        return any(
            not nested(a, b, lambda r: within.get(r, frozenset((r,))))
            for i, a in enumerate(known)
            for b in known[i + 1 :]
        )

    @property
    def source_kinds(self) -> tuple[str, ...]:
        """The kinds of source every step has a supporting claim from; when no kind is
        common to every step, every kind involved."""
        kinds = [s.source_kinds for s in self.steps]
        return _shared(kinds, [None for _ in self.steps])[0]

    @property
    def mixed_source_kinds(self) -> bool:
        """True when the path stitches claims from sources of different kinds: no kind of
        source (a paper, a news article) supports every step, so the chain cannot be read
        from one kind alone. A step that a paper and a news article both support is not
        mixed."""
        return _shared([s.source_kinds for s in self.steps], [None for _ in self.steps])[1]

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


def make_step(view: StepView, u: int, v: int) -> Step:
    """The :class:`Step` ``u -> v`` of a view, its claims looked up and its opposing
    claims told apart (contradicting, or differing by context)."""
    ix = view.index
    support_n, opposing_n = view.claims(u, v)
    support = tuple(ix.claims[n] for n in support_n)
    contra, differ = split_opposing(support, (ix.claims[n] for n in opposing_n), regions_within(ix))
    return Step(
        subject=ix.entity(u),
        object=ix.entity(v),
        claims=support,
        contradictions=contra,
        differs=differ,
        source_kinds=_source_kinds(ix, support),
    )


_STRUCTURAL = frozenset(n for n, r in RELATIONS.items() if r.kind == "structural")


def regions_within(ix: PathIndex) -> Within:
    """For a region (an entity id or a CURIE): itself and every region the graph's
    ``part_of`` and ``located_in`` claims put it in, transitively."""

    def parents(region: str) -> list[str]:
        node = ix.node(region)
        if node is None:
            return []
        out = []
        for j in range(ix.out_start[node], ix.out_start[node + 1]):
            claim = ix.claims[ix.out_claim[j]]
            if claim.relation in _STRUCTURAL and not claim.negated:
                out.append(claim.object)
        return out

    return within_from(parents)


def _source_kinds(ix: PathIndex, claims: tuple[Claim, ...]) -> frozenset[str]:
    kinds = set()
    for sid in dict.fromkeys(c.source for c in claims):
        src = ix.source(sid)
        if src is not None:
            kinds.add(src.kind)
    return frozenset(kinds)


def _necessity(view: StepView, nodes: list[int]) -> tuple[Necessity, ...]:
    """The necessity tests of a path's intermediates: claims from one node of the path
    to a later one (past the next) that require, or do without, a node between them."""
    ix = view.index
    out = []
    for i in range(len(nodes) - 2):
        for k in range(i + 2, len(nodes)):
            inner = {ix.entity_ids[n]: p for p, n in enumerate(nodes[i + 1 : k], start=i + 1)}
            for n in ix.claims_between(nodes[i], nodes[k]):
                claim = ix.claims[n]
                flt = view.filter
                if not claim.necessity or claim.rank < flt.min_rank:
                    continue
                if claim.relation not in flt.relations:
                    continue
                if not view.passes_species(claim.species):
                    continue
                for mediator in (*claim.requires, *claim.independent_of):
                    if mediator in inner:
                        out.append(Necessity(claim, ix.entity(nodes[inner[mediator]]), i, k))
    out.sort(key=lambda x: (x.start, x.end, -x.claim.rank, x.claim.id, x.mediator.id))
    return tuple(out)


def make_path(view: StepView, nodes: list[int]) -> Path:
    """A :class:`Path` from node numbers, with its claims and the necessity tests of its
    intermediates looked up."""
    steps = tuple(make_step(view, u, v) for u, v in itertools.pairwise(nodes))
    within = regions_within(view.index)
    regions = sorted({a for s in steps for a in s.anatomy})
    return Path(steps, _necessity(view, nodes), tuple((r, within(r)) for r in regions))


def named_contexts(paths: tuple[Path, ...]) -> set[str]:
    """The context values (anatomy, model, conditions: entity ids or CURIEs) and the
    mediators the paths' claims name, supporting or opposing: what their output labels."""
    out: set[str] = set()
    for path in paths:
        for step in path.steps:
            claims = (*step.claims, *step.contradictions, *(d.claim for d in step.differs))
            for claim in claims:
                out.update(references(claim, "context"))
                out.update((*claim.requires, *claim.independent_of))
        for test in path.necessity:
            out.update(references(test.claim, "context"))
    return out
