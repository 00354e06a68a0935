"""Mermaid export: the graph (or a subgraph: ``mechkg export mermaid --focus``) as a
``flowchart LR`` that renders in GitHub, GitLab, Notion and the Mermaid live editor.

One node per entity (``n0``, ``n1`` ... in id order, so ids never need escaping), one
edge per ``subject relation object`` with the strongest claim's evidence and the number
of claims. Increases are ``-->``, decreases ``--x``, correlations dotted ``-.->``, other
relations ``---``; a triple that a source denies is drawn dotted and labelled ``not``.
Labels are quoted and every character that Mermaid could read as syntax is written as an
entity code (``#quot;``, ``#35;`` ...), so any label renders as its text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..io import write_output
from ..model import Claim, KnowledgeGraph
from ..vocab import RELATIONS

__all__ = ["to_mermaid", "write_mermaid", "mermaid_text"]

#: Characters written as themselves; everything else becomes ``#<code>;``.
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-_:/()+'?!")
#: Entity types -> Mermaid class (fill colour), by broad group.
_CLASSES = {
    "molecule": ("#e8f1fb", ("Gene", "Protein", "MacromolecularComplex", "SmallMolecule",
                             "ChemicalEntity")),
    "process": ("#eaf7ea", ("BiologicalProcess", "Cell", "CellularComponent",
                            "AnatomicalEntity", "OrganismTaxon")),
    "phenotype": ("#fdf0e6", ("Behavior", "BehavioralFeature", "PhenotypicFeature",
                              "Disease")),
    "intervention": ("#f3ecfa", ("Procedure", "Treatment")),
}  # fmt: skip
_CLASS_OF = {t: name for name, (_, types) in _CLASSES.items() for t in types}


def mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: whitespace runs (newlines too)
    become one space, and every character outside letters, digits and plain
    punctuation (and letters and digits of any script) is an entity code.

    Examples
    --------
    >>> mermaid_text('a "b" <c>\\n#d;')
    'a #34;b#34; #60;c#62; #35;d#59;'
    """
    return "".join(
        ch if ch in _SAFE or (ch > "\x7f" and ch.isalnum()) else f"#{ord(ch)};"
        for ch in " ".join(text.split())
    )


def _arrow(claim: Claim) -> str:
    rel = RELATIONS[claim.relation]
    if claim.negated:
        return "-.-"
    if rel.kind == "correlative":
        return "-.->"
    if rel.sign == 1:
        return "-->"
    if rel.sign == -1:
        return "--x"
    return "---" if rel.kind == "structural" else "-->"


def _lines(kg: KnowledgeGraph) -> Iterator[str]:
    yield "flowchart LR\n"
    ids = {eid: f"n{i}" for i, eid in enumerate(kg.entities)}
    for eid, e in kg.entities.items():
        yield f'  {ids[eid]}["{mermaid_text(e.label)}"]\n'
    groups: dict[tuple[str, str, str, bool], list[Claim]] = {}
    for c in kg.claims.values():
        if c.subject in ids and c.object in ids:
            groups.setdefault((c.subject, c.relation, c.object, c.negated), []).append(c)
    for (s, relation, o, negated), claims in sorted(groups.items()):
        best = max(claims, key=lambda c: (c.rank, c.id))
        label = ("not " if negated else "") + RELATIONS[relation].label
        label += f" · {best.evidence}"
        if len(claims) > 1:
            label += f" ×{len(claims)}"
        yield f'  {ids[s]} {_arrow(best)}|"{mermaid_text(label)}"| {ids[o]}\n'
    for name, (fill, _) in _CLASSES.items():
        members = [ids[eid] for eid, e in kg.entities.items() if _CLASS_OF.get(e.type) == name]
        if members:
            yield f"  classDef {name} fill:{fill},stroke:#555\n"
            yield f"  class {','.join(members)} {name}\n"


def to_mermaid(kg: KnowledgeGraph) -> str:
    """The graph as a Mermaid flowchart (deterministic).

    Examples
    --------
    >>> from mechkg.model import Claim, Entity, KnowledgeGraph, Source
    >>> kg = KnowledgeGraph(
    ...     entities={"a": Entity("a", "A <1>", "Gene"), "b": Entity("b", "B", "Behavior")},
    ...     sources={"s": Source("s", "article")},
    ...     claims={"c": Claim("c", "a", "decreases", "b", "experiment", "s")},
    ... )
    >>> print(to_mermaid(kg).splitlines()[3])
      n0 --x|"decreases #183; experiment"| n1
    """
    return "".join(_lines(kg))


def write_mermaid(kg: KnowledgeGraph, path_or_file: Any) -> None:
    """Write the graph as Mermaid to a path (atomically) or an open text file."""
    write_output(path_or_file, to_mermaid(kg))
