"""What the readers of other tools' formats (BEL, INDRA Statements, KGX) share: a
:class:`Builder` that turns their records into a :class:`~mechkg.load.spec.FileData`
(entity and source ids made from names, claims checked like any other), and the
report of what a format says that mechkg has no field for.

What has no mechkg meaning is never dropped silently: each reader lists it with
:meth:`Builder.unmapped`, and :meth:`Builder.finish` gives one
:class:`ConversionWarning` per file that names every kind of record left out, with a
count and where the first one is.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any

from ..errors import FormatError
from ..model import Entity, KnowledgeGraph, Source
from ..schema import FIELDS, REFERENCES
from . import fields as F
from .spec import ClaimSpec, FileData, Located, Reporter, make_record

__all__ = [
    "ConversionWarning",
    "Builder",
    "slug",
    "missing_extra",
    "MissingExtra",
    "warn_not_written",
]

_NOT_ID = re.compile(r"[^A-Za-z0-9_.\-]+")
_CLAIM = FIELDS["claim"]


class ConversionWarning(UserWarning):
    """Records of another format that mechkg has no field for, left out of the graph."""


def slug(text: str) -> str:
    """An id made from a name: runs of other characters become ``_``.

    >>> slug("sialic acid"), slug("p(HGNC:1097 ! BRAF)"), slug("!!")
    ('sialic_acid', 'p_HGNC_1097_BRAF', 'x')
    """
    out = _NOT_ID.sub("_", text).strip("_.-")
    return out[:80] or "x"


class MissingExtra(FormatError, ImportError):
    """A format's optional package is not installed (the message says how)."""


def warn_not_written(target: Any, fmt: str, left: dict[str, list[str]]) -> None:
    """Warn that the claims in ``left`` (by why, their ids) are not in the ``fmt`` output."""
    if not left:
        return
    lines = [f"  {len(ids)} × {why} (first: claim {ids[0]})" for why, ids in sorted(left.items())]
    name = target if isinstance(target, (str, os.PathLike)) else getattr(target, "name", "-")
    warnings.warn(
        ConversionWarning(
            f"{os.fspath(name)}: left out what {fmt} cannot hold:\n" + "\n".join(lines)
        ),
        stacklevel=3,
    )


def left_by_relation(
    kg: KnowledgeGraph, relations: Container[str], why: str
) -> dict[str, list[str]]:
    """The claims whose relation is not in ``relations``, by why (for
    :func:`warn_not_written`): ``"<relation> claim (<why>)"`` to their ids."""
    left: dict[str, list[str]] = {}
    for c in kg.claims.values():
        if c.relation not in relations:
            left.setdefault(f"{c.relation} claim ({why})", []).append(c.id)
    return left


def missing_extra(extra: str, package: str, what: str) -> MissingExtra:
    """The error for a format whose extra is not installed (the message says how)."""
    return MissingExtra(
        f"reading or writing {what} needs the {package} package: pip install 'mechkg[{extra}]'"
    )


@dataclass(frozen=True, slots=True)
class _Left:
    what: str
    where: str


class Builder:
    """Collects the entities, sources and claims of one foreign file.

    Entities and sources are keyed by what the format identifies them with (a CURIE, a
    PMID); :meth:`entity` and :meth:`source` return the mechkg id, made unique within
    the file. Claims are checked with the schema's checks; a bad value is a problem at
    the record's location, and the claim is left out.
    """

    def __init__(self, path: str, rep: Reporter) -> None:
        self.data = FileData(path)
        self.rep = rep
        self._entities: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._ids: set[str] = set()
        self._claims: set[str] = set()
        self._left: dict[str, list[_Left]] = {}

    def _fresh(self, base: str, taken: set[str]) -> str:
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}_{n}"
        taken.add(ident)
        return ident

    def entity(
        self,
        key: str,
        make: dict[str, Any] | Callable[[], dict[str, Any]],
        line: int | None,
    ) -> str:
        """The id of the entity the format calls ``key``; ``make`` (or ``make()``) gives
        its fields (label, type, xrefs ...), used the first time."""
        found = self._entities.get(key)
        if found is not None:
            return found
        values = dict(make) if isinstance(make, dict) else make()
        ident = self._fresh(slug(values.pop("id", None) or values["label"]), self._ids)
        self._entities[key] = ident
        entity: Entity = make_record("entity", ident, values)
        self.data.entities.append((entity, line))
        return ident

    def source(self, key: str, values: dict[str, Any], line: int | None) -> str:
        """The id of the source the format calls ``key`` (e.g. ``pmid:123``)."""
        found = self._sources.get(key)
        if found is not None:
            return found
        ident = self._fresh(slug(values.pop("id", None) or key), set(self._sources.values()))
        self._sources[key] = ident
        source: Source = make_record("source", ident, values)
        self.data.sources.append((source, line))
        return ident

    def claim(self, ident: str, line: int | None, values: dict[str, Any]) -> bool:
        """Add a claim with ``values`` by schema field name (subject and object are
        entity ids made by :meth:`entity`); False, with a problem, if a value is bad."""
        ident = self._fresh(slug(ident), self._claims)
        self.data.claim_ids.append((ident, line))
        edge: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for name, value in values.items():
            if value is None or value == () or value is False:
                continue
            row = _CLAIM[name]
            try:
                checked = F.checker(row)(list(value) if row.many else value)
            except F.FieldProblem as exc:
                self.rep.add(line, exc.message, exc.hint, claim=ident)
                return False
            if row.kind in REFERENCES:
                checked = (
                    tuple(Located(v, line) for v in checked) if row.many else Located(checked, line)
                )
            (edge if name in ("subject", "relation", "object") else rest)[name] = checked
        self.data.claims.append(ClaimSpec(ident, self.data.path, line, **edge, **rest))
        return True

    def unmapped(self, what: str, where: str) -> None:
        """Note a record (or part of one) mechkg has no field for: ``what`` names its
        kind (the warning groups by it), ``where`` says where it is."""
        self._left.setdefault(what, []).append(_Left(what, where))

    def finish(self) -> FileData:
        """The file's data; warns once, listing what was left out."""
        if self._left:
            lines = [
                f"  {len(items)} × {what} (first at {items[0].where})"
                for what, items in sorted(self._left.items())
            ]
            warnings.warn(
                ConversionWarning(
                    f"{self.data.path}: left out what mechkg has no field for:\n" + "\n".join(lines)
                ),
                stacklevel=2,
            )
        return self.data
