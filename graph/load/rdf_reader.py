"""Reading mechkg's RDF back into claims (Turtle, N-Triples, JSON-LD, TriG, N-Quads).

Parsing goes through pyoxigraph (strict and fast). Reading the RDF that mechkg wrote gives
the same claims: nothing is lost. Each field is read from the property of its row in
:mod:`mechkg.schema`, by the row's kind (the terms :mod:`mechkg.rdf.build` writes for it),
so a new field is read back without a change here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..curie import contract
from ..errors import Problem, ValidationError
from ..formats import RDF_INPUT_FORMATS, choices_text, match_format
from ..model import Entity, KnowledgeGraph, Source
from ..progress import paused_gc
from ..rdf.fields import CLASSES, ENGLISH, WORDS, V, key, lang_field, rdf_fields
from ..rdf.terms import mint
from ..schema import FIELDS, Field
from ..vocab import MKG, NS
from . import fields as F
from .fields import brief
from .spec import ClaimSpec, FileData, Located, Reporter

__all__ = ["read_rdf", "read_rdf_file"]

_IRI = object()  # the tag of an IRI value (a literal's tag is its language or None)
_INTERN_LIMIT = 200_000


@cache
def _predicates() -> dict[str, str]:
    """The predicates mechkg reads (the fields' properties, rdf:type and the names' alt
    labels), each mapped to itself (one string object a predicate); triples with others
    carry no claim data and are skipped."""
    found = [str(V.type), str(V.alt_label)]
    found += [row.rdf for owner in FIELDS for row in rdf_fields(owner) if row.rdf]
    return {p: p for p in found}


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

    # Most properties of a subject have no value or one: those are answered first.
    def iris(self, p: str) -> list[str]:
        values = self.props.get(p)
        if not values:
            return []
        if len(values) == 1:
            return [values[0][0]] if values[0][1] is _IRI else []
        return sorted(v for v, tag in values if tag is _IRI)

    def literals(self, p: str) -> list[tuple[str, str | None]]:
        values = self.props.get(p)
        if not values:
            return []
        if len(values) == 1:
            return [] if values[0][1] is _IRI else values  # type: ignore[return-value]
        return sorted((v, tag) for v, tag in values if tag is not _IRI)

    def one(self, p: str) -> str | None:
        values = self.props.get(p)
        if not values:
            return None
        return values[0][0] if len(values) == 1 else min(v for v, _ in values)


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


_RDF_FILES = "mechkg reads RDF files ending in one of: " + choices_text(RDF_INPUT_FORMATS)


def _parse(path: Path, rep: Reporter) -> _Nodes | None:
    import pyoxigraph as ox

    fmt = match_format(path, RDF_INPUT_FORMATS)
    if fmt is None or fmt.oxigraph is None:
        rep.add(None, f"unknown RDF extension {path.suffix!r}", _RDF_FILES)
        return None
    found = _Nodes()
    nodes, typed, rdf_type = found.nodes, found.typed, str(V.type)
    shared: dict[str, str] = {}  # frequent values (entity IRIs, booleans ...), stored once
    read = _predicates()
    named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
    try:
        for q in ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt.oxigraph)):
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


class _Refs:
    """What references resolve to: entity and source IRIs -> ids (and CURIEs for context
    values); ``located`` wraps each reference as a :class:`Located` (claims)."""

    def __init__(self, entities: dict[str, str], sources: dict[str, str]) -> None:
        self.entities = entities
        self.sources = sources
        self.located = False

    def context(self, iri: str) -> str | None:
        return self.entities.get(iri) or contract(iri)


#: (a subject's values, references, the record's values by field name): read one field
Decode = Callable[[_View, _Refs, dict[str, Any]], None]
#: reference kind -> (references, IRI) -> the id or CURIE it stands for
_RESOLVE: dict[str, Callable[[_Refs, str], str | None]] = {
    "entity": lambda refs, iri: refs.entities.get(iri),
    "source": lambda refs, iri: refs.sources.get(iri),
    "context": _Refs.context,
}


def _labels(name: str, p: str) -> Decode:
    """Names in other languages: the label of each language first, then its alt labels."""
    alt = str(V.alt_label)

    def decode(n: _View, refs: _Refs, out: dict[str, Any]) -> None:
        other: dict[str, list[str]] = defaultdict(list)
        for v, lang in n.literals(p):
            if lang and lang != "en":
                other[lang].insert(0, v)
        for v, lang in n.literals(alt):
            if lang and lang != "en":
                other[lang].append(v)
        out[name] = tuple(
            sorted((lang, (names[0], *sorted(names[1:]))) for lang, names in other.items())
        )

    return decode


def _reference(name: str, p: str, kind: str, many: bool) -> Decode:
    resolve = _RESOLVE[kind]

    def decode(n: _View, refs: _Refs, out: dict[str, Any]) -> None:
        if many:
            found = sorted(v for v in (resolve(refs, i) for i in n.iris(p)) if v)
            out[name] = tuple(Located(v, None) for v in found) if refs.located else tuple(found)
            return
        iri = n.one(p)
        value = resolve(refs, iri) if iri else None
        out[name] = Located(value, None) if refs.located and value else value

    return decode


def _words(row: Field, p: str) -> Decode:
    """A vocabulary field: the values whose IRI the vocabulary has (exactly one, unless
    ``many``)."""
    name, many = row.name, row.many
    words = WORDS.get(key(row))
    by_iri: dict[str, str] | None = (
        {iri: v for v, iri in words.items()} if words is not None else None
    )

    def decode(n: _View, refs: _Refs, out: dict[str, Any]) -> None:
        if by_iri is None:
            found = [i[len(MKG) :] for i in n.iris(p) if i.startswith(MKG)]
        else:
            found = [by_iri[i] for i in n.iris(p) if i in by_iri]
        out[name] = tuple(found) if many else found[0] if len(found) == 1 else None

    return decode


def _text(row: Field, p: str) -> Decode:
    """A literal field; English fields keep ``@en`` names (a list field untagged ones
    too); a field with a language field (``quote_lang``) sets it from the tag."""
    name, many = row.name, row.many
    tag = lang_field(row)
    english = key(row) in ENGLISH
    tags = (None, "en") if many else ("en",)

    def decode(n: _View, refs: _Refs, out: dict[str, Any]) -> None:
        if english:
            names = [v for v, lang in n.literals(p) if lang in tags]
            out[name] = tuple(names) if many else names[0] if names else None
        elif many:
            out[name] = tuple(v for v, _ in n.literals(p))
        elif tag is not None:
            literals = n.literals(p)
            out[name], out[tag] = literals[0] if literals else (None, None)
        else:
            out[name] = n.one(p)

    return decode


def _decoder(row: Field) -> Decode:
    """How one field is read back: the inverse of its terms in :mod:`mechkg.rdf.build`."""
    name, p, many = row.name, row.rdf or "", row.many
    kind = row.kind
    if kind == "labels":
        return _labels(name, p)
    if kind in _RESOLVE:
        return _reference(name, p, kind, many)
    if kind == "word":
        return _words(row, p)
    if kind == "bool":
        return lambda n, refs, out: out.__setitem__(name, n.one(p) == "true")
    if kind in ("curie", "url"):
        term = contract if kind == "curie" else str

        def decode(n: _View, refs: _Refs, out: dict[str, Any]) -> None:
            values = [v for v in map(term, n.iris(p)) if v]
            out[name] = tuple(sorted(values)) if many else values[0] if values else None

        return decode
    return _text(row, p)


@cache
def _decoders(owner: str) -> tuple[tuple[Decode, ...], tuple[Field, ...]]:
    """The readers of ``owner``'s fields, and its required fields (made from the schema
    rows on first use)."""
    rows = rdf_fields(owner)
    return tuple(_decoder(row) for row in rows), tuple(row for row in rows if row.required)


@cache
def _single(owner: str) -> tuple[tuple[Field, str, Callable[[_View, str], int]], ...]:
    """``(row, property, how many values the subject gives it)`` of each single-valued
    field of ``owner``, counted as the field's reader reads them (a vocabulary word among
    the subject's types, English text apart from other languages ...)."""
    out = []
    for row in rdf_fields(owner):
        if row.many or row.kind == "labels" or not row.rdf:
            continue
        count: Callable[[_View, str], int]
        if row.kind == "word":
            words = WORDS.get(key(row))
            known = frozenset(words.values()) if words is not None else None

            def count(n: _View, p: str, known: frozenset[str] | None = known) -> int:
                return sum(1 for i in n.iris(p) if (i in known if known else i.startswith(MKG)))

        elif row.kind in _RESOLVE or row.kind in ("curie", "url"):

            def count(n: _View, p: str) -> int:
                return len(n.iris(p))

        elif key(row) in ENGLISH:

            def count(n: _View, p: str) -> int:
                return sum(1 for _, lang in n.literals(p) if lang == "en")

        elif lang_field(row) is not None:

            def count(n: _View, p: str) -> int:
                return len(n.literals(p))

        else:

            def count(n: _View, p: str) -> int:
                return len(n.props[p])

        out.append((row, row.rdf, count))
    return tuple(out)


def _several(owner: str, n: _View) -> list[str]:
    """The single-valued fields that the subject gives more than one value (each read
    would keep one silently)."""
    found = []
    for row, p, counter in _single(owner):
        values = n.props.get(p)
        if values is not None and len(values) > 1:
            count = counter(n, p)
            if count > 1:
                found.append(f"{count} values of its {row.label} ({_short(p)})")
    return found


def _short(iri: str) -> str:
    for prefix, ns in NS.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _decode(owner: str, iri: str, n: _View, refs: _Refs, rep: Reporter) -> dict[str, Any] | None:
    """The values of ``owner``'s fields (by name) at subject ``iri``, or None (reported)
    when a required one is missing."""
    several = _several(owner, n)
    if several:
        rep.add(
            None,
            f"{owner} <{iri}> has " + ", ".join(several) + f"; a {owner} has one of each",
            "keep one value per field (two claims are two claim nodes); mechkg does not pick one",
            claim=n.one(FIELDS[owner]["id"].rdf or "") if owner == "claim" else None,
            what=owner,
        )
        return None
    out: dict[str, Any] = {}
    decoders, required = _decoders(owner)
    for decode in decoders:
        decode(n, refs, out)
    missing = [
        f"{row.label} ({_short(row.rdf or '')}{' tagged @en' if key(row) in ENGLISH else ''})"
        for row in required
        if out[row.name] is None
    ]
    if missing:
        ident = out.get("id")
        rep.add(
            None,
            f"{owner} <{iri}> lacks its " + ", ".join(missing),
            "mechkg reads RDF that follows docs/rdf-model.md",
            claim=ident if owner == "claim" else None,
            what=owner,
        )
        return None
    return out


def _records(owner: str, nodes: _Nodes, refs: _Refs, rep: Reporter) -> Iterator[tuple[str, Any]]:
    """``(IRI, record)`` of every valid entity or source."""
    cls: Any = {"entity": Entity, "source": Source}[owner]
    for iri, n in nodes.of_type(CLASSES[owner][0]):
        values = _decode(owner, iri, n, refs, rep)
        if values is not None:
            yield iri, cls(**values)


def _claims(nodes: _Nodes, refs: _Refs, rep: Reporter, data: FileData) -> None:
    refs.located = True
    for iri, n in nodes.of_type(V.Claim, take=True):
        values = _decode("claim", iri, n, refs, rep)
        if values is not None:
            cid = values.pop("id")
            _home(data, "claim", iri, cid)
            data.claims.append(ClaimSpec(id=cid, path=rep.path, line=None, **values))


def _home(data: FileData, kind: str, iri: str, record_id: str) -> None:
    """Note the base of a record whose IRI is not under the file's base (RDF written
    from files with different bases keeps each record's)."""
    tail = mint("", kind, record_id)
    if data.base is not None and iri.endswith(tail):
        base = iri[: -len(tail)]
        if base != data.base.value:
            data.record_bases.setdefault(kind, {})[record_id] = base


def _base(nodes: _Nodes, data: FileData) -> None:
    """The data base IRI, recovered from the first claim's (else entity's, else source's)
    IRI and id."""
    identifier = str(V.identifier)
    for kind in ("claim", "entity", "source"):
        for iri, n in nodes.of_type(CLASSES[kind][0]):
            node_id = n.one(identifier)
            if node_id is not None:
                tail = mint("", kind, node_id)
                if iri.endswith(tail):
                    data.base = Located(iri[: -len(tail)], None)
                    return
            break


@cache
def _text_fields(owner: str) -> tuple[Field, ...]:
    """The fields of ``owner`` that hold text a reader checks (texts and names)."""
    return tuple(row for row in FIELDS[owner].values() if row.kind in ("text", "labels"))


def _check_fields(data: FileData, rep: Reporter) -> None:
    """Apply the claim-file checks to what the RDF said: ids, names and texts from a file
    are untrusted whatever its format. Records that fail are reported and dropped."""

    def ok(what: str, record: Any) -> bool:
        node_id = record.id
        try:
            # Ids minted in code may hold any text (IRIs percent-encode it), but never
            # control characters, which would reach the terminal of whoever reads them.
            F.check_text(node_id, f"{what} id")
            if any((ord(ch) < 0x20 and ch != "\t") or 0x7F <= ord(ch) <= 0x9F for ch in node_id):
                raise F.FieldProblem(
                    f"invalid {what} id {brief(node_id)}", "ids hold no control characters"
                )
            for row in _text_fields(what):
                value = getattr(record, row.name)
                if value is None:
                    continue
                if row.kind == "labels":
                    for lang, names in value:
                        for name in names:
                            F.check_text(name, f"label ({lang})")
                elif row.many:
                    for text in value:
                        F.check_text(text, row.label)
                else:
                    F.check_text(value, row.label)
        except F.FieldProblem as exc:
            rep.add(None, exc.message, exc.hint, claim=brief(node_id), what=what)
            return False
        return True

    data.entities = [(e, line) for e, line in data.entities if ok("entity", e)]
    data.sources = [(src, line) for src, line in data.sources if ok("source", src)]
    data.claims = [c for c in data.claims if ok("claim", c)]


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
        identifier = str(V.identifier)
        # Every source's id first: sources name other sources (reports).
        sources = {iri: n.one(identifier) for iri, n in nodes.of_type(V.Source)}
        refs = _Refs({}, {iri: sid for iri, sid in sources.items() if sid is not None})
        found = list(_records("entity", nodes, refs, rep))
        for iri, entity in found:
            refs.entities[iri] = entity.id
            data.entities.append((entity, None))
        cited = list(_records("source", nodes, refs, rep))
        data.sources = [(src, None) for _, src in cited]
        _base(nodes, data)
        for kind, records in (("entity", found), ("source", cited)):
            for iri, record in records:
                _home(data, kind, iri, record.id)
        _claims(nodes, refs, rep, data)  # forgets each claim's node once read
    _check_fields(data, rep)
    if not (refs.entities or refs.sources or data.claims) and len(rep.problems) == problems_before:
        rep.add(
            None,
            "no mechkg entities, sources or claims in this RDF",
            "mechkg reads the RDF it writes (docs/rdf-model.md); load other RDF into a "
            "triple store beside it instead",
        )
    return data


def read_rdf(path: str | Path, **kwargs: Any) -> KnowledgeGraph:
    """Read a graph from mechkg RDF (Turtle, N-Triples, JSON-LD, TriG or N-Quads).

    Raises
    ------
    ValidationError
        When the file is not valid RDF or lacks what a claim needs.
    """
    from . import load

    problems: list[Problem] = []
    if match_format(path, RDF_INPUT_FORMATS) is None:
        Reporter(str(path), problems).add(None, "not an RDF file extension", _RDF_FILES)
        raise ValidationError(problems)
    return load([path], **kwargs)
