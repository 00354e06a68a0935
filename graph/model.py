"""The claim model: frozen value objects for entities, sources, claims and the graph.

Each field of :class:`Entity`, :class:`Source` and :class:`Claim` has one row in
:mod:`mechkg.schema` (checked when it is imported), which says how every reader and writer
handles it: a new field is an attribute here, a row there and the row's check.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .vocab import DEFAULT_BASE, EVIDENCE_LEVELS, RELATIONS, EvidenceLevel, Relation

__all__ = ["Entity", "Source", "Claim", "KnowledgeGraph", "doi_link", "from_columns"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing claims are about: a gene, a process, a behaviour, a procedure ...

    ``labels`` holds names in other languages as ``(lang, (preferred, *others))`` pairs,
    sorted by language; ``synonyms`` are English or language-neutral names, sorted.
    """

    id: str
    label: str
    type: str
    synonyms: tuple[str, ...] = ()
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    xrefs: tuple[str, ...] = ()
    broad_matches: tuple[str, ...] = ()
    close_matches: tuple[str, ...] = ()
    description: str | None = None

    def names(self) -> Iterable[str]:
        """Every name the entity answers to: id, label, synonyms, other-language labels."""
        yield self.id
        yield self.label
        yield from self.synonyms
        for _, names in self.labels:
            yield from names

    def label_in(self, lang: str) -> str | None:
        for code, names in self.labels:
            if code == lang:
                return names[0]
        return None


def doi_link(doi: str) -> str:
    """The ``https://doi.org/`` link of a DOI, every character that is not safe in a URL
    path percent-encoded (doi.org decodes them).

    >>> doi_link("10.1002/(SICI)1097-4636(199711)37:2<282::AID-JBM17>3.0.CO;2-H")
    'https://doi.org/10.1002/(SICI)1097-4636(199711)37:2%3C282::AID-JBM17%3E3.0.CO;2-H'
    """
    from urllib.parse import quote

    return "https://doi.org/" + quote(doi, safe="/:;()._-~!$&'*+,=@")


@dataclass(frozen=True, slots=True)
class Source:
    """A document claims come from. A news article reporting a paper is its own source
    and names the paper in ``reports``."""

    id: str
    kind: str
    title: str | None = None
    venue: str | None = None
    date: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    language: str | None = None
    reports: tuple[str, ...] = ()

    @property
    def link(self) -> str | None:
        """The best web link for the source: DOI, then URL, then PubMed. A DOI's
        ``<``, ``>``, ``#``, ``[``, ``]``, ``%`` ... are percent-encoded in the link."""
        if self.doi:
            return doi_link(self.doi)
        if self.url:
            return self.url
        if self.pmid:
            return "https://pubmed.ncbi.nlm.nih.gov/" + self.pmid + "/"
        return None


@dataclass(frozen=True, slots=True)
class Claim:
    """One directed statement ``subject relation object`` with its evidence and context.

    ``subject``/``object``/``source`` are ids; ``anatomy``, ``model`` and ``condition``
    are entity ids or CURIEs; ``species`` is an NCBITaxon CURIE. ``condition`` names what
    the result was obtained under besides the model (a genotype, a pretreatment, a
    co-treatment); ``dose``, ``route``, ``time`` (after treatment) and ``figure`` (panel)
    are free text. ``requires`` and ``independent_of`` make the claim a necessity test:
    the effect of subject on object needs those entities (it is abolished or attenuated
    when they are removed or blocked), or persists without them.
    """

    id: str
    subject: str
    relation: str
    object: str
    evidence: str
    source: str
    quote: str | None = None
    quote_lang: str | None = None
    attributed_to: str | None = None
    species: str | None = None
    anatomy: tuple[str, ...] = ()
    model: str | None = None
    condition: tuple[str, ...] = ()
    dose: str | None = None
    route: str | None = None
    time: str | None = None
    method: tuple[str, ...] = ()
    eco: str | None = None
    belief: str | None = None
    subject_modifier: str | None = None
    object_modifier: str | None = None
    negated: bool = False
    requires: tuple[str, ...] = ()
    independent_of: tuple[str, ...] = ()
    figure: str | None = None
    note: str | None = None

    @property
    def rel(self) -> Relation:
        return RELATIONS[self.relation]

    @property
    def level(self) -> EvidenceLevel:
        return EVIDENCE_LEVELS[self.evidence]

    @property
    def rank(self) -> int:
        return EVIDENCE_LEVELS[self.evidence].rank

    @property
    def baseline(self) -> bool:
        """True when the claim holds without a condition (no genotype, pretreatment or
        co-treatment beside the model)."""
        return not self.condition

    @property
    def necessity(self) -> bool:
        """True when the claim tests whether its effect needs a mediator (``requires``
        or ``independent_of``)."""
        return bool(self.requires or self.independent_of)

    @property
    def sign(self) -> int | None:
        """The effect's sign: +1, -1, 0, or None when unknown. A negated claim's sign is
        None: 'A does not increase B' says nothing about the direction."""
        return None if self.negated else RELATIONS[self.relation].sign


@dataclass(frozen=True)
class KnowledgeGraph:
    """A set of claims with the entities and sources they use, indexed by id.

    Build one with :func:`mechkg.load` (claim files) or :func:`mechkg.read_rdf`.

    ``base`` is the base IRI of the data; ``record_bases`` names, by kind (``entity``,
    ``claim``, ``source``) and id, the records minted under another base: files with
    different bases keep each its own. ``origins`` names, by entity id, the files that
    define or extend the entity (empty for a graph not read from files).
    """

    entities: dict[str, Entity]
    sources: dict[str, Source]
    claims: dict[str, Claim]
    base: str = DEFAULT_BASE
    record_bases: dict[str, dict[str, str]] = field(default_factory=dict)
    origins: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    #: the claims by subject and by object, made when first asked for
    _ends: tuple[dict[str, tuple[Claim, ...]], dict[str, tuple[Claim, ...]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Canonical order (by id) for every mapping, so iteration is deterministic.
        # Each mapping is the graph's own copy (a caller's later change cannot reach it).
        for name in ("entities", "sources", "claims"):
            mapping = getattr(self, name)
            keys = list(mapping)
            ordered = sorted(keys)
            if keys != ordered:
                object.__setattr__(self, name, {k: mapping[k] for k in ordered})
            else:
                object.__setattr__(self, name, dict(mapping))
        bases = {kind: dict(sorted(ids.items())) for kind, ids in self.record_bases.items() if ids}
        object.__setattr__(self, "record_bases", dict(sorted(bases.items())))

    def _claim_ends(self) -> tuple[dict[str, tuple[Claim, ...]], dict[str, tuple[Claim, ...]]]:
        if self._ends is None:
            out: dict[str, list[Claim]] = {}
            into: dict[str, list[Claim]] = {}
            for claim in self.claims.values():
                out.setdefault(claim.subject, []).append(claim)
                into.setdefault(claim.object, []).append(claim)
            ends = ({k: tuple(v) for k, v in out.items()}, {k: tuple(v) for k, v in into.items()})
            object.__setattr__(self, "_ends", ends)
            return ends
        return self._ends

    def claims_from(self, entity_id: str) -> tuple[Claim, ...]:
        """Claims whose subject is ``entity_id``, by claim id."""
        return self._claim_ends()[0].get(entity_id, ())

    def claims_to(self, entity_id: str) -> tuple[Claim, ...]:
        """Claims whose object is ``entity_id``, by claim id."""
        return self._claim_ends()[1].get(entity_id, ())

    def base_of(self, kind: str, record_id: str) -> str:
        """The base IRI of record ``record_id`` of ``kind`` (entity, claim or source)."""
        bases = self.record_bases.get(kind)
        return bases.get(record_id, self.base) if bases else self.base

    def __len__(self) -> int:
        return len(self.claims)


_Record = TypeVar("_Record", Entity, Source, Claim)


def from_columns(kind: type[_Record], columns: Sequence[Sequence[Any]], n: int) -> list[_Record]:
    """``n`` records of ``kind`` (:class:`Entity`, :class:`Source` or :class:`Claim`) from
    their fields' columns, in field order: each a sequence of the ``n`` records' values,
    or a 1-tuple of the value every record has. The records are those ``kind(*row)``
    gives for each row, made a field at a time (the field of every record set in one
    pass) rather than a record at a time, which is about twice as fast.

    Examples
    --------
    >>> defaults = [(f.default,) for f in list(Claim.__dataclass_fields__.values())[6:]]
    >>> a, b = from_columns(Claim, [["c1", "c2"], ("a",), ["increases", "decreases"],
    ...                             ("b",), ("experiment",), ("s",), *defaults], 2)
    >>> a == Claim("c1", "a", "increases", "b", "experiment", "s"), b.relation
    (True, 'decreases')
    """
    names = kind.__dataclass_fields__
    if len(columns) != len(names):
        raise ValueError(f"{len(columns)} columns for the {len(names)} {kind.__name__} fields")
    for name, values in zip(names, columns, strict=True):
        if len(values) != n and not (type(values) is tuple and len(values) == 1):
            raise ValueError(f"the {name} column has {len(values)} values for {n} records")
    new = object.__new__
    records = [new(kind) for _ in range(n)]
    for name, values in zip(names, columns, strict=True):
        each = values if len(values) == n else itertools.repeat(values[0], n)
        deque(map(kind.__dict__[name].__set__, records, each), maxlen=0)
    return records
