"""Columns of the tabular views (KGX, GraphML), from the schema rows and a layout.

A view's layout lists its columns in output order: the name of a schema field (the
column is the field's slot in that view: ``Field.kgx``, ``Field.graphml``) or a computed
:class:`Column`. Every field with a slot that the layout does not place comes after, in
schema order, so a new field reaches each view without a change to its module.

Examples
--------
>>> cols = columns("source", "graphml", ("title", Column("n", lambda s, ctx: 1, "int")),
...                lambda row: lambda s, ctx: getattr(s, row.name))
>>> [(c.name, c.type) for c in cols][:4]
[('title', 'string'), ('n', 'int'), ('kind', 'string'), ('venue', 'string')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..schema import FIELDS, Field

__all__ = ["Column", "Value", "columns"]

#: (record, the view's context) -> the cell's value
Value = Callable[[Any, Any], Any]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a view: its name, how its value is computed, its (GraphML) type."""

    name: str
    value: Value
    type: str = "string"


def columns(
    owner: str,
    view: str,
    layout: tuple[str | Column, ...],
    value: Callable[[Field], Value],
    kinds: Callable[[Field], str] = lambda row: "string",
) -> tuple[Column, ...]:
    """The columns of ``owner``'s records in ``view`` (``kgx`` or ``graphml``): the
    layout's, then the other fields that have a slot in the view.

    ``value(row)`` is how a field's cell is computed, ``kinds(row)`` its type.

    Raises
    ------
    ValueError
        When the layout names a field the schema does not give a slot in the view.
    """
    placed = {entry for entry in layout if isinstance(entry, str)}
    rows = FIELDS[owner]
    out = []
    for entry in (*layout, *(name for name in rows if name not in placed)):
        if isinstance(entry, Column):
            out.append(entry)
            continue
        row = rows.get(entry)
        slot = getattr(row, view) if row is not None else None
        if row is None or slot is None:
            if entry in placed:
                raise ValueError(f"the {view} layout places {owner}.{entry}, which has no slot")
            continue
        out.append(Column(slot, value(row), kinds(row)))
    return tuple(out)
