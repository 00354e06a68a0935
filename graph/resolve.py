"""Entity name resolution: by id, label, synonym, other-language label or CURIE,
case-insensitively, with the closest names suggested when nothing matches."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Set

from .errors import AmbiguousEntity, EntityNotFound, InvalidQuery, MechkgError
from .model import Entity, KnowledgeGraph

__all__ = ["NameIndex", "NoEntityMatches", "find_entities", "fold", "resolve", "name_index"]

# Tiers: a name that is an entity's id beats one that is a label, which beats a synonym.
_ID, _LABEL, _SYNONYM, _XREF = range(4)
_MAX_FUZZY = 50_000


def fold(name: str) -> str:
    """The form names are compared in: NFC (so a name typed with combining accents
    matches one written precomposed), case-folded, runs of spaces as one."""
    if name.isascii() and name.isprintable():  # (most names) NFC already, one case fold
        key = name.lower()
        if "  " not in key and key[:1] != " " and key[-1:] != " ":
            return key
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def entity_names(e: Entity) -> Iterator[tuple[str, int]]:
    """Each name of an entity with its tier (lower beats higher), in the order the name
    index meets them: id, label, synonyms, each other language's label and synonyms,
    xrefs and close matches."""
    yield e.id, _ID
    yield e.label, _LABEL
    for s in e.synonyms:
        yield s, _SYNONYM
    for _, names in e.labels:
        yield names[0], _LABEL
        for n in names[1:]:
            yield n, _SYNONYM
    for x in e.xrefs:
        yield x, _XREF
    for x in e.close_matches:
        yield x, _XREF


class NameIndex:
    """Maps every name of every entity to the entities it may mean."""

    def __init__(
        self, entities: Iterable[Entity], aliases: Mapping[str, str] | None = None
    ) -> None:
        """Index ``entities``; ``aliases`` maps other ids (those of definitions merged
        into an entity) to the entity's id, and resolve like ids."""
        self._names: dict[str, dict[int, set[str]]] = {}
        self._display: dict[str, str] = {}
        #: ids as written: ids are case-sensitive, so "A" and "a" may be two entities
        self._ids: set[str] = set()
        self._aliases: dict[str, str] = {}
        for alias, target in (aliases or {}).items():
            self._aliases[alias] = target
            self._add(alias, _ID, target)
        for e in entities:
            self._ids.add(e.id)
            for name, tier in entity_names(e):
                self._add(name, tier, e.id)

    def _add(self, name: str, tier: int, entity_id: str) -> None:
        key = fold(name)
        tiers = self._names.get(key)
        if tiers is None:  # (most names: one entity's, once)
            self._names[key] = {tier: {entity_id}}
            self._display[key] = name
        elif tier in tiers:
            tiers[tier].add(entity_id)
        else:
            tiers[tier] = {entity_id}

    def find(self, name: str) -> str | None:
        """The id of the entity ``name`` means (as :meth:`lookup`), or None when no
        entity answers to it.

        Raises
        ------
        AmbiguousEntity
            When several entities answer equally well.
        """
        for exact in (name, unicodedata.normalize("NFC", name)):
            if exact in self._ids:  # an exact id beats names equal to it only when folded
                return exact
            if exact in self._aliases:
                return self._aliases[exact]
        tiers = self._names.get(fold(name))
        if not tiers:
            return None
        ids = tiers[min(tiers)]
        if len(ids) > 1:
            raise AmbiguousEntity(name, sorted(ids))
        return next(iter(ids))

    def find_in(self, name: str, scope: Set[str], written: Mapping[str, str]) -> str | None:
        """As :meth:`find`, among the entities of ``scope`` (ids) alone; ``written`` maps
        the ids a file gave entities to their ids, and resolves first.

        Raises
        ------
        AmbiguousEntity
            When several entities of ``scope`` answer equally well.
        """
        for exact in (name, unicodedata.normalize("NFC", name)):
            if exact in written:
                return written[exact]
            if exact in self._ids and exact in scope:
                return exact
        tiers = self._names.get(fold(name))
        if not tiers:
            return None
        for tier in sorted(tiers):
            ids = tiers[tier] & scope
            if len(ids) > 1:
                raise AmbiguousEntity(name, sorted(ids))
            if ids:
                return next(iter(ids))
        return None

    def lookup(self, name: str) -> str:
        """The id of the entity ``name`` means: the entity whose id is exactly ``name``,
        else the one whose id, label, synonym or xref matches it case-insensitively.

        Raises
        ------
        EntityNotFound
            When no entity answers to ``name``; carries the closest names.
        AmbiguousEntity
            When several entities answer equally well.
        """
        found = self.find(name)
        if found is None:
            raise EntityNotFound(name, self.closest(name))
        return found

    def closest(self, name: str, n: int = 5) -> list[str]:
        """Up to ``n`` known names closest to ``name``, best first."""
        key = fold(name)
        names = list(self._names)
        if len(names) > _MAX_FUZZY:  # keep suggestions fast on literature-scale graphs
            head = key[:3]
            names = [k for k in names if k.startswith(head) or key in k][:_MAX_FUZZY]
        found = difflib.get_close_matches(key, names, n=n, cutoff=0.6)
        found += [k for k in names if key and key in k and k not in found][: n - len(found)]
        return [self._display[k] for k in found[:n]]


def name_index(kg: KnowledgeGraph) -> NameIndex:
    """The graph's name index, built once per graph."""
    index = kg.__dict__.get("_name_index")
    if index is None:
        index = NameIndex(kg.entities.values())
        object.__setattr__(kg, "_name_index", index)
    return index


def resolve(kg: KnowledgeGraph, name: str) -> Entity:
    """The entity that ``name`` means in ``kg``.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str
        An entity id, label, synonym, other-language label or xref CURIE, in any case.

    Raises
    ------
    EntityNotFound
        With the closest known names.
    AmbiguousEntity
        When the name belongs to several entities equally.

    Examples
    --------
    >>> import mechkg
    >>> mechkg.resolve(mechkg.load(), "nål").id
    'lr3_acupuncture'
    """
    return kg.entities[name_index(kg).lookup(name)]


class NoEntityMatches(MechkgError):
    """An entity search that matches nothing; the message has the closest names."""


def _names(e: Entity) -> Iterable[str]:
    yield e.id
    yield e.label
    yield from e.synonyms
    for _, names in e.labels:
        yield from names
    yield from e.xrefs
    yield from e.close_matches


def find_entities(
    kg: KnowledgeGraph, *, search: str | None = None, type: str | None = None
) -> list[Entity]:
    """The entities of ``kg`` of ``type`` whose id, label, synonym, other-language label
    or CURIE contains ``search`` (in any case and spacing), in id order.

    Raises
    ------
    InvalidQuery
        For an unknown entity type.
    NoEntityMatches
        When none matches, with the closest names.

    Examples
    --------
    >>> import mechkg
    >>> [e.id for e in find_entities(mechkg.load(), search="nevrotrofisk")]
    ['bdnf']
    >>> find_entities(mechkg.load(), search="needel")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mechkg.resolve.NoEntityMatches: no entity ... matches 'needel'; closest names: 'needle'...
    """
    from .vocab import ENTITY_TYPES

    if type is not None and type not in ENTITY_TYPES:
        raise InvalidQuery(
            f"unknown entity type {type!r}; expected one of: " + ", ".join(ENTITY_TYPES)
        )
    key = None if search is None else fold(search)
    found = [
        e
        for eid, e in sorted(kg.entities.items())
        if (type is None or e.type == type) and (not key or any(key in fold(n) for n in _names(e)))
    ]
    if not found and (key or type):
        what = " ".join(x for x in (type, "entity") if x)
        text = f"no {what} of the graph's {len(kg.entities)} entities"
        if key:
            text += f" matches {search!r}"
            closest = name_index(kg).closest(search or "")
            if closest:
                text += "; closest names: " + ", ".join(repr(c) for c in closest)
        raise NoEntityMatches(text)
    return found
