"""Field checks shared by the claim-file readers (YAML and TSV).

Each check takes a value and the key it was given under (``what``, for messages) and
returns the normalised value, or raises :class:`FieldProblem` with a message and a hint.
Readers turn those into located :class:`mechkg.errors.Problem`. Every field of
:mod:`mechkg.schema` names its check; :func:`checker` binds it to the field.

Examples
--------
>>> from mechkg.schema import FIELDS
>>> checker(FIELDS["claim"]["method"])(["fiber photometry", "Golgi staining"])
('fiber photometry', 'Golgi staining')
>>> try:
...     checker(FIELDS["claim"]["species"])("ECO:0000006")
... except FieldProblem as exc:
...     print(exc.message)
species: unknown CURIE prefix 'ECO' in 'ECO:0000006'
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Callable
from typing import Any

from ..curie import CurieProblem, check_curie
from ..rdf.terms import check_iri
from ..schema import Field
from ..terminal import BIDI_CONTROLS
from ..vocab import ENTITY_TYPES, EVIDENCE_LEVELS, RELATIONS, SOURCE_KINDS
from .hints import relation_hint

__all__ = [
    "FieldProblem",
    "FieldProblems",
    "ID_PATTERN",
    "check_id",
    "check_name",
    "check_text",
    "check_label",
    "check_optional_text",
    "check_list",
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
    "check_labels",
    "CHECKS",
    "VOCABULARIES",
    "item_check",
    "checker",
    "closest",
    "brief",
]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*\Z")
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")
_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\Z")
# A DOI suffix may hold any printable character (the DOI Handbook): old ones have <, >,
# #, [ and ] (10.1002/(SICI)1097-4636(199711)37:2<282::AID-JBM17>3.0.CO;2-H). No space
# and no control character (those are refused with the text check's message).
_DOI = re.compile(r"10\.[0-9]{4,9}(\.[0-9]+)*/\S+\Z")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+\Z")
_MAX_TEXT = 100_000
# The characters a terminal obeys rather than shows: the C0 controls but tab and the line
# breaks (ESC starts ANSI sequences, BEL rings, BS moves back over text), DEL, the C1
# controls (CSI, OSC ...) and the bidirectional overrides and isolates (which reorder
# what the reader sees). Text printed by `mechkg show` could rewrite a terminal with them.
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


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


# The vocabulary and identifier checks name their own kind of value in messages ("unknown
# relation", "invalid DOI"); ``what`` only gives every check one signature.


def check_relation(value: Any, what: str = "relation") -> str:
    if isinstance(value, str) and value not in RELATIONS:
        hint = relation_hint(value)
        if hint is not None:
            raise FieldProblem(
                f"unknown relation {brief(value)}",
                hint
                + (" " if hint.endswith("?") else "; ")
                + "expected one of: "
                + ", ".join(RELATIONS),
            )
    return _one_of("relation", value, RELATIONS)


def check_evidence(value: Any, what: str = "evidence") -> str:
    """An evidence level, its case ignored (``Experiment`` is ``experiment``)."""
    if isinstance(value, str):
        folded = "_".join(value.strip().casefold().replace("-", " ").split())
        if folded in EVIDENCE_LEVELS:
            return folded
    return _one_of("evidence level", value, EVIDENCE_LEVELS)


def check_entity_type(value: Any, what: str = "type") -> str:
    return _one_of("entity type", value, ENTITY_TYPES)


def check_source_kind(value: Any, what: str = "kind") -> str:
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
    if not value or value.isspace():
        raise FieldProblem(f"{what} is empty", f"give a {what} or remove the key")
    if len(value) > _MAX_TEXT:
        raise FieldProblem(f"{what} is {len(value):,} characters long", "keep it under 100,000")
    bad = _CONTROL.search(value)
    if bad:
        raise FieldProblem(
            f"{what} contains the control character U+{ord(bad.group()):04X}",
            "remove it: control characters and bidirectional overrides are not allowed in "
            "claim text",
        )
    return value


def check_label(value: Any, what: str) -> str:
    """A name of an entity (label, synonym): text, trimmed."""
    return check_text(value, what).strip()


def check_name(value: Any, what: str) -> str:
    """A reference to an entity or source by id or name (a number is read as its digits):
    text, trimmed. It is resolved once every file is read."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return check_text(value, what).strip()


def check_optional_text(value: Any, what: str) -> str | None:
    return None if value is None else check_text(value, what)


def check_list(value: Any, what: str, item: Callable[[Any], Any]) -> tuple[Any, ...]:
    """Check each item of a list with ``item`` (a single value is a list of one; None is
    the empty list), reporting every bad item."""
    if value is None:
        return ()
    good, bad = [], []
    for v in value if isinstance(value, list) else [value]:
        try:
            good.append(item(v))
        except FieldProblem as exc:
            bad.append(exc)
    if len(bad) == 1:
        raise bad[0]
    if bad:
        raise FieldProblems(bad)
    return tuple(good)


def check_text_list(value: Any, what: str) -> tuple[str, ...]:
    return check_list(value, what, functools.partial(check_text, what=what))


def check_curie_field(value: Any, what: str, prefixes: tuple[str, ...] | None = None) -> str:
    try:
        return check_curie(value, prefixes=prefixes)
    except CurieProblem as exc:
        raise FieldProblem(f"{what}: {exc.message}", exc.hint) from None


def check_curie_list(value: Any, what: str) -> tuple[str, ...]:
    """CURIEs, sorted, without repeats."""
    return tuple(
        sorted(set(check_list(value, what, functools.partial(check_curie_field, what=what))))
    )


def check_lang(value: Any, what: str = "language") -> str:
    """A BCP 47 language tag, lower-cased: tags are case-insensitive and RDF parsers
    lower-case them, so ``en-GB`` is kept as ``en-gb`` to read back the same."""
    if not isinstance(value, str) or not _LANG.match(value):
        raise FieldProblem(f"invalid {what} {brief(value)}", "use a BCP 47 tag such as en, nb, de")
    return value.lower()


def check_date(value: Any, what: str = "date") -> str:
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(value, str) or not _DATE.match(value):
        raise FieldProblem(
            f"invalid {what} {brief(value)}", "use YYYY, YYYY-MM or YYYY-MM-DD (quoted)"
        )
    if len(value) == 10:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise FieldProblem(
                f"invalid {what} {value!r}: no such day", "check the day of the month"
            ) from None
    return value


def check_doi(value: Any, what: str = "doi") -> str:
    if isinstance(value, str) and value.lower().startswith("https://doi.org/"):
        value = value[len("https://doi.org/") :]
    if not isinstance(value, str) or not _DOI.match(value):
        raise FieldProblem(f"invalid DOI {brief(value)}", "write it as 10.NNNN/suffix")
    return check_text(value, what)


def check_pmid(value: Any, what: str = "pmid") -> str:
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(value, str) or not value.isdigit():
        raise FieldProblem(f"invalid PMID {brief(value)}", 'a PMID is digits only, e.g. "40225589"')
    return value


def check_pmcid(value: Any, what: str = "pmcid") -> str:
    if not isinstance(value, str) or not re.fullmatch(r"PMC[0-9]+", value):
        raise FieldProblem(f"invalid PMCID {brief(value)}", "write it as PMC followed by digits")
    return value


def check_url(value: Any, what: str = "url") -> str:
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


def check_score(value: Any, what: str = "belief") -> str:
    """A decimal from 0 to 1 (a number or its text), as canonical decimal text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FieldProblem(f"{what} must be a number from 0 to 1, got {brief(value)}")
    try:
        number = float(value)
    except (ValueError, OverflowError):  # not a number, or an integer too large for one
        number = -1.0
    if not 0.0 <= number <= 1.0:  # also NaN
        raise FieldProblem(f"{what} must be a number from 0 to 1, got {brief(value)}", "e.g. 0.87")
    return f"{number:.6f}".rstrip("0").rstrip(".")  # xsd:decimal: no exponent


def check_modifier(value: Any, what: str) -> str:
    """A subject or object modifier (:mod:`mechkg.modifiers`), in canonical spelling."""
    from ..modifiers import format_modifier, parse_modifier

    try:
        return format_modifier(parse_modifier(check_text(value, what)))
    except ValueError as exc:
        raise FieldProblem(f"{what}: {exc}") from None


def check_bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise FieldProblem(
            f"{what} must be true or false, got {brief(value)}", "write true or false"
        )
    return value


def check_labels(value: Any, what: str = "labels") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Names in other languages, ``{lang: name or [names]}``: ``(lang, (preferred,
    *others))`` pairs sorted by language, the others sorted."""
    if not isinstance(value, dict):
        raise FieldProblem(f"`{what}` must map a language to names", "e.g. labels: {nb: nål}")
    out = []
    seen: set[str] = set()
    for written, names in value.items():
        lang = check_lang(written)
        if lang in seen:
            raise FieldProblem(
                f"`{what}` lists the language {lang!r} twice",
                "language tags ignore case: put all its names in one list",
            )
        seen.add(lang)
        if lang == "en" or lang.startswith("en-"):
            raise FieldProblem(
                f"`{what}` has an English entry ({written})",
                "the English name goes in `label`, other English names in `synonyms`",
            )
        listed = check_text_list(names, f"{what}.{lang}")
        if not listed:
            raise FieldProblem(f"{what}.{lang} is empty", "give at least one name")
        rest = tuple(sorted(set(listed[1:]) - {listed[0]}))
        out.append((lang, (listed[0], *rest)))
    return tuple(sorted(out))


#: The checks a schema field may name (:attr:`mechkg.schema.Field.check`), by name.
CHECKS: dict[str, Callable[..., Any]] = {
    check.__name__: check
    for check in (
        check_id, check_name, check_text, check_label, check_relation, check_evidence,
        check_entity_type, check_source_kind, check_curie_field, check_lang, check_date,
        check_doi, check_pmid, check_pmcid, check_url, check_bool, check_labels,
        check_score, check_modifier,
    )
}  # fmt: skip
#: The words a vocabulary check accepts, by the check's name.
VOCABULARIES: dict[str, dict[str, Any]] = {
    "check_relation": RELATIONS,
    "check_evidence": EVIDENCE_LEVELS,
    "check_entity_type": ENTITY_TYPES,
    "check_source_kind": SOURCE_KINDS,
}


def item_check(field: Field) -> Callable[[Any], Any]:
    """The check of one value of ``field`` (one item of a list field), bound to its key
    and prefixes."""
    check = CHECKS.get(field.check or "")
    if check is None:
        raise RuntimeError(
            f"mechkg.schema: {field.owner}.{field.name} names the check {field.check!r}, "
            "which mechkg.load.fields does not define: add it to CHECKS"
        )
    what = field.yaml or field.name
    if field.prefixes is not None:
        return functools.partial(check, what=what, prefixes=field.prefixes)
    return functools.partial(check, what=what)


def checker(field: Field) -> Callable[[Any], Any]:
    """The check of a value of ``field``: :func:`item_check`, over each item for a list
    field (which gives a tuple)."""
    item = item_check(field)
    if field.many:
        return functools.partial(check_list, what=field.yaml or field.name, item=item)
    return item
