"""CURIEs: checking, expanding to IRIs and contracting back.

The prefix map is fixed and bijective on the CURIEs it accepts, so that a CURIE written to
RDF as an IRI reads back as the same CURIE.
"""

from __future__ import annotations

import difflib
import re

__all__ = ["PREFIXES", "PREFIX_SYNONYMS", "CurieProblem", "check_curie", "known_prefix", "expand",
           "contract"]  # fmt: skip

_OBO = "http://purl.obolibrary.org/obo/"
#: OBO Foundry ontologies: IRIs are ``{_OBO}{PREFIX}_{id}``.
_OBO_PREFIXES = ("NCBITaxon", "UBERON", "GO", "CL", "RO", "BFO", "ECO", "MAXO", "HP", "MP",
                 "MONDO", "NBO", "CHEBI", "NCIT", "PR")  # fmt: skip
#: Prefixes whose local ids are digits only.
_NUMERIC_PREFIXES = (*(p for p in _OBO_PREFIXES if p not in ("NCIT", "PR")),
                     "EFO", "MGI", "HGNC", "NCBIGene", "PMID")  # fmt: skip

#: prefix -> IRI namespace
PREFIXES: dict[str, str] = {
    **{p: f"{_OBO}{p}_" for p in _OBO_PREFIXES},
    "EFO": "http://www.ebi.ac.uk/efo/EFO_",
    "MGI": "http://identifiers.org/mgi/MGI:",
    "HGNC": "http://identifiers.org/hgnc/",
    "NCBIGene": "http://identifiers.org/ncbigene/",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "PMID": "http://www.ncbi.nlm.nih.gov/pubmed/",
    "PMC": "http://europepmc.org/articles/",
    "doi": "https://doi.org/",
    "biolink": "https://w3id.org/biolink/vocab/",
}

_LOCAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")
_DIGITS = re.compile(r"[0-9]+\Z")
#: local-id patterns of prefixes whose ids have a known shape; others use _LOCAL.
_LOCAL_BY_PREFIX = {
    **{p: _DIGITS for p in _NUMERIC_PREFIXES},
    "NCIT": re.compile(r"C[0-9]+\Z"),
    "MESH": re.compile(r"[A-Z][0-9]+\Z"),
    "PMC": re.compile(r"PMC[0-9]+\Z"),
    "UniProtKB": re.compile(r"[A-Z0-9]{6,10}(-[0-9]+)?\Z"),
    "biolink": re.compile(r"[A-Za-z][A-Za-z_]*\Z"),
    "doi": re.compile(r"10\.[0-9]{4,9}/[A-Za-z0-9_.\-;()/:]+\Z"),
}
_EXAMPLES = {
    "NCBITaxon": "NCBITaxon:10090",
    "MESH": "MESH:D015670",
    "PMC": "PMC:PMC11984413",
    "UniProtKB": "UniProtKB:P21237",
    "NCIT": "NCIT:C15176",
    "doi": "doi:10.1000/x",
}
# Longest namespace first, so that contraction picks the most specific prefix.
_BY_NAMESPACE = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
#: Other spellings of known prefixes (as other registries and tools write them), folded
#: to lower case -> the prefix mechkg writes.
PREFIX_SYNONYMS: dict[str, str] = {
    "uniprot": "UniProtKB",
    "pubmed": "PMID",
    "pmcid": "PMC",
    "taxon": "NCBITaxon",
    "entrez": "NCBIGene",
    "entrezgene": "NCBIGene",
}
_FOLDED = {p.casefold(): p for p in PREFIXES}
_CANONICAL = {**PREFIX_SYNONYMS, **_FOLDED}


def known_prefix(prefix: str) -> str | None:
    """The prefix mechkg writes for ``prefix`` (itself, another case of it, or a known
    synonym), or None for an unknown prefix.

    Examples
    --------
    >>> known_prefix("uberon"), known_prefix("UniProt"), known_prefix("FOO")
    ('UBERON', 'UniProtKB', None)
    """
    return prefix if prefix in PREFIXES else _CANONICAL.get(prefix.casefold())


def _brief(text: str, limit: int = 60) -> str:
    """``repr(text)``, cut short for an error message."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "…"


class CurieProblem(ValueError):
    """A string that is not an acceptable CURIE; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def check_curie(curie: object, *, prefixes: tuple[str, ...] | None = None) -> str:
    """``curie`` in canonical form, if it is a well-formed CURIE with a known prefix.

    The canonical form writes the prefix as :data:`PREFIXES` does, whatever its case or
    synonym (``uberon:``, ``UniProt:``), and drops a prefix repeated in the local id
    (``MGI:MGI:88145``), so that one identifier has one spelling and entities that share
    it are recognised as one.

    Raises
    ------
    CurieProblem
        With a message and a hint naming the valid prefixes or the closest one.

    Examples
    --------
    >>> check_curie("uberon:0002421"), check_curie("MGI:MGI:88145")
    ('UBERON:0002421', 'MGI:88145')
    """
    if not isinstance(curie, str):
        raise CurieProblem(
            f"expected a CURIE string, got {type(curie).__name__}",
            "write it as PREFIX:ID, e.g. UBERON:0003881",
        )
    written, sep, local = curie.partition(":")
    if not sep or not written or not local:
        raise CurieProblem(
            f"malformed CURIE {_brief(curie)}", "write it as PREFIX:ID, e.g. UBERON:0003881"
        )
    allowed = prefixes if prefixes is not None else tuple(PREFIXES)
    prefix = known_prefix(written)
    if prefix is None or prefix not in allowed:
        close = difflib.get_close_matches(written, allowed, n=1)
        hint = (f"did you mean {close[0]}:? " if close else "") + (
            "known prefixes: " + ", ".join(sorted(allowed, key=str.casefold))
        )
        raise CurieProblem(f"unknown CURIE prefix {_brief(written)} in {_brief(curie)}", hint)
    again, sep, rest = local.partition(":")
    if sep and known_prefix(again) == prefix:  # MGI:MGI:88145, GO:GO:0007613
        local = rest
    pattern = _LOCAL_BY_PREFIX.get(prefix, _LOCAL)
    if not pattern.match(local):
        if pattern is _DIGITS:
            hint = f"{prefix} ids are digits, e.g. {_EXAMPLES.get(prefix, prefix + ':0000001')}"
        elif prefix in _EXAMPLES:
            hint = f"write it like {_EXAMPLES[prefix]}"
        else:
            hint = "the part after the colon is letters, digits, '_', '.' or '-'"
        raise CurieProblem(f"malformed local id {_brief(local)} in CURIE {_brief(curie)}", hint)
    return f"{prefix}:{local}"


def expand(curie: str) -> str:
    """Expand a checked CURIE to its IRI."""
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def contract(iri: str) -> str | None:
    """Contract an IRI to a CURIE, or None when no prefix matches."""
    for prefix, ns in _BY_NAMESPACE:
        if iri.startswith(ns) and len(iri) > len(ns):
            curie = f"{prefix}:{iri[len(ns) :]}"
            try:
                check_curie(curie)
            except CurieProblem:
                continue
            return curie
    return None
