"""Parsed-but-unresolved claim files, shared by the YAML and TSV readers.

A reader turns one file into a :class:`FileData`: sources and entities already checked,
claims as :class:`ClaimSpec` whose entity names are not yet resolved (a claim may name an
entity declared in another file). :mod:`mechkg.load.assemble` resolves and merges them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field
from typing import Any

from ..errors import Problem
from ..model import Entity, Source, from_columns
from ..schema import EDGE, FIELDS, REFERENCES

__all__ = [
    "Located",
    "ClaimSpec",
    "FileData",
    "Reporter",
    "parse_chain",
    "split_necessity",
    "NECESSITY_CLAUSES",
    "ChainProblem",
    "make_record",
    "make_records",
    "records_of_columns",
    "Extension",
    "MAX_CHAIN_CLAIMS",
    "MAX_FILE_CHAIN_CLAIMS",
]

#: Most claims one chain may stand for: the sum over its steps of subjects x objects.
MAX_CHAIN_CLAIMS = 1_000
#: Most claims the chains of one file may stand for together.
MAX_FILE_CHAIN_CLAIMS = 100_000


@dataclass(frozen=True, slots=True)
class Located:
    """A value with the line (and column) it was read from."""

    value: Any
    line: int | None
    column: int | None = None


#: The claim fields a spec holds in ``values``: all but the id and the edge.
_VALUES = frozenset(FIELDS["claim"]) - {"id", *EDGE}
_DEFAULTS = {name: FIELDS["claim"][name].default for name in _VALUES}
_REF_LISTS = frozenset(f.name for f in FIELDS["claim"].values() if f.many and f.kind in REFERENCES)


@dataclass(slots=True, init=False)
class ClaimSpec:
    """One claim (or chain) as written, before entity names are resolved.

    ``subject``, ``relation`` and ``object`` (or ``chain``) are the edge; ``values``
    holds the claim's other fields (:mod:`mechkg.schema`) by name, as checked: plain
    values, and the references (kinds ``entity``, ``source``, ``context``) as
    :class:`Located` names (a tuple of them for a list field), resolved by
    :mod:`mechkg.load.assemble`. A field that is absent or None has no value.

    Examples
    --------
    >>> spec = ClaimSpec("c1", "x.yaml", 3, evidence="experiment", quote=None)
    >>> spec.values
    {'evidence': 'experiment', 'quote': None}
    >>> spec.evidence, spec.quote, spec.anatomy
    ('experiment', None, ())
    >>> ClaimSpec("c1", "x.yaml", 3, colour="red")
    Traceback (most recent call last):
    ...
    TypeError: ClaimSpec has no claim field 'colour' (mechkg.schema)
    """

    id: str
    path: str
    line: int | None
    subject: Located | None
    relation: str | None
    object: Located | None
    chain: Located | None
    values: dict[str, Any]
    #: True when the claim as written has problems (already reported): its names are still
    #: resolved, so that every problem of the claim is reported at once, but it makes no claim
    broken: bool

    def __init__(
        self,
        id: str,
        path: str,
        line: int | None,
        *,
        subject: Located | None = None,
        relation: str | None = None,
        object: Located | None = None,
        chain: Located | None = None,
        **values: Any,
    ) -> None:
        if not values.keys() <= _VALUES:
            unknown = sorted(set(values) - _VALUES)[0]
            raise TypeError(f"ClaimSpec has no claim field {unknown!r} (mechkg.schema)")
        self.id, self.path, self.line = id, path, line
        self.subject, self.relation, self.object, self.chain = subject, relation, object, chain
        self.values = values
        self.broken = False

    def said(self) -> tuple[Any, ...]:
        """What the claim says, without where it was written: field name, value, name,
        value ... by name, names as written; a field at its default is left out, so a
        field added to the schema changes nothing for a claim that does not use it.

        >>> ClaimSpec("c1", "x.tsv", 2, subject=Located("a", 2), relation="increases",
        ...           object=Located("b", 2), negated=False, anatomy=(Located("vca1", 2),)).said()
        ('anatomy', ('vca1',), 'object', 'b', 'relation', 'increases', 'subject', 'a')
        """
        pairs = [
            ("object", None if self.object is None else self.object.value),
            ("relation", self.relation),
            ("subject", None if self.subject is None else self.subject.value),
        ]
        for name, value in self.values.items():
            if type(value) is Located:
                value = value.value
            elif name in _REF_LISTS:
                value = tuple(loc.value for loc in value)
            if value != _DEFAULTS[name]:
                pairs.append((name, value))
        pairs.sort()
        return tuple(itertools.chain.from_iterable(pairs))

    def __getattr__(self, name: str) -> Any:
        """A claim field by name (``spec.quote``): its value, else the schema's default."""
        if name not in _DEFAULTS:
            raise AttributeError(f"ClaimSpec has no attribute {name!r}")
        value = self.values.get(name)
        return _DEFAULTS[name] if value is None else value


_RECORDS: dict[str, type[Entity] | type[Source]] = {"entity": Entity, "source": Source}
_LISTS = {owner: {f.name for f in FIELDS[owner].values() if f.many} for owner in _RECORDS}


def make_record(owner: str, ident: str, values: dict[str, Any]) -> Any:
    """The :class:`~mechkg.model.Entity` or :class:`~mechkg.model.Source` (``owner``)
    ``ident`` with the checked ``values`` (by schema field name): list fields sorted,
    without repeats; an entity's synonyms without its label.

    Examples
    --------
    >>> make_record("entity", "bdnf", {"label": "BDNF", "type": "Protein",
    ...                                "synonyms": ["BDNF", "abrineurin"]}).synonyms
    ('abrineurin',)
    """
    lists = _LISTS[owner]
    out = {k: tuple(sorted(set(v))) if k in lists else v for k, v in values.items()}
    if "synonyms" in out:
        out["synonyms"] = tuple(s for s in out["synonyms"] if s != out.get("label"))
    record: Any = _RECORDS[owner]
    return record(id=ident, **out)


def make_records(owner: str, values: dict[str, dict[str, Any]]) -> list[Any]:
    """The records :func:`make_record` makes of each id and its ``values``, in id order
    (made a field at a time, by :func:`records_of_columns`).

    Raises
    ------
    TypeError
        When a value is given for no field of the record, or none for a field that has
        no default.
    """
    fields = _RECORDS[owner].__dataclass_fields__
    n = len(values)
    # each field's values, filled in the order the records were given (where they lie in
    # memory)
    columns: dict[str, list[Any]] = {}
    for j, given in enumerate(values.values()):
        for name, value in given.items():
            column = columns.get(name)
            if column is None:
                if name not in fields:
                    raise TypeError(f"{_RECORDS[owner].__name__} has no field {name!r}")
                column = columns[name] = [_NOT_GIVEN] * n
            column[j] = value
    return records_of_columns(owner, list(values), columns)


_NOT_GIVEN = object()


def records_of_columns(
    owner: str, ids: list[str], columns: dict[str, list[Any]], absent: Any = _NOT_GIVEN
) -> list[Any]:
    """The records of ``owner`` (``"entity"`` or ``"source"``) with the ids ``ids``, in
    id order, from each given field's column of the records' checked values (``absent``
    where a record gives none: the field's default): list fields sorted, without repeats;
    an entity's synonyms without its label.

    Examples
    --------
    >>> [(e.id, e.synonyms) for e in records_of_columns(
    ...     "entity", ["b", "a"], {"label": ["B", "A"], "type": ["Gene", "Gene"],
    ...                            "synonyms": [("B", "b1"), None]}, absent=None)]
    [('a', ()), ('b', ('b1',))]

    Raises
    ------
    TypeError
        When a column is of no field of the record (or is its id), or a record gives no
        value of a field that has no default.
    """
    record: Any = _RECORDS[owner]
    fields = record.__dataclass_fields__
    n = len(ids)
    for name, column in columns.items():
        if name not in fields or name == "id":
            raise TypeError(f"{record.__name__} has no field {name!r}")
        if len(column) != n:
            raise TypeError(f"{len(column)} values of {name!r} for {n} records")
    columns = dict(columns)
    for name, f in fields.items():
        if name == "id":
            continue
        given = columns.get(name)
        if (given is None and n > 0) or (given is not None and absent in given):
            if f.default is MISSING:
                raise TypeError(f"{record.__name__} needs a {name}")
            if given is not None:
                columns[name] = [f.default if v is absent else v for v in given]
    for name in _LISTS[owner] & columns.keys():
        columns[name] = [tuple(sorted(set(v))) if v else () for v in columns[name]]
    if "synonyms" in columns:
        columns["synonyms"] = [
            tuple(s for s in names if s != label) if label in names else names
            for names, label in zip(columns["synonyms"], columns["label"], strict=True)
        ]
    columns["id"] = ids
    # in id order
    order = sorted(range(n), key=ids.__getitem__)
    in_order = order == list(range(n))
    out: list[Sequence[Any]] = []
    for name, f in fields.items():
        made = columns.get(name)
        if made is None:
            out.append((f.default,))  # every record's: the default
        else:
            out.append(made if in_order else list(map(made.__getitem__, order)))
    return from_columns(record, out, n)


@dataclass(frozen=True, slots=True)
class Extension:
    """Names added to an entity defined elsewhere (``extend:`` in a claims file): the
    entity as the file names it, and the checked values of the entity fields it adds
    (synonyms, other-language labels, exact, close and broad matches) by field name."""

    target: Located
    values: dict[str, Any]


@dataclass(slots=True)
class FileData:
    path: str
    base: Located | None = None
    sources: list[tuple[Source, int | None]] = field(default_factory=list)
    entities: list[tuple[Entity, int | None]] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)
    #: every claim id written in the file with its line, valid claim or not
    claim_ids: list[tuple[str, int | None]] = field(default_factory=list)
    #: the files the file imports, as written (relative to it), at their lines
    imports: list[Located] = field(default_factory=list)
    #: the display paths of the files it imports, directly or through other imports
    scope: list[str] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    #: kind ("entity", "claim", "source") -> id -> base IRI, for the records whose IRIs
    #: are under another base than ``base`` (RDF written from several files)
    record_bases: dict[str, dict[str, str]] = field(default_factory=dict)


class Reporter:
    """Collects problems for one file."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def add(
        self,
        line: int | None,
        message: str,
        hint: str | None = None,
        *,
        claim: str | None = None,
        what: str = "claim",
        column: int | None = None,
    ) -> None:
        self.problems.append(Problem(self.path, line, message, hint, claim, column, what))

    def warn(
        self,
        line: int | None,
        message: str,
        hint: str | None = None,
        *,
        claim: str | None = None,
        what: str = "entity",
    ) -> None:
        """Record a warning: the input still loads."""
        self.problems.append(
            Problem(self.path, line, message, hint, claim, None, what, severity="warning")
        )


class ChainProblem(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_ARROW = re.compile(r"\s*(->|-\||→|⊣)\s*")
_ARROWS = {"->": "increases", "→": "increases", "-|": "decreases", "⊣": "decreases"}


def _brief(text: str, limit: int = 60) -> str:
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "…"


def parse_chain(text: str) -> list[tuple[list[str], str, list[str]]]:
    """Split a chain into steps ``(subjects, relation, objects)``.

    ``"a -> b/c -| d"`` gives ``[(["a"], "increases", ["b", "c"]),
    (["b", "c"], "decreases", ["d"])]``.

    Raises
    ------
    ChainProblem
        For an empty chain, a chain of one step, an empty step, or a chain that stands
        for more than :data:`MAX_CHAIN_CLAIMS` claims.
    """
    if not text.strip():
        raise ChainProblem("empty chain", "write it as `a -> b -| c`")
    parts = _ARROW.split(text.strip())
    names = parts[0::2]
    arrows = parts[1::2]
    if not arrows:
        raise ChainProblem(
            f"chain {_brief(text)} has no arrow",
            "link steps with -> (increases) or -| (decreases)",
        )
    groups: list[list[str]] = []
    for position, step in enumerate(names, start=1):
        members = [m.strip() for m in step.split("/")]
        if not step.strip() or any(not m for m in members):
            raise ChainProblem(
                f"step {position} of the chain is empty",
                "every arrow needs an entity on both sides; `A/B` needs both names",
            )
        groups.append(members)
    claims = sum(len(set(groups[i])) * len(set(groups[i + 1])) for i in range(len(arrows)))
    if claims > MAX_CHAIN_CLAIMS:
        raise ChainProblem(
            f"chain stands for {claims:,} claims (more than {MAX_CHAIN_CLAIMS:,})",
            "a chain is a shorthand for a few claims: write large fan-outs as separate "
            "claims or as a claims table (TSV)",
        )
    return [(groups[i], _ARROWS[arrow], groups[i + 1]) for i, arrow in enumerate(arrows)]


#: The clauses a one-step chain may end with, and the claim field each one fills:
#: ``a -| b; requires m`` states that the effect of a on b needs m.
NECESSITY_CLAUSES = {"requires": "requires", "independent of": "independent_of"}
_CLAUSE = re.compile(r"\s*;\s*")


def split_necessity(text: str) -> tuple[str, dict[str, list[str]]]:
    """Split a chain's necessity clauses off: ``"a -| b; requires m/n; independent of k"``
    gives ``("a -| b", {"requires": ["m", "n"], "independent_of": ["k"]})``.

    Raises
    ------
    ChainProblem
        For an unknown or empty clause, or clauses on a chain of more than one step.

    Examples
    --------
    >>> split_necessity("ketamine -| immobility; requires BDNF/TrkB")
    ('ketamine -| immobility', {'requires': ['BDNF', 'TrkB']})
    >>> split_necessity("a -> b")
    ('a -> b', {})
    """
    head, *clauses = _CLAUSE.split(text.strip())
    out: dict[str, list[str]] = {}
    for clause in clauses:
        for words, name in NECESSITY_CLAUSES.items():
            if clause.casefold().startswith(words + " ") or clause.casefold() == words:
                names = [m.strip() for m in clause[len(words) :].split("/")]
                if not all(names):
                    raise ChainProblem(
                        f"`{words}` in the chain names no entity",
                        f"write `a -| b; {words} m` (several as `m/n`)",
                    )
                out.setdefault(name, []).extend(names)
                break
        else:
            raise ChainProblem(
                f"unknown chain clause {_brief(clause)}",
                "after `;` a chain takes `requires m` or `independent of m`",
            )
    if out and len(_ARROW.findall(head)) != 1:
        raise ChainProblem(
            "`requires` and `independent of` need a chain of one step",
            "state the tested effect alone (`drug -| behaviour; requires m`) and write "
            "the mechanism's steps as another claim",
        )
    return head, out
