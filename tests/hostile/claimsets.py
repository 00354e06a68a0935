"""Hypothesis strategies for hostile claim sets, and a YAML writer for them.

A claim set is drawn as a plain document (the dict a claims file holds) and can be written
as YAML text two ways: every string double-quoted with YAML escapes (:func:`quoted_yaml`) or
by PyYAML's emitter (``yaml.safe_dump``), so both the escape decoding and the emitter's
choice of styles go through the loader. :func:`knowledge_graphs` draws
:class:`~graph.model.KnowledgeGraph` objects directly, in the canonical form the loader
produces (sorted tuples, lower-case language tags).

Text is drawn from all of Unicode except lone surrogates (no UTF-8 file can hold them) and
the terminal escape controls the loader refuses, mixed with markup and script payloads,
quotes, line breaks, right-to-left text, emoji and strings of 20,000 characters and more.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import yaml
from hypothesis import strategies as st
from mechkg.curie import _LOCAL, _LOCAL_BY_PREFIX, PREFIXES
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.vocab import EVIDENCE_LEVELS, RELATIONS, SOURCE_KINDS

from tests.ci import in_ci

__all__ = [
    "CI_STABLE",
    "ATTACKS",
    "TRICKY_IDS",
    "claim_documents",
    "ids",
    "knowledge_graphs",
    "pyyaml_text",
    "quoted_yaml",
    "yaml_str",
]

#: Under CI the examples are derived from each test's name, so a run is repeatable; local
#: runs draw new ones every time and keep failures in the .hypothesis database.
CI_STABLE = in_ci()

#: Payloads aimed at HTML, JavaScript, Turtle, JSON, SPARQL and terminals.
ATTACKS = [
    "<script>window.pwned = 1</script>",
    "</script><script>window.pwned = 2</script>",
    '<img src=x onerror="window.pwned = 3">',
    '"><svg onload="window.pwned = 4">',
    "javascript:window.pwned = 5",
    "<!-- <script>window.pwned = 6</script> -->",
    "<![CDATA[ ]]> ]]> &amp; &lt; &#x3c; &",
    "${window.pwned = 7} {{7*7}} `tick`",
    '" . <http://evil.example/> <http://evil.example/p> "x',
    '"""triple""" \'\'\'single\'\'\' \\" \\\\ \\u0022',
    "} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #",
    '{"@context": "http://evil.example/ctx", "@id": "x"}',
    "עברית RTL \u200fmarks\u200e text ערבית: مرحبا",
    "emoji 🧠💉🧬👩🏽‍🔬 and flags 🇳🇴",
    "line\nbreak\r\nand\rreturns\u2028sep\u2029para\ttab",
    "  leading and trailing spaces  ",
    "null",
    "true",
    "0x1F",
    "- dash",
    "? question",
    "&anchor *alias !!python/object:os.system",
    "# not a comment",
    "a: b",
    "\ufffe\uffff nonchars, \u200f marks \u200e and \u061c",
]

#: Ids that differ only in case or in '.', '-', '_' placement, or look like numbers.
TRICKY_IDS = [
    "a",
    "A",
    "a.b",
    "a-b",
    "a_b",
    "A.B",
    "a..b",
    "a.",
    "a-",
    "a_",
    "0",
    "00",
    "1.2",
    "1e3",
    "0x10",
    "true",
    "null",
    "a.1",
    "x.1",
]

_ID = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,11}"
#: The characters claim text may not hold (a terminal would obey them): C0 controls but
#: tab and line breaks, DEL, C1, and the bidirectional overrides and isolates.
_REFUSED = "".join(
    chr(c)
    for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
              *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)  # fmt: skip

#: Any id the loader accepts, biased towards the tricky ones.
ids = st.one_of(st.sampled_from(TRICKY_IDS), st.from_regex(_ID, fullmatch=True))

_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters=_REFUSED)
_plain = st.text(_chars, min_size=1, max_size=30)
#: 20,000 to 90,000 characters (the loader's limit is 100,000).
_long = st.builds(
    lambda s, n: (s * n)[:90_000],
    st.sampled_from(ATTACKS[:4] + ATTACKS[12:14]),
    st.integers(700, 2500),
)
# One text in 40 is long, one in 4 an attack string, the rest any Unicode.
_kind = st.integers(0, 39)
texts = _kind.flatmap(
    lambda n: _long if n == 0 else st.sampled_from(ATTACKS) if n < 10 else _plain
).filter(lambda s: bool(s.strip()))
#: Names (labels, synonyms): as texts, but the loader strips surrounding whitespace.
names = texts.map(str.strip).filter(bool)

_LANGS = ["nb", "nn", "de", "fr", "he", "ar", "zh-hant", "sr-latn", "es-419", "tlh"]
langs = st.sampled_from(_LANGS)


def _curie(prefix: str) -> st.SearchStrategy[str]:
    pattern = _LOCAL_BY_PREFIX.get(prefix, _LOCAL).pattern.removesuffix(r"\Z")
    local = st.from_regex(f"(?:{pattern})", fullmatch=True).filter(lambda s: len(s) < 30)
    return local.map(lambda loc: f"{prefix}:{loc}")


#: Every prefix mechkg knows, with local ids drawn from that prefix's pattern.
curies = st.sampled_from(sorted(PREFIXES)).flatmap(_curie)
species = st.sampled_from(["NCBITaxon:10090", "NCBITaxon:9606", "NCBITaxon:10116"])
ecos = _curie("ECO")
dates = st.sampled_from(["2025", "2025-08", "2025-08-10", "1999-12-31", "2024-02-29"])
urls = st.sampled_from(
    [
        "https://example.org/a?b=c&d=%20e#f",
        "http://example.org/%E2%9C%93/ünïcödé",
        "https://example.org/'quote'/(paren)",
    ]
)


def _unique(strategy: st.SearchStrategy[str], lo: int, hi: int) -> st.SearchStrategy[list[str]]:
    return st.lists(strategy, min_size=lo, max_size=hi, unique=True)


@st.composite
def _source(draw: st.DrawFn, sid: str, others: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": draw(st.sampled_from(sorted(SOURCE_KINDS)))}
    optional = {
        "title": texts,
        "venue": texts,
        "date": dates,
        "doi": st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9_.\-;()/:]{1,20}", fullmatch=True),
        "pmid": st.from_regex(r"[0-9]{1,9}", fullmatch=True),
        "pmcid": st.from_regex(r"PMC[0-9]{1,9}", fullmatch=True),
        "url": urls,
        "language": langs,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            body[key] = draw(strategy)
    if others and draw(st.booleans()):
        body["reports"] = draw(_unique(st.sampled_from(others), 1, len(others)))
    return body


@st.composite
def _entity(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {
        "label": draw(names),
        "type": draw(st.sampled_from(["Gene", "Protein", "BiologicalProcess", "Disease"])),
    }
    if draw(st.booleans()):
        body["synonyms"] = draw(_unique(names, 1, 3))
    if draw(st.booleans()):
        languages = draw(_unique(langs, 1, 3))
        body["labels"] = {lang: draw(_unique(names, 1, 3)) for lang in languages}
    if draw(st.booleans()):
        body["xrefs"] = draw(_unique(curies, 1, 3))
    if draw(st.booleans()):
        body["close_matches"] = draw(_unique(curies, 1, 2))
    if draw(st.booleans()):
        body["description"] = draw(texts)
    return body


@st.composite
def _qualifiers(draw: st.DrawFn, entity_ids: list[str], source_ids: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "evidence": draw(st.sampled_from(list(EVIDENCE_LEVELS))),
        "source": draw(st.sampled_from(source_ids)),
    }
    context = st.one_of(st.sampled_from(entity_ids), _curie("UBERON"))
    optional = {
        "quote": texts,
        "quote_lang": st.sampled_from(["en", "EN-gb", "nb", "NB", "he", "zh-Hant"]),
        "attributed_to": st.sampled_from(source_ids),
        "species": species,
        "anatomy": _unique(context, 1, 3),
        "model": context,
        "method": _unique(texts, 1, 3),
        "eco": ecos,
        "negated": st.booleans(),
        "note": texts,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            body[key] = draw(strategy)
    return body


@st.composite
def claim_documents(draw: st.DrawFn, max_claims: int = 8) -> dict[str, Any]:
    """A valid claims-file document: sources, entities, defaults, claims and chains."""
    source_ids = draw(_unique(ids, 1, 3))
    entity_ids = draw(_unique(ids, 2, 7))
    sources = {sid: draw(_source(sid, [s for s in source_ids if s != sid])) for sid in source_ids}
    entities = {eid: draw(_entity()) for eid in entity_ids}
    claims: list[dict[str, Any]] = []
    written: set[str] = set()
    for cid in draw(_unique(ids, 1, max_claims)):
        claim: dict[str, Any] = {"id": cid}
        if len(entity_ids) >= 3 and draw(st.integers(0, 3)) == 0:
            steps = draw(st.lists(st.sampled_from(entity_ids), min_size=2, max_size=4))
            if any(a == b for a, b in itertools.pairwise(steps)):
                continue  # a step from an entity to itself is an error, tested elsewhere
            arrows = [draw(st.sampled_from(["->", "-|", "→", "⊣"])) for _ in steps[1:]]
            claim["chain"] = steps[0] + "".join(
                f" {arrow} {step}" for arrow, step in zip(arrows, steps[1:], strict=True)
            )
            made = {f"{cid}.{n}" for n in range(1, len(steps))}
        else:
            subject, obj = draw(
                st.lists(st.sampled_from(entity_ids), min_size=2, max_size=2, unique=True)
            )
            claim.update(subject=subject, relation=draw(st.sampled_from(list(RELATIONS))))
            claim["object"] = obj
            made = {cid}
        if made & written or cid in written:
            continue  # a chain step id equal to another claim's id is an error
        written |= made | {cid}
        claim.update(draw(_qualifiers(entity_ids, source_ids)))
        claims.append(claim)
    doc: dict[str, Any] = {"mechkg": 1}
    if draw(st.booleans()):
        doc["base"] = draw(st.sampled_from(["https://example.org/g/", "http://example.org/g#"]))
    doc.update(sources=sources, entities=entities, claims=claims)
    if draw(st.booleans()):  # move one claim's source into the defaults
        doc["defaults"] = {"source": claims[0]["source"] if claims else source_ids[0]}
        for claim in claims:
            if claim["source"] == doc["defaults"]["source"]:
                del claim["source"]
    return doc


# ------------------------------------------------------------------------- YAML text

_BREAKS = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def _printable(ch: str) -> bool:
    """Whether YAML allows ``ch`` unescaped inside a double-quoted scalar."""
    c = ord(ch)
    return (
        0x20 <= c <= 0x7E
        or 0xA0 <= c <= 0xD7FF
        or 0xE000 <= c <= 0xFFFD
        or 0x10000 <= c <= 0x10FFFF
    ) and c not in (0x2028, 0x2029, 0xFEFF)


def yaml_str(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: line breaks, quotes, backslashes and every
    non-printable character escaped (``\\xXX``, ``\\uXXXX``, ``\\UXXXXXXXX``)."""
    out = []
    for ch in text:
        if ch in _BREAKS:
            out.append(_BREAKS[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def _flow(value: Any) -> str:
    if isinstance(value, str):
        return yaml_str(value)
    if isinstance(value, bool) or isinstance(value, int):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"


def quoted_yaml(doc: dict[str, Any]) -> str:
    """The document as block YAML with every string double-quoted and escaped."""
    lines = []
    for key, value in doc.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {yaml_str(k)}: {_flow(v)}" for k, v in value.items())
        elif isinstance(value, list):
            lines.append(f"{key}:")
            for item in value:
                first, *rest = item.items()
                lines.append(f"  - {first[0]}: {_flow(first[1])}")
                lines.extend(f"    {k}: {_flow(v)}" for k, v in rest)
        else:
            lines.append(f"{key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


def pyyaml_text(doc: dict[str, Any]) -> str:
    """The document as PyYAML's emitter writes it (plain, quoted and folded styles)."""
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=60)


# --------------------------------------------------------------- graphs built directly


def _sorted_unique(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items)))


@st.composite
def knowledge_graphs(draw: st.DrawFn, max_claims: int = 8) -> KnowledgeGraph:
    """A :class:`KnowledgeGraph` built directly, in the loader's canonical form."""
    entity_ids = draw(_unique(ids, 2, 6))
    source_ids = draw(_unique(ids, 1, 3))
    entities = {}
    for eid in entity_ids:
        other = draw(_unique(langs, 0, 2))
        labels = []
        for lang in sorted(other):
            first, *rest = draw(_unique(texts, 1, 3))
            labels.append((lang, (first, *sorted(set(rest) - {first}))))
        entities[eid] = Entity(
            id=eid,
            label=draw(texts),
            type=draw(st.sampled_from(["Gene", "Protein", "Cell", "Behavior"])),
            synonyms=_sorted_unique(draw(st.lists(texts, max_size=3))),
            labels=tuple(labels),
            xrefs=_sorted_unique(draw(st.lists(curies, max_size=3))),
            broad_matches=_sorted_unique(draw(st.lists(curies, max_size=2))),
            close_matches=_sorted_unique(draw(st.lists(curies, max_size=2))),
            description=draw(st.none() | texts),
        )
    sources = {}
    for sid in source_ids:
        others = [s for s in source_ids if s != sid]
        sources[sid] = Source(
            id=sid,
            kind=draw(st.sampled_from(sorted(SOURCE_KINDS))),
            title=draw(st.none() | texts),
            venue=draw(st.none() | texts),
            date=draw(st.none() | dates),
            doi=draw(st.none() | st.just("10.7150/thno.106751")),
            pmid=draw(st.none() | st.just("40225589")),
            pmcid=draw(st.none() | st.just("PMC11984413")),
            url=draw(st.none() | urls),
            language=draw(st.none() | langs),
            reports=_sorted_unique(draw(st.lists(st.sampled_from(others), max_size=2)))
            if others
            else (),
        )
    context = st.one_of(st.sampled_from(entity_ids), _curie("UBERON"))
    claims = {}
    for cid in draw(_unique(ids, 0, max_claims)):
        subject, obj = draw(
            st.lists(st.sampled_from(entity_ids), min_size=2, max_size=2, unique=True)
        )
        quote = draw(st.none() | texts)
        claims[cid] = Claim(
            id=cid,
            subject=subject,
            relation=draw(st.sampled_from(list(RELATIONS))),
            object=obj,
            evidence=draw(st.sampled_from(list(EVIDENCE_LEVELS))),
            source=draw(st.sampled_from(source_ids)),
            quote=quote,
            quote_lang=None if quote is None else draw(st.none() | langs),
            attributed_to=draw(st.none() | st.sampled_from(source_ids)),
            species=draw(st.none() | species),
            anatomy=_sorted_unique(draw(st.lists(context, max_size=2))),
            model=draw(st.none() | context),
            method=_sorted_unique(draw(st.lists(texts, max_size=2))),
            eco=draw(st.none() | ecos),
            negated=draw(st.booleans()),
            note=draw(st.none() | texts),
        )
    base = draw(st.sampled_from(["https://w3id.org/mechkg/data/", "https://example.org/g#"]))
    return KnowledgeGraph(entities=entities, sources=sources, claims=claims, base=base)
