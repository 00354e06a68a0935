"""Hints for words of the literature that are not mechkg's relations.

A curator writes the verb of the paper (`activates`, `blocks`, `required for`); the hint
names the relation it means, or the construct when the verb states a necessity rather
than an effect, instead of the closest spelling.
"""

from __future__ import annotations

__all__ = ["RELATION_HINTS", "relation_hint"]

#: Verbs biologists write for a relation, and what to write instead: a relation, or a
#: construct when the verb states a necessity (``required for``) rather than an effect.
RELATION_HINTS: dict[str, str] = {
    **dict.fromkeys(
        ("activates", "induces", "stimulates", "promotes", "enhances", "upregulates",
         "up-regulates", "elevates", "raises", "potentiates", "triggers", "causes",
         "leads_to", "increase"),
        "did you mean 'increases'?",
    ),
    **dict.fromkeys(
        ("inhibits", "blocks", "suppresses", "reduces", "attenuates", "prevents",
         "downregulates", "down-regulates", "lowers", "abolishes", "represses",
         "impairs", "antagonizes", "antagonises", "decrease"),
        "did you mean 'decreases'?",
    ),
    **dict.fromkeys(
        ("no_effect", "no_change", "does_not_change", "unchanged", "not_affected"),
        "did you mean 'causes_no_change'?",
    ),
    **dict.fromkeys(
        ("correlates", "correlated", "correlates_with", "correlated_with"),
        "did you mean 'positively_correlated' or 'negatively_correlated'?",
    ),
    **dict.fromkeys(
        ("required_for", "requires", "necessary_for", "needed_for", "depends_on",
         "mediates", "mediated_by", "dependent_on"),
        "a necessity is not a relation: state the effect it is needed for (e.g. `drug "
        "decreases immobility`) and add `requires: [mediator]` (chain: `drug -| "
        "immobility; requires mediator`)",
    ),
    **dict.fromkeys(
        ("independent_of", "not_required_for"),
        "state the effect (e.g. `drug decreases immobility`) and add `independent_of: "
        "[entity]` (chain: `drug -| immobility; independent of entity`)",
    ),
}  # fmt: skip


def relation_hint(value: str) -> str | None:
    """What to write instead of a verb of the literature that is not a relation, or None.

    >>> relation_hint("Activates")
    "did you mean 'increases'?"
    >>> relation_hint("up-regulates")
    "did you mean 'increases'?"
    """
    word = "_".join(value.casefold().replace("-", " ").split())
    return RELATION_HINTS.get(word) or RELATION_HINTS.get(word.replace("_", "-"))
