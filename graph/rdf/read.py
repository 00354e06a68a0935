"""Reading mechkg's RDF back into claims (Turtle, N-Triples, JSON-LD, TriG).

Parsing goes through pyoxigraph (strict and fast). Reading the RDF that mechkg wrote gives
the same claims: nothing is lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..curie import contract
from ..errors import Problem, ValidationError
from ..load import fields as F
from ..load.fields import brief
from ..load.spec import ClaimSpec, FileData, Located, Reporter
from ..model import Entity, KnowledgeGraph, Source
from ..progress import paused_gc
from ..vocab import ENTITY_TYPES, EVIDENCE_LEVELS, MKG, RELATIONS
from .build import SOURCE_CLASSES, V
from .terms import mint

__all__ = ["read_rdf", "read_rdf_file", "RDF_INPUT_FORMATS"]

#: extension -> pyoxigraph RdfFormat attribute name
RDF_INPUT_FORMATS = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".jsonld": "JSON_LD",
    ".trig": "TRIG",
    ".nq": "N_QUADS",
}
_KIND_BY_CLASS: dict[str, str] = {iri: kind for kind, iri in SOURCE_CLASSES.items()}


_IRI = object()  # the tag of an IRI value (a literal's tag is its language or None)
_INTERN_LIMIT = 200_000
#: The predicates mechkg reads; triples with others carry no claim data and are skipped.
_READ = {
    str(p): str(p)
    for p in (
        V.type, V.identifier, V.label, V.alt_label, V.exact, V.broad, V.close,
        V.description, V.title, V.venue, V.date, V.doi, V.pmid, V.pmcid, V.page,
        V.language, V.reports, V.subject, V.predicate, V.object, V.evidence, V.source,
        V.attributed, V.quote, V.species, V.anatomy, V.model, V.method, V.eco, V.negated,
        V.comment,
    )
}  # fmt: skip


class _Node:
    """The values of one subject, flat: ``predicate, value, tag, predicate, ...`` where the
    tag is ``_IRI`` or a literal's language (compact: literature-scale inputs have
    millions of subjects)."""

    __slots__ = ("flat",)

    def __init__(self) -> None:
        self.flat: list[Any] = []

    def view(self) -> _View:
        return _View(self.flat)


class _View:
    """One subject's values by predicate, built when the subject is read."""

    __slots__ = ("props",)

    def __init__(self, flat: list[Any]) -> None:
        props: dict[str, list[tuple[str, Any]]] = {}
        for i in range(0, len(flat), 3):
            props.setdefault(flat[i], []).append((flat[i + 1], flat[i + 2]))
        self.props = props

    def iris(self, p: str) -> list[str]:
        return sorted(v for v, tag in self.props.get(p, ()) if tag is _IRI)

    def literals(self, p: str) -> list[tuple[str, str | None]]:
        return sorted((v, tag) for v, tag in self.props.get(p, ()) if tag is not _IRI)

    def one(self, p: str) -> str | None:
        values = [v for v, _ in self.props.get(p, ())]
        return min(values) if values else None


class _Nodes:
    """Every subject read, and the subjects of each mechkg class."""

    def __init__(self) -> None:
        self.nodes: dict[str, _Node] = {}
        self.typed: dict[str, list[str]] = {V.Entity: [], V.Source: [], V.Claim: []}

    def of_type(self, cls: str, *, take: bool = False) -> Iterator[tuple[str, _View]]:
        """The subjects of class ``cls`` by IRI; ``take`` forgets each once read."""
        for iri in sorted(set(self.typed[cls])):
            node = self.nodes.pop(iri) if take else self.nodes[iri]
            yield iri, node.view()


def _parse(path: Path, rep: Reporter) -> _Nodes | None:
    import pyoxigraph as ox

    fmt_name = RDF_INPUT_FORMATS.get(path.suffix.lower())
    if fmt_name is None:
        rep.add(
            None, f"unknown RDF extension {path.suffix!r}", "use " + ", ".join(RDF_INPUT_FORMATS)
        )
        return None
    found = _Nodes()
    nodes, typed, rdf_type = found.nodes, found.typed, str(V.type)
    shared: dict[str, str] = {}  # frequent values (entity IRIs, booleans ...), stored once
    read = _READ
    named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
    try:
        for q in ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt_name)):
            p = read.get(q.predicate.value)
            s, o = q.subject, q.object
            if p is None or type(s) is blank or type(o) is blank:
                continue  # mechkg writes no blank nodes; foreign ones carry no claim data
            tag: Any
            if type(o) is named:
                value, tag = o.value, _IRI
            elif type(o) is literal:
                value, tag = o.value, o.language
            else:
                continue
            known = shared.get(value)
            if known is not None:
                value = known
            elif len(shared) < _INTERN_LIMIT:
                shared[value] = value
            subject = s.value
            node = nodes.get(subject)
            if node is None:
                node = nodes[subject] = _Node()
            node.flat += (p, value, tag)
            if p == rdf_type and value in typed:
                typed[value].append(subject)
    except MemoryError:
        rep.add(
            None,
            "an RDF term is too large to read",
            "mechkg writes no term this large; check that the file is the RDF it wrote",
        )
        return None
    except SyntaxError as exc:
        rep.add(
            getattr(exc, "lineno", None),
            f"invalid RDF: {exc.msg if hasattr(exc, 'msg') else exc}",
            "mechkg reads Turtle, N-Triples, JSON-LD and TriG that it wrote or that follow "
            "docs/rdf-model.md",
        )
        return None
    return found


def _local(iri: str, ns: str) -> str | None:
    return iri[len(ns) :] if iri.startswith(ns) else None


def _entities(nodes: _Nodes, rep: Reporter, data: FileData) -> dict[str, str]:
    ids: dict[str, str] = {}
    for iri, n in nodes.of_type(V.Entity):
        eid = n.one(V.identifier)
        types = [t for t in (_local(x, MKG) for x in n.iris(V.type)) if t in ENTITY_TYPES]
        labels = n.literals(V.label)
        english = [v for v, lang in labels if lang == "en"]
        if eid is None or len(types) != 1 or not english:
            rep.add(
                None,
                f"entity <{iri}> lacks an identifier, a type or an English label",
                "mechkg reads RDF that follows docs/rdf-model.md",
                what="entity",
            )
            continue
        other: dict[str, list[str]] = defaultdict(list)
        for v, lang in labels:
            if lang and lang != "en":
                other[lang].insert(0, v)
        for v, lang in n.literals(V.alt_label):
            if lang and lang != "en":
                other[lang].append(v)
        synonyms = tuple(sorted(v for v, lang in n.literals(V.alt_label) if lang in (None, "en")))

        def curies(prop: str, n: _View = n) -> tuple[str, ...]:
            return tuple(sorted(c for c in (contract(i) for i in n.iris(prop)) if c))

        ids[iri] = eid
        data.entities.append(
            (
                Entity(
                    id=eid,
                    label=english[0],
                    type=types[0],
                    synonyms=synonyms,
                    labels=tuple(
                        sorted(
                            (lang, (names[0], *sorted(names[1:]))) for lang, names in other.items()
                        )
                    ),
                    xrefs=curies(V.exact),
                    broad_matches=curies(V.broad),
                    close_matches=curies(V.close),
                    description=n.one(V.description),
                ),
                None,
            )
        )
    return ids


def _sources(nodes: _Nodes, rep: Reporter, data: FileData) -> dict[str, str]:
    ids: dict[str, str | None] = {iri: n.one(V.identifier) for iri, n in nodes.of_type(V.Source)}
    for iri, n in nodes.of_type(V.Source):
        sid = ids[iri]
        kinds = [_KIND_BY_CLASS[t] for t in n.iris(V.type) if t in _KIND_BY_CLASS]
        if sid is None or len(kinds) != 1:
            rep.add(
                None,
                f"source <{iri}> lacks an identifier or a kind",
                "mechkg reads RDF that follows docs/rdf-model.md",
                what="source",
            )
            continue
        page = n.iris(V.page)
        data.sources.append(
            (
                Source(
                    id=sid,
                    kind=kinds[0],
                    title=n.one(V.title),
                    venue=n.one(V.venue),
                    date=n.one(V.date),
                    doi=n.one(V.doi),
                    pmid=n.one(V.pmid),
                    pmcid=n.one(V.pmcid),
                    url=page[0] if page else None,
                    language=n.one(V.language),
                    reports=tuple(sorted(r for r in (ids.get(t) for t in n.iris(V.reports)) if r)),
                ),
                None,
            )
        )
    return {k: v for k, v in ids.items() if v is not None}


def _claims(
    nodes: _Nodes,
    entities: dict[str, str],
    sources: dict[str, str],
    rep: Reporter,
    data: FileData,
) -> None:
    def ctx(iri: str) -> str | None:
        return entities.get(iri) or contract(iri)

    for iri, n in nodes.of_type(V.Claim, take=True):
        cid = n.one(V.identifier)
        s, p, o = n.one(V.subject), n.one(V.predicate), n.one(V.object)
        rel = _local(p or "", MKG)
        level = _local(n.one(V.evidence) or "", MKG)
        src = sources.get(n.one(V.source) or "")
        if (
            cid is None
            or s not in entities
            or o not in entities
            or rel not in RELATIONS
            or level not in EVIDENCE_LEVELS
            or src is None
        ):
            rep.add(
                None,
                f"claim <{iri}> lacks an identifier, subject, relation, object, "
                "evidence level or source",
                "mechkg reads RDF that follows docs/rdf-model.md",
                claim=cid,
            )
            continue
        quotes = n.literals(V.quote)
        attributed = n.one(V.attributed)
        species, eco, model = n.one(V.species), n.one(V.eco), n.one(V.model)
        data.claims.append(
            ClaimSpec(
                id=cid,
                path=rep.path,
                line=None,
                evidence=level,
                source=Located(src, None),
                subject=Located(entities[s], None),
                relation=rel,
                object=Located(entities[o], None),
                quote=quotes[0][0] if quotes else None,
                quote_lang=quotes[0][1] if quotes else None,
                attributed_to=Located(sources[attributed], None) if attributed in sources else None,
                species=contract(species) if species else None,
                anatomy=tuple(Located(c, None) for c in (ctx(a) for a in n.iris(V.anatomy)) if c),
                model=Located(ctx(model), None) if model and ctx(model) else None,
                method=tuple(v for v, _ in n.literals(V.method)),
                eco=contract(eco) if eco else None,
                negated=n.one(V.negated) == "true",
                note=n.one(V.comment),
            )
        )


def _base(nodes: _Nodes, data: FileData) -> None:
    """The data base IRI, recovered from the first claim's (else entity's, else source's)
    IRI and id."""
    for cls, kind in ((V.Claim, "claim"), (V.Entity, "entity"), (V.Source, "source")):
        for iri, n in nodes.of_type(cls):
            node_id = n.one(V.identifier)
            if node_id is not None:
                tail = mint("", kind, node_id)
                if iri.endswith(tail):
                    data.base = Located(iri[: -len(tail)], None)
                    return
            break


def _check_fields(data: FileData, rep: Reporter) -> None:
    """Apply the claim-file checks to what the RDF said: ids, names and texts from a file
    are untrusted whatever its format. Records that fail are reported and dropped."""

    def ok(what: str, node_id: str, checks: list[tuple[Any, str]]) -> bool:
        try:
            # Ids minted in code may hold any text (IRIs percent-encode it), but never
            # control characters, which would reach the terminal of whoever reads them.
            F.check_text(node_id, f"{what} id")
            if any((ord(ch) < 0x20 and ch != "\t") or 0x7F <= ord(ch) <= 0x9F for ch in node_id):
                raise F.FieldProblem(
                    f"invalid {what} id {brief(node_id)}", "ids hold no control characters"
                )
            for value, name in checks:
                if value is not None:
                    F.check_text(value, name)
        except F.FieldProblem as exc:
            rep.add(None, exc.message, exc.hint, claim=brief(node_id), what=what)
            return False
        return True

    data.entities = [
        (e, line) for e, line in data.entities
        if ok("entity", e.id, [(e.label, "label"), (e.description, "description")]
              + [(n, "synonym") for n in e.synonyms]
              + [(n, f"label ({lang})") for lang, names in e.labels for n in names])
    ]  # fmt: skip
    data.sources = [
        (src, line) for src, line in data.sources
        if ok("source", src.id, [(src.title, "title"), (src.venue, "venue")])
    ]  # fmt: skip
    data.claims = [
        c for c in data.claims
        if ok("claim", c.id, [(c.quote, "quote"), (c.note, "note")]
              + [(m, "method") for m in c.method])
    ]  # fmt: skip


def read_rdf_file(path: Path, display: str, rep: Reporter) -> FileData:
    """Read mechkg RDF into a :class:`FileData` (problems go to ``rep``)."""
    data = FileData(display)
    if not path.exists():
        raise FileNotFoundError(path)
    problems_before = len(rep.problems)
    with paused_gc():
        nodes = _parse(path, rep)
        if nodes is None:
            return data
        entities = _entities(nodes, rep, data)
        sources = _sources(nodes, rep, data)
        _base(nodes, data)
        _claims(nodes, entities, sources, rep, data)  # forgets each claim's node once read
    _check_fields(data, rep)
    if not (entities or sources or data.claims) and len(rep.problems) == problems_before:
        rep.add(
            None,
            "no mechkg entities, sources or claims in this RDF",
            "mechkg reads the RDF it writes (docs/rdf-model.md); load other RDF into a "
            "triple store beside it instead",
        )
    return data


def read_rdf(path: str | Path, **kwargs: Any) -> KnowledgeGraph:
    """Read a graph from mechkg RDF (Turtle, N-Triples, JSON-LD or TriG).

    Raises
    ------
    ValidationError
        When the file is not valid RDF or lacks what a claim needs.
    """
    from ..load import load

    problems: list[Problem] = []
    if Path(path).suffix.lower() not in RDF_INPUT_FORMATS:
        Reporter(str(path), problems).add(
            None, "not an RDF file extension", "use " + ", ".join(RDF_INPUT_FORMATS)
        )
        raise ValidationError(problems)
    return load([path], **kwargs)
