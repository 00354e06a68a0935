"""Name resolution while files are assembled: a claim's entity names are looked up in
its own file's scope (the entities it defines, extends or imports) first, then in all
the files loaded together; sources by id; contexts as an entity or a CURIE."""

from __future__ import annotations

from dataclasses import dataclass

from ..curie import known_prefix
from ..errors import AmbiguousEntity, EntityNotFound
from ..model import Entity, Source
from ..resolve import NameIndex
from .fields import FieldProblem, brief, check_curie_field, closest
from .identity import Merged
from .spec import FileData, Located, Reporter

__all__ = ["Resolver", "Scope", "scopes"]


@dataclass(frozen=True, slots=True)
class Scope:
    """The entities a file defines, extends or imports (ids), and the ids it wrote for
    them (written id -> id)."""

    ids: frozenset[str]
    written: dict[str, str]


class Resolver:
    """Resolves the names claims give: entities by any name, sources by id, contexts as an
    entity or a CURIE. A claim's entity name is looked up first among the entities its
    own file defines, extends or imports, then among all."""

    def __init__(
        self,
        entities: dict[str, Entity],
        sources: dict[str, Source],
        aliases: dict[str, str],
        scopes: dict[str, Scope] | None = None,
    ) -> None:
        self.entities = entities
        self.index = NameIndex(entities.values(), aliases)
        self.sources = sources
        self.scopes = scopes or {}
        self.local: Scope | None = None
        self.path = ""
        self.origins: dict[str, tuple[str, ...]] = {}
        #: whether to warn about names found in another file beside similar own ones (a
        #: check of ``validate``); the similar names found, by file and name; and the
        #: index of each file's own names, made when first needed
        self.similar = False
        self._near: dict[tuple[str, str], tuple[str, ...]] = {}
        self._own: dict[str, NameIndex] = {}
        self.by_kind = {"entity": self.entity, "context": self.context, "source": self.source}

    def within(self, path: str) -> Resolver:
        """Resolve the names of file ``path`` from now on."""
        self.local = self.scopes.get(path)
        self.path = path
        return self

    def _similar(self, local: Scope, name: str) -> tuple[str, ...]:
        """Up to three names of the file's own entities close to ``name``."""
        key = (self.path, name)
        near = self._near.get(key)
        if near is None:
            own = self._own.get(self.path)
            if own is None:
                entities = (self.entities[i] for i in sorted(local.ids))
                own = self._own[self.path] = NameIndex(entities, local.written)
            near = self._near[key] = tuple(own.closest(name, 3))
        return near

    def _lookup(self, rep: Reporter, loc: Located, cid: str | None) -> str:
        local = self.local
        if local is None:
            return self.index.lookup(loc.value)
        found = self.index.find_in(loc.value, local.ids, local.written)
        if found is not None:
            return found
        found = self.index.lookup(loc.value)
        near = self._similar(local, loc.value) if self.similar else ()
        if near:
            where = ", ".join(self.origins.get(found, ())) or "another file"
            rep.warn(
                loc.line,
                f"{brief(loc.value)} names entity {found!r} of {where}, not one this "
                "file defines; this file defines the similar " + ", ".join(repr(n) for n in near),
                "name this file's entity by its id if it is the one meant; or import "
                "or extend the other file's entity to make the choice explicit",
                claim=cid,
                what="claim",
            )
        return found

    def entity(
        self, rep: Reporter, loc: Located, cid: str | None, what: str, owner: str = "claim"
    ) -> str | None:
        """The id of the entity ``loc`` names (in field ``what`` of claim, or ``owner``,
        ``cid``); None, reported, when it names none or several."""
        try:
            return self._lookup(rep, loc, cid)
        except EntityNotFound as exc:
            if exc.suggestions:
                hint = "did you mean " + ", ".join(brief(s) for s in exc.suggestions) + "?"
            elif owner == "entity":
                hint = "extend names an entity of another file: load that file too, or import it"
            else:
                hint = (
                    "declare it under `entities:` (in a table: fill its *_label and *_type "
                    "cells); `mechkg entities FILES --search TEXT` lists the entities it may be"
                )
            rep.add(
                loc.line, f"unknown entity {brief(loc.value)} in {what}", hint, claim=cid,
                column=loc.column, what=owner,
            )  # fmt: skip
        except AmbiguousEntity as exc:
            rep.add(
                loc.line,
                f"{what} {brief(loc.value)} names several entities: " + ", ".join(exc.candidates),
                "use the entity's id",
                claim=cid,
                column=loc.column,
                what=owner,
            )
        return None

    def context(self, rep: Reporter, loc: Located, cid: str | None, what: str) -> str | None:
        """An entity id, or a CURIE with a known prefix."""
        prefix, sep, _ = loc.value.partition(":")
        if sep and known_prefix(prefix) is not None:
            try:
                return check_curie_field(loc.value, what)
            except FieldProblem as exc:
                rep.add(loc.line, exc.message, exc.hint, claim=cid, column=loc.column)
                return None
        return self.entity(rep, loc, cid, what)

    def source(self, rep: Reporter, loc: Located, cid: str | None, what: str) -> str | None:
        """A source by its id."""
        sources = self.sources
        if loc.value in sources:
            return str(loc.value)
        near = closest(str(loc.value), list(sources), 1)
        hint = (f"did you mean {near[0]!r}? " if near else "") + (
            "declare it under `sources:`" if not sources else "known sources: " + ", ".join(sources)
        )
        rep.add(
            loc.line, f"unknown source {brief(loc.value)} in {what}", hint, claim=cid,
            column=loc.column,
        )  # fmt: skip
        return None


def scopes(
    files: list[FileData], merged: Merged, extended: dict[str, list[str]], kg: dict[str, Entity]
) -> dict[str, Scope]:
    """For each file, the entities it defines, extends or imports (none when one file is
    loaded alone, or the file defines no entity or all: its scope is everything)."""
    if len(files) < 2:
        return {}
    own: dict[str, list[tuple[str, str]]] = {}
    for (path, name), eid in merged.aliases.items():
        own.setdefault(path, []).append((name, eid))
    out = {}
    for f in files:
        entries = [pair for p in (f.path, *f.scope) for pair in own.get(p, ())]
        ids = {eid for _, eid in entries} | set(extended.get(f.path, ()))
        for p in f.scope:
            ids.update(extended.get(p, ()))
        ids &= kg.keys()
        written = {w: eid for w, eid in entries if w != eid and eid in kg}
        if not ids or (not written and len(ids) == len(kg)):
            continue
        out[f.path] = Scope(frozenset(ids), written)
    return out
