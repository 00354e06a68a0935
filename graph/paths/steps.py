"""Steps: what a path may walk, under a query's filters.

A *step* is a directed pair of entities ``u -> v`` with the claims that support it. The
claims of one pair that pass the filters are grouped by sign (+, - or unknown); the group
with the strongest claim (then the most claims, then + before - before unknown) is the
step, its strongest claim's evidence is the step's evidence, and the other groups'
claims, ``causes_no_change`` claims and negated claims of the step's sign oppose it
(:mod:`mechkg.paths.context` tells a contradiction from a difference of context). The
step's headline is its strongest baseline claim (one without a condition), then a plain
result before a necessity test.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..model import Claim
from ..species import in_species
from ..vocab import RELATIONS
from .bounds import HopBounds
from .index import CODE_SIZE, LEVEL_NAMES, PathIndex, code_negated, code_rank, code_relation

__all__ = [
    "CAUSAL_RELATIONS",
    "CORRELATIVE_RELATIONS",
    "PATH_RELATIONS",
    "StepFilter",
    "StepView",
    "step_claims",
]

#: Relations a path follows by default.
CAUSAL_RELATIONS = frozenset(n for n, r in RELATIONS.items() if r.kind == "causal")
#: Relations a path follows only when correlations are included.
CORRELATIVE_RELATIONS = frozenset(n for n, r in RELATIONS.items() if r.kind == "correlative")
#: Every relation a path may follow.
PATH_RELATIONS = CAUSAL_RELATIONS | CORRELATIVE_RELATIONS

_SIGN_GROUP = {1: 0, -1: 1, None: 2}
#: Sign of each group, by group number.
GROUP_SIGN = (1, -1, None)


@dataclass(frozen=True, slots=True)
class StepFilter:
    """Which claims may support a step (see :attr:`mechkg.paths.PathQuery.step_filter`).

    Parameters
    ----------
    min_rank : int
        Lowest evidence rank a supporting claim may have.
    species : str or None
        NCBITaxon CURIE every supporting claim must have (claims without a species do not
        pass), or None for any species.
    relations : frozenset of str
        Relations a supporting claim may use (negated claims never support).
    """

    min_rank: int = 0
    species: str | None = None
    relations: frozenset[str] = CAUSAL_RELATIONS


#: Most index entries the steps kept for one index may come from, all filters together
#: (each claim is two: out of its subject, into its object); past it, the kept steps are
#: dropped and decoded again as queries need them. The steps of 2M entries (a 1M-claim
#: graph) take 200 MB, 420 MB with their lists by evidence level.
KEPT_ENTRIES = 2_000_000


class _Decoded:
    """Steps of an index under one filter, decoded per node on first use: shared by the
    queries of one process over that index and filter (see :class:`StepView`)."""

    __slots__ = ("at", "edge", "entries", "ids", "pairs", "pred", "sp", "succ", "table")

    def __init__(self, index: PathIndex, flt: StepFilter) -> None:
        table: list[tuple[int, int] | None] = [None] * CODE_SIZE
        for code in range(CODE_SIZE):
            if code_negated(code):
                continue
            try:
                rel = code_relation(code)
            except IndexError:  # codes past the last relation
                break
            rank = code_rank(code)
            if rel in flt.relations and rank >= flt.min_rank:
                table[code] = (_SIGN_GROUP[RELATIONS[rel].sign], rank)
        self.table = table
        if flt.species is None:
            self.sp: int | None = None
        else:
            code_ = index.species_code(flt.species)
            self.sp = -1 if code_ is None else code_
        self.succ: dict[int, list[tuple[int, int, int]]] = {}
        self.pred: dict[int, list[tuple[int, int, int]]] = {}
        self.edge: dict[int, dict[int, tuple[int, int]]] = {}
        self.pairs: dict[tuple[int, int], tuple[int, int] | None] = {}
        #: per direction and evidence rank: node -> its steps of at least that rank
        self.at: tuple[list[dict[int, list[tuple[int, int, int]]]], ...] = (
            [{} for _ in LEVEL_NAMES],
            [{} for _ in LEVEL_NAMES],
        )
        #: the same, each step's far end only (what a breadth-first search takes a whole
        #: set of at once)
        self.ids: tuple[list[dict[int, tuple[int, ...]]], ...] = (
            [{} for _ in LEVEL_NAMES],
            [{} for _ in LEVEL_NAMES],
        )
        #: index entries decoded into the steps kept
        self.entries = 0


def _decoded(index: PathIndex, flt: StepFilter) -> _Decoded:
    """The kept steps of ``index`` under ``flt``: every filter's dropped once they come
    from more than :data:`KEPT_ENTRIES` entries together (checked as each query starts,
    so a query's own work budget bounds what it adds), and a few filters kept."""
    kept: dict[StepFilter, _Decoded] = index.step_cache
    if sum(d.entries for d in kept.values()) > KEPT_ENTRIES or (len(kept) >= 8 and flt not in kept):
        kept.clear()
    got = kept.get(flt)
    if got is None:
        got = kept[flt] = _Decoded(index, flt)
    return got


class StepView:
    """The steps of an index under one filter, for one query: computed per node on first
    use, and kept for the next queries over the same index and filter. Each view counts
    the index entries it reads (:attr:`decoded`) as if it decoded them itself, so that a
    query spends the same work whatever ran before it."""

    def __init__(self, index: PathIndex, flt: StepFilter) -> None:
        self.index = index
        self.filter = flt
        self._kept = _decoded(index, flt)
        self._table = self._kept.table
        self._sp = self._kept.sp
        #: claims (index entries) decoded into steps for this view so far: the work of
        #: :meth:`succ` and co.
        self.decoded = 0
        # the nodes and pairs whose entries this view has counted
        self._counted: tuple[set[int], set[int]] = (set(), set())
        self._counted_pairs: set[tuple[int, int]] = set()
        #: step bounds of the searches over this view, by (source, target, cutoff)
        self.bounds: dict[tuple[int, int, int], HopBounds] = {}

    @property
    def max_support(self) -> int:
        return max(self.index.max_support, 1)

    def _steps(
        self, start: int, end: int, nbr: array, codes: array, sps: array
    ) -> list[tuple[int, int, int]]:
        table = self._table
        sp = self._sp
        out: list[tuple[int, int, int]] = []
        cur = -1
        b0 = b1 = b2 = -1
        n0 = n1 = n2 = 0
        if sp is None:
            items: Iterator[tuple[int, int]] = zip(nbr[start:end], codes[start:end], strict=True)
        else:
            rows = zip(nbr[start:end], codes[start:end], sps[start:end], strict=True)
            items = ((v, c) for v, c, s in rows if s == sp)
        for v, c in items:
            info = table[c]
            if info is None:
                continue
            if v != cur:
                if cur >= 0:
                    out.append(_pick(cur, b0, n0, b1, n1, b2, n2))
                cur = v
                b0 = b1 = b2 = -1
                n0 = n1 = n2 = 0
            g, r = info
            if g == 0:
                n0 += 1
                if r > b0:
                    b0 = r
            elif g == 1:
                n1 += 1
                if r > b1:
                    b1 = r
            else:
                n2 += 1
                if r > b2:
                    b2 = r
        if cur >= 0:
            out.append(_pick(cur, b0, n0, b1, n1, b2, n2))
        return out

    def succ(self, u: int) -> list[tuple[int, int, int]]:
        """``(v, rank, support)`` for every step out of ``u``."""
        ix = self.index
        lo, hi = ix.out_start[u], ix.out_start[u + 1]
        if u not in self._counted[0]:
            self._counted[0].add(u)
            self.decoded += hi - lo
        kept = self._kept
        steps = kept.succ.get(u)
        if steps is None:
            kept.entries += hi - lo
            steps = kept.succ[u] = self._steps(lo, hi, ix.out_nbr, ix.out_code, ix.out_sp)
        return steps

    def pred(self, v: int) -> list[tuple[int, int, int]]:
        """``(u, rank, support)`` for every step into ``v``."""
        ix = self.index
        lo, hi = ix.in_start[v], ix.in_start[v + 1]
        if v not in self._counted[1]:
            self._counted[1].add(v)
            self.decoded += hi - lo
        kept = self._kept
        steps = kept.pred.get(v)
        if steps is None:
            kept.entries += hi - lo
            steps = kept.pred[v] = self._steps(lo, hi, ix.in_nbr, ix.in_code, ix.in_sp)
        return steps

    def succ_at(self, u: int, level: int) -> list[tuple[int, int, int]]:
        """The steps out of ``u`` of rank at least ``level`` (in :meth:`succ` order)."""
        memo = self._kept.at[0][level]
        steps = memo.get(u)
        if steps is None:
            steps = memo[u] = [x for x in self.succ(u) if x[1] >= level]
        elif u not in self._counted[0]:
            self.succ(u)  # counted
        return steps

    def pred_at(self, v: int, level: int) -> list[tuple[int, int, int]]:
        """The steps into ``v`` of rank at least ``level`` (in :meth:`pred` order)."""
        memo = self._kept.at[1][level]
        steps = memo.get(v)
        if steps is None:
            steps = memo[v] = [x for x in self.pred(v) if x[1] >= level]
        elif v not in self._counted[1]:
            self.pred(v)  # counted
        return steps

    def succ_ids_at(self, u: int, level: int) -> tuple[int, ...]:
        """The far ends of :meth:`succ_at` (in its order)."""
        return self._ids_at(0, u, level)

    def pred_ids_at(self, v: int, level: int) -> tuple[int, ...]:
        """The far ends of :meth:`pred_at` (in its order)."""
        return self._ids_at(1, v, level)

    def _ids_at(self, side: int, node: int, level: int) -> tuple[int, ...]:
        memo = self._kept.ids[side][level]
        ids = memo.get(node)
        if ids is None:
            steps = self.succ_at(node, level) if side == 0 else self.pred_at(node, level)
            ids = memo[node] = tuple([x[0] for x in steps])
        elif node not in self._counted[side]:
            (self.succ if side == 0 else self.pred)(node)  # counted
        return ids

    def edge(self, u: int, v: int) -> tuple[int, int] | None:
        """``(rank, support)`` of the step ``u -> v``, or None when there is none (only the
        claims of this pair are decoded unless all of ``u``'s steps already are)."""
        kept = self._kept
        if u not in self._counted[0]:
            self._count_pair(u, v)
            if u not in kept.succ:
                return self._pair(u, v)
        table = kept.edge.get(u)
        if table is None:
            table = kept.edge[u] = {w: (r, s) for w, r, s in kept.succ[u]}
        return table.get(v)

    def _entries(self, u: int, v: int) -> tuple[int, int]:
        """The index entries of the claims ``u -> v``."""
        ix = self.index
        hi = ix.out_start[u + 1]
        lo = bisect.bisect_left(ix.out_nbr, v, ix.out_start[u], hi)
        return lo, bisect.bisect_right(ix.out_nbr, v, lo, hi)

    def _count_pair(self, u: int, v: int) -> None:
        if (u, v) not in self._counted_pairs:
            self._counted_pairs.add((u, v))
            lo, hi = self._entries(u, v)
            self.decoded += hi - lo

    def _pair(self, u: int, v: int) -> tuple[int, int] | None:
        kept = self._kept
        key = (u, v)
        if key in kept.pairs:
            return kept.pairs[key]
        ix = self.index
        lo, hi = self._entries(u, v)
        kept.entries += hi - lo
        steps = self._steps(lo, hi, ix.out_nbr, ix.out_code, ix.out_sp)
        found = (steps[0][1], steps[0][2]) if steps else None
        kept.pairs[key] = found
        return found

    def claims(self, u: int, v: int) -> tuple[list[int], list[int]]:
        """Claim numbers of the step ``u -> v``: ``(supporting, opposing)``, as
        :func:`step_claims` orders them."""
        ix = self.index
        numbers = ix.claims_between(u, v)
        claims = [ix.claims[n] for n in numbers]
        support, opposing = step_claims(
            claims, lambda c: self._passes(c.relation, c.rank, c.negated, c.species)
        )
        return [numbers[i] for i in support], [numbers[i] for i in opposing]

    def passes_species(self, species: str | None) -> bool:
        """Whether a claim of ``species`` passes the filter's species."""
        return in_species(species, self.filter.species)

    def _passes(self, relation: str, rank: int, negated: bool, species: str | None) -> bool:
        flt = self.filter
        if negated or relation not in flt.relations or rank < flt.min_rank:
            return False
        return in_species(species, flt.species)


def step_claims(
    claims: Sequence[Claim], passes: Callable[[Claim], bool]
) -> tuple[list[int], list[int]]:
    """Which of the claims of one entity pair support their step and which oppose it:
    ``(supporting, opposing)`` positions in ``claims``.

    The claims that ``passes`` lets through are grouped by sign; the group with the
    strongest claim (then the most claims, then + before - before unknown) supports the
    step, baseline claims first (no condition), then plain results before necessity
    tests, then strongest first (then by id). Opposing, strongest first: the other
    groups' claims, ``causes_no_change`` claims and negated claims of the step's sign;
    never a necessity test, nor a structural claim.

    Examples
    --------
    >>> from mechkg.model import Claim
    >>> cs = [Claim("ko", "k", "decreases", "d", "experiment", "a", condition=("bdnf_ko",),
    ...             requires=("bdnf",)),
    ...       Claim("wt", "k", "decreases", "d", "experiment", "a"),
    ...       Claim("nil", "k", "causes_no_change", "d", "correlation", "b")]
    >>> step_claims(cs, lambda c: not c.negated and c.relation != "causes_no_change")
    ([1, 0], [2])
    """
    groups: list[list[int]] = [[], [], []]
    for i, claim in enumerate(claims):
        if passes(claim):
            groups[_SIGN_GROUP[RELATIONS[claim.relation].sign]].append(i)

    def strength(i: int) -> tuple[int, int, str]:
        claim = claims[i]
        direct = claim.relation.startswith("directly_")
        return (-claim.rank, -int(direct), claim.id)

    def headline(i: int) -> tuple[bool, bool, int, int, str]:
        claim = claims[i]
        return (not claim.baseline, claim.necessity, *strength(i))

    best = max(
        range(3),
        key=lambda g: (max((claims[i].rank for i in groups[g]), default=-1), len(groups[g]), -g),
    )
    support = sorted(groups[best], key=headline)
    chosen = set(support)
    sign = GROUP_SIGN[best]
    opposing = []
    for i, claim in enumerate(claims):
        rel = RELATIONS[claim.relation]
        if rel.kind == "structural" or i in chosen or claim.necessity:
            continue
        if claim.negated:
            # A denial contradicts a step of the same sign (any sign if unsigned).
            if sign is None or rel.sign == sign or rel.sign is None:
                opposing.append(i)
        elif rel.sign == 0 or (sign is not None and rel.sign == -sign):
            opposing.append(i)
    opposing.sort(key=strength)
    return support, opposing


def _pick(v: int, b0: int, n0: int, b1: int, n1: int, b2: int, n2: int) -> tuple[int, int, int]:
    # The strongest sign group: best rank, then most claims, then + before - before ?.
    best_r, best_n = b0, n0
    if (b1, n1) > (best_r, best_n):
        best_r, best_n = b1, n1
    if (b2, n2) > (best_r, best_n):
        best_r, best_n = b2, n2
    return (v, best_r, best_n)
