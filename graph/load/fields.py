"""Field checks shared by the claim-file readers (YAML and TSV).

Each checker takes a value and returns the normalised value, or raises :class:`FieldProblem`
with a message and a hint. Readers turn those into located :class:`mechkg.errors.Problem`.
"""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from ..curie import CurieProblem, check_curie
from ..rdf.terms import check_iri
from ..vocab import ENTITY_TYPES, EVIDENCE_LEVELS, RELATIONS, SOURCE_KINDS

__all__ = [
    "FieldProblem",
    "FieldProblems",
    "ID_PATTERN",
    "check_id",
    "check_text",
    "check_optional_text",
    "check_text_list",
    "check_relation",
    "check_evidence",
    "check_entity_type",
    "check_source_kind",
    "check_curie_field",
    "check_curie_list",
    "check_lang",
    "check_date",
    "check_doi",
    "check_pmid",
    "check_pmcid",
    "check_url",
    "check_bool",
    "closest",
    "brief",
]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\Z")
_DOI = re.compile(r"10\.[0-9]{4,9}/[A-Za-z0-9_.\-;()/:]+\Z")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+\Z")
_MAX_TEXT = 100_000
# Escape (which starts ANSI terminal sequences) and the C1 controls (CSI, OSC ... on some
# terminals): text printed by `mechkg show` could rewrite the reader's terminal with them.
_CONTROL = re.compile(r"[\x1b\x80-\x9f]")


class FieldProblem(ValueError):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class FieldProblems(FieldProblem):
    """Several problems in one list-valued field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(problems[0].message, problems[0].hint)
        self.problems = problems


def brief(value: Any, limit: int = 60, *, _level: int = 0) -> str:
    """``repr(value)`` cut short for an error message: long text, huge numbers and big or
    deeply nested lists and mappings are elided with ``…``."""
    if isinstance(value, str):
        return repr(value) if len(value) <= limit else repr(value[:limit]) + "…"
    if isinstance(value, (list, dict)):
        if _level >= 1:
            return "[…]" if isinstance(value, list) else "{…}"
        if isinstance(value, list):
            items = [brief(v, 20, _level=1) for v in value[:5]]
            return "[" + ", ".join(items + (["…"] if len(value) > 5 else [])) + "]"
        pairs = [f"{brief(k, 20, _level=1)}: {brief(v, 20, _level=1)}" for k, v in value.items()]
        return "{" + ", ".join(pairs[:5] + (["…"] if len(pairs) > 5 else [])) + "}"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def closest(word: str, choices: list[str] | tuple[str, ...], n: int = 3) -> list[str]:
    """The choices closest to ``word`` (case-insensitive), best first."""
    folded = {c.casefold(): c for c in choices}
    return [folded[m] for m in difflib.get_close_matches(word.casefold(), list(folded), n=n)]


def _one_of(kind: str, value: Any, choices: dict[str, Any]) -> str:
    if not isinstance(value, str) or not value:
        raise FieldProblem(
            f"{kind} must be a word, got {brief(value)}", "expected one of: " + ", ".join(choices)
        )
    if value in choices:
        return value
    near = closest(value, list(choices), 1)
    hint = (
        (f"did you mean {near[0]!r}? " if near else "") + "expected one of: " + ", ".join(choices)
    )
    raise FieldProblem(f"unknown {kind} {brief(value)}", hint)


def check_relation(value: Any) -> str:
    return _one_of("relation", value, RELATIONS)


def check_evidence(value: Any) -> str:
    return _one_of("evidence level", value, EVIDENCE_LEVELS)


def check_entity_type(value: Any) -> str:
    return _one_of("entity type", value, ENTITY_TYPES)


def check_source_kind(value: Any) -> str:
    return _one_of("source kind", value, SOURCE_KINDS)


def check_id(value: Any, what: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise FieldProblem(
            f"invalid {what} id {brief(value)}",
            "ids are letters, digits, '_', '.' or '-', starting with a letter or digit",
        )
    return value


def check_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        kind = (
            "a list"
            if isinstance(value, list)
            else (
                "a mapping" if isinstance(value, dict) else f"{type(value).__name__} {brief(value)}"
            )
        )
        raise FieldProblem(
            f"{what} is not a string (got {kind})",
            "put the text in quotes",
        )
    if not value.strip():
        raise FieldProblem(f"{what} is empty", f"give a {what} or remove the key")
    if len(value) > _MAX_TEXT:
        raise FieldProblem(f"{what} is {len(value):,} characters long", "keep it under 100,000")
    bad = _CONTROL.search(value)
    if bad:
        raise FieldProblem(
            f"{what} contains the control character U+{ord(bad.group()):04X}",
            "remove it: terminal control sequences are not allowed in claim text",
        )
    return value


def check_optional_text(value: Any, what: str) -> str | None:
    return None if value is None else check_text(value, what)


def check_text_list(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise FieldProblem(f"{what} must be a list of strings", f"write {what}: [a, b]")
    return tuple(check_text(v, what) for v in value)


def check_curie_field(value: Any, what: str, prefixes: tuple[str, ...] | None = None) -> str:
    try:
        return check_curie(value, prefixes=prefixes)
    except CurieProblem as exc:
        raise FieldProblem(f"{what}: {exc.message}", exc.hint) from None


def check_curie_list(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise FieldProblem(f"{what} must be a list of CURIEs", f"write {what}: [UBERON:0001954]")
    good, bad = [], []
    for v in value:
        try:
            good.append(check_curie_field(v, what))
        except FieldProblem as exc:
            bad.append(exc)
    if len(bad) == 1:
        raise bad[0]
    if bad:
        raise FieldProblems(bad)
    return tuple(sorted(set(good)))


def check_lang(value: Any, what: str = "language") -> str:
    """A BCP 47 language tag, lower-cased: tags are case-insensitive and RDF parsers
    lower-case them, so ``en-GB`` is kept as ``en-gb`` to read back the same."""
    if not isinstance(value, str) or not _LANG.match(value):
        raise FieldProblem(f"invalid {what} {brief(value)}", "use a BCP 47 tag such as en, nb, de")
    return value.lower()


def check_date(value: Any) -> str:
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(value, str) or not _DATE.match(value):
        raise FieldProblem(
            f"invalid date {brief(value)}", "use YYYY, YYYY-MM or YYYY-MM-DD (quoted)"
        )
    if len(value) == 10:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise FieldProblem(
                f"invalid date {value!r}: no such day", "check the day of the month"
            ) from None
    return value


def check_doi(value: Any) -> str:
    if isinstance(value, str) and value.lower().startswith("https://doi.org/"):
        value = value[len("https://doi.org/") :]
    if not isinstance(value, str) or not _DOI.match(value):
        raise FieldProblem(f"invalid DOI {brief(value)}", "write it as 10.NNNN/suffix")
    return value


def check_pmid(value: Any) -> str:
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(value, str) or not value.isdigit():
        raise FieldProblem(f"invalid PMID {brief(value)}", 'a PMID is digits only, e.g. "40225589"')
    return value


def check_pmcid(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"PMC[0-9]+", value):
        raise FieldProblem(f"invalid PMCID {brief(value)}", "write it as PMC followed by digits")
    return value


def check_url(value: Any) -> str:
    """An absolute http(s) URL that is also a valid IRI (so RDF stores accept it)."""
    try:
        ok = isinstance(value, str) and bool(_URL.match(value)) and bool(check_iri(value))
    except ValueError:  # a stray '%' or a control character
        ok = False
    if not ok:
        raise FieldProblem(
            f"invalid URL {brief(value)}",
            "give an absolute http(s) URL without spaces or stray '%' "
            "(percent-encode them as %20 and %25)",
        )
    return value


def check_bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise FieldProblem(
            f"{what} must be true or false, got {brief(value)}", "write true or false"
        )
    return value
