"""A compact integer index of a knowledge graph, built for path search.

Entities become node numbers ``0 .. n-1`` (in id order). Each node's claims are kept as
contiguous runs of parallel arrays (neighbour, claim code, species code, claim number),
sorted by neighbour, once for outgoing and once for incoming claims. A claim's *code*
packs its relation, evidence rank and negated flag into one 16-bit number (bit 0 the
flag, then :data:`RANK_BITS` bits of rank, then :data:`RELATION_BITS` bits of relation),
so that a query's filter is a :data:`CODE_SIZE`-entry lookup table. The widths are
checked when the module is imported: a vocabulary that outgrows them stops the import
instead of turning one relation into another. The claim, entity and source records
themselves are only decoded when a result needs them, which keeps loading a cached
literature-scale graph fast.
"""

from __future__ import annotations

import bisect
import operator
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from ..model import Claim, Entity, KnowledgeGraph, Source
from ..resolve import NameIndex, name_index
from ..schema import references
from ..vocab import DEFAULT_BASE, EVIDENCE_LEVELS, MAX_RANK, RELATIONS

__all__ = [
    "RELATION_NAMES",
    "LEVEL_NAMES",
    "Records",
    "PathIndex",
    "path_index",
    "RANK_BITS",
    "RELATION_BITS",
    "CODE_SIZE",
    "check_code_widths",
    "claim_code",
    "code_relation",
    "code_rank",
    "code_negated",
]

#: Relation names in code order (the code of a relation is its position here).
RELATION_NAMES: tuple[str, ...] = tuple(RELATIONS)
#: Evidence level names by rank (weakest first).
LEVEL_NAMES: tuple[str, ...] = tuple(
    sorted(EVIDENCE_LEVELS, key=lambda name: EVIDENCE_LEVELS[name].rank)
)
_REL_CODE = {name: i for i, name in enumerate(RELATION_NAMES)}
#: Bits of a claim code holding the evidence rank (ranks 0 .. :data:`mechkg.vocab.MAX_RANK`).
RANK_BITS = MAX_RANK.bit_length()
#: Bits of a claim code holding the relation (its position in :data:`RELATION_NAMES`).
RELATION_BITS = 5
_REL_SHIFT = 1 + RANK_BITS
_RANK_MASK = (1 << RANK_BITS) - 1
#: Number of distinct claim codes (the size of a filter's lookup table).
CODE_SIZE = 1 << (1 + RANK_BITS + RELATION_BITS)
#: Array type code of the claim code arrays (unsigned 16 bits).
CODE_TYPE = "H"

T = TypeVar("T")
_SUBJECT = operator.attrgetter("subject")
_OBJECT = operator.attrgetter("object")
_SPECIES = operator.attrgetter("species")


def check_code_widths(relations: int, levels: int) -> None:
    """Check that ``relations`` relations and ``levels`` evidence levels fit the claim
    code (run on import, against the vocabulary).

    Raises
    ------
    RuntimeError
        When they do not, saying which width to raise.

    Examples
    --------
    >>> check_code_widths(11, 8)
    >>> check_code_widths(11, 17)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    RuntimeError: 17 evidence levels do not fit the 4 rank bits ... (at most 16); raise ...
    """
    if relations > 1 << RELATION_BITS:
        raise RuntimeError(
            f"{relations} relations do not fit the {RELATION_BITS} relation bits of the path "
            f"index's claim code (at most {1 << RELATION_BITS}); raise RELATION_BITS"
        )
    if levels > 1 << RANK_BITS or levels > MAX_RANK + 1:
        raise RuntimeError(
            f"{levels} evidence levels do not fit the {RANK_BITS} rank bits of the path "
            f"index's claim code (at most {MAX_RANK + 1}); raise mechkg.vocab.MAX_RANK"
        )
    if CODE_SIZE > 1 << 16:
        raise RuntimeError(f"claim codes of {CODE_SIZE} values do not fit {CODE_TYPE!r} arrays")


check_code_widths(len(RELATION_NAMES), len(LEVEL_NAMES))


def claim_code(claim: Claim) -> int:
    """The code of a claim: relation, evidence rank and negated flag.

    Raises
    ------
    ValueError
        When the claim's evidence rank or relation does not fit the code (a vocabulary
        changed after this module was imported), rather than packing a wrong code.

    Examples
    --------
    >>> from mechkg.model import Claim
    >>> code = claim_code(Claim("c1", "a", "decreases", "b", "experiment", "s"))
    >>> code_relation(code), code_rank(code), code_negated(code)
    ('decreases', 4, False)
    """
    rank = claim.rank
    rel = _REL_CODE.get(claim.relation)
    if rel is None or not 0 <= rank <= _RANK_MASK:
        raise ValueError(
            f"claim {claim.id}: relation {claim.relation!r} or evidence rank {rank} does not "
            f"fit the path index's claim code (relations: {len(RELATION_NAMES)}, ranks 0 to "
            f"{_RANK_MASK})"
        )
    return (rel << _REL_SHIFT) | (rank << 1) | int(claim.negated)


def code_relation(code: int) -> str:
    """The relation name of a claim code (IndexError for a code of no relation)."""
    return RELATION_NAMES[code >> _REL_SHIFT]


def code_rank(code: int) -> int:
    """The evidence rank of a claim code."""
    return (code >> 1) & _RANK_MASK


def code_negated(code: int) -> bool:
    """Whether a claim code is of a negated claim."""
    return bool(code & 1)


class Records(Generic[T]):
    """A sequence of records, either held as objects, or as field tuples (``rows``), or
    decoded on first access a block of ``block`` records at a time: ``decode(b)`` gives
    the field tuples of records ``b * block`` onwards (it raises on a damaged block)."""

    __slots__ = ("_block", "_blocks", "_count", "_decode", "_items", "_make", "_memo", "rows")

    def __init__(
        self,
        items: Sequence[T] | None = None,
        *,
        rows: Sequence[tuple] | None = None,
        decode: Callable[[int], Sequence[tuple]] | None = None,
        block: int = 1,
        count: int = 0,
        make: Callable[..., T] | None = None,
    ) -> None:
        self._items = items
        #: the records' field tuples, when they are held so (made into records on access)
        self.rows = rows
        self._decode = decode
        self._block = block
        self._count = count
        self._make = make
        self._memo: dict[int, T] = {}
        self._blocks: dict[int, Sequence[tuple]] = {}

    def __len__(self) -> int:
        if self._items is not None:
            return len(self._items)
        if self.rows is not None:
            return len(self.rows)
        return self._count

    def __getitem__(self, i: int) -> T:
        if self._items is not None:
            return self._items[i]
        item = self._memo.get(i)
        if item is None:
            if not 0 <= i < len(self):
                raise IndexError(i)
            assert self._make is not None
            if self.rows is not None:
                item = self._make(*self.rows[i])
            else:
                assert self._decode is not None
                b, j = divmod(i, self._block)
                rows = self._blocks.get(b)
                if rows is None:
                    rows = self._blocks[b] = self._decode(b)
                item = self._make(*rows[j])
            self._memo[i] = item
        return item

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self[i]


#: What :func:`index_arrays` reads: an :class:`array.array` or a NumPy array.
_Buffer = Any

#: numpy's name of each array type code of the index
_DTYPES = {"q": "int64", "i": "int32", "H": "uint16"}


def index_arrays(
    n: int, subj: _Buffer, obj: _Buffer, code: _Buffer, spc: _Buffer
) -> tuple[dict[str, array], int]:
    """The CSR arrays of claims ``subj[i] -> obj[i]`` among ``n`` nodes (each side's runs
    ordered by neighbour, then claim number) and the most claims any ordered pair has;
    ``subj`` and ``obj`` hold int32 node numbers, ``code`` and ``spc`` uint16 claim and
    species codes (arrays or NumPy arrays)."""
    import numpy as np

    s = np.frombuffer(subj, dtype=np.int32).astype(np.int64)
    o = np.frombuffer(obj, dtype=np.int32).astype(np.int64)
    codes = np.frombuffer(code, dtype=np.uint16)
    sps = np.frombuffer(spc, dtype=np.uint16)
    arrays: dict[str, array] = {}
    for side, keys, others in (("out", s, o), ("in", o, s)):
        order = np.argsort(keys * n + others, kind="stable")  # ties by claim number
        start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=n), out=start[1:])
        for name, typecode, values in (
            ("start", "q", start),
            ("nbr", "i", others[order].astype(np.int32)),
            ("code", CODE_TYPE, codes[order]),
            ("sp", "H", sps[order]),
            ("claim", "i", order.astype(np.int32)),
        ):
            out = array(typecode)
            out.frombytes(values.astype(_DTYPES[typecode]).tobytes())
            arrays[f"{side}_{name}"] = out
    pairs = np.unique(s * n + o, return_counts=True)[1]
    return arrays, int(pairs.max()) if len(pairs) else 1


def _position(ids: Sequence[str], value: str) -> int | None:
    """Where ``value`` is among the sorted ``ids``, or None (strings held in a cache file
    are searched by their bytes, none decoded)."""
    find = getattr(ids, "find", None)
    if find is not None:
        i = find(value)
        return None if i < 0 else i
    i = bisect.bisect_left(ids, value)
    return i if i < len(ids) and ids[i] == value else None


class PathIndex:
    """The integer index of one knowledge graph (see the module docstring).

    Build one with :func:`path_index` (from a :class:`~mechkg.model.KnowledgeGraph`) or
    load one from the on-disk cache with :func:`mechkg.paths.cache.load_cached`.
    """

    #: Array attributes that make up the serialised state, in order.
    ARRAYS = (
        "out_start", "out_nbr", "out_code", "out_sp", "out_claim",
        "in_start", "in_nbr", "in_code", "in_sp", "in_claim",
    )  # fmt: skip

    def __init__(
        self,
        *,
        entity_ids: list[str],
        source_ids: list[str],
        species: list[str | None],
        arrays: dict[str, array],
        entities: Records[Entity],
        claims: Records[Claim],
        sources: Records[Source],
        names: NameIndex | None = None,
        names_from: Callable[[], NameIndex] | None = None,
        max_support: int = 1,
        base: str = DEFAULT_BASE,
        sorted_ids: bool = False,
    ) -> None:
        self.entity_ids = entity_ids
        self._sorted_ids = sorted_ids
        self.source_ids = source_ids
        self.species = species
        for name in self.ARRAYS:
            setattr(self, name, arrays[name])
        self.entities = entities
        self.claims = claims
        self.sources = sources
        self._names = names
        self._names_from = names_from
        self.max_support = max_support
        self.base = base
        self._node_of: dict[str, int] | None = None
        #: The status of the cache file mapped (see :mod:`mechkg.paths.cachefile`), or None.
        self.cache_status: tuple[int, ...] | None = None
        #: Steps decoded by the queries so far, by step filter (see :mod:`.steps`).
        self.step_cache: dict[Any, Any] = {}

    out_start: array
    out_nbr: array
    out_code: array
    out_sp: array
    out_claim: array
    in_start: array
    in_nbr: array
    in_code: array
    in_sp: array
    in_claim: array

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_kg(cls, kg: KnowledgeGraph) -> PathIndex:
        """Index a knowledge graph (linear in its size)."""
        # nodes numbered in entity id order: a search that breaks ties by node number
        # breaks them by entity id, whatever order the graph holds its entities in
        entity_ids = sorted(kg.entities)
        node_of = {eid: i for i, eid in enumerate(entity_ids)}
        claims = list(kg.claims.values())
        known = sorted({c.species for c in claims if c.species is not None})
        species: list[str | None] = [None, *known]
        sp_code = {s: i for i, s in enumerate(species)}
        subj = array("i", map(node_of.__getitem__, map(_SUBJECT, claims)))
        obj = array("i", map(node_of.__getitem__, map(_OBJECT, claims)))
        codes: dict[tuple[str, str, bool], int] = {}
        code = array(CODE_TYPE)
        for c in claims:  # one code per (relation, evidence, negated), computed once
            what = (c.relation, c.evidence, c.negated)
            number = codes.get(what)
            if number is None:
                number = codes[what] = claim_code(c)
            code.append(number)
        spc = array("H", map(sp_code.__getitem__, map(_SPECIES, claims)))
        arrays, max_support = index_arrays(len(entity_ids), subj, obj, code, spc)
        index = cls(
            entity_ids=entity_ids,
            source_ids=list(kg.sources),
            species=species,
            arrays=arrays,
            entities=Records([kg.entities[e] for e in entity_ids]),
            claims=Records(claims),
            sources=Records(list(kg.sources.values())),
            names_from=lambda: name_index(kg),
            max_support=max_support,
            base=kg.base,
        )
        index._node_of = node_of
        return index

    # -- lookups ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.claims)

    @property
    def n_nodes(self) -> int:
        return len(self.entity_ids)

    @property
    def names(self) -> NameIndex:
        """The name index (ids, labels, synonyms, other-language labels, CURIEs)."""
        if self._names is None:
            if self._names_from is not None:
                self._names = self._names_from()
            else:
                self._names = NameIndex(self.entities)
        return self._names

    def node(self, entity_id: str) -> int | None:
        """The node number of an entity id, or None."""
        if self._node_of is None and self._sorted_ids:  # a cached index: look it up in place
            return _position(self.entity_ids, entity_id)
        if self._node_of is None:
            self._node_of = {eid: i for i, eid in enumerate(self.entity_ids)}
        return self._node_of.get(entity_id)

    def entity(self, node: int) -> Entity:
        return self.entities[node]

    def entity_by_id(self, entity_id: str) -> Entity | None:
        node = self.node(entity_id)
        return None if node is None else self.entities[node]

    def source(self, source_id: str) -> Source | None:
        i = _position(self.source_ids, source_id)
        return None if i is None else self.sources[i]

    def species_code(self, curie: str) -> int | None:
        """The code of a species CURIE, or None when no claim has it."""
        try:
            return self.species.index(curie)
        except ValueError:
            return None

    def claims_between(self, u: int, v: int) -> list[int]:
        """Claim numbers of every claim ``u -> v`` (any relation), in id order."""
        lo, hi = self.out_start[u], self.out_start[u + 1]
        i = bisect.bisect_left(self.out_nbr, v, lo, hi)
        out = []
        while i < hi and self.out_nbr[i] == v:
            out.append(self.out_claim[i])
            i += 1
        return out

    def subgraph(self, nodes: Sequence[int]) -> KnowledgeGraph:
        """The claims among ``nodes`` as a :class:`KnowledgeGraph`, with the entities they
        name (including context entities) and their sources."""
        keep = set(nodes)
        claims: dict[str, Claim] = {}
        for u in sorted(keep):
            for j in range(self.out_start[u], self.out_start[u + 1]):
                if self.out_nbr[j] in keep:
                    claim = self.claims[self.out_claim[j]]
                    claims[claim.id] = claim
        entity_ids = {self.entity_ids[u] for u in keep}
        source_ids: set[str] = set()
        for claim in claims.values():
            entity_ids.update(x for x in references(claim, "context") if self.node(x))
            source_ids.update(references(claim, "source"))
        sources: dict[str, Source] = {}
        pending = sorted(source_ids)
        while pending:  # sources that reported sources come with them
            sid = pending.pop()
            src = self.source(sid)
            if src is not None and sid not in sources:
                sources[sid] = src
                pending.extend(r for r in src.reports if r not in sources)
        entities = {}
        for eid in entity_ids:
            entity = self.entity_by_id(eid)
            if entity is not None:
                entities[eid] = entity
        return KnowledgeGraph(entities=entities, sources=sources, claims=claims, base=self.base)


def path_index(kg: KnowledgeGraph | PathIndex) -> PathIndex:
    """The path index of a graph, built once per graph object.

    Parameters
    ----------
    kg : KnowledgeGraph or PathIndex
        A graph (indexed on first use, then remembered) or an index (returned as is).

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> kg = tiny_graph()
    >>> path_index(kg).n_nodes, path_index(kg) is path_index(kg)
    (3, True)
    """
    if isinstance(kg, PathIndex):
        return kg
    index = kg.__dict__.get("_path_index")
    if index is None:
        index = PathIndex.from_kg(kg)
        object.__setattr__(kg, "_path_index", index)
    return index
