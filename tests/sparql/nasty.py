"""A graph whose ids, labels, quotes and notes hold every character that breaks naive
serialisers: quotes, brackets, braces, pipes, tabs, newlines, ``#``, ``%``, ``>``,
non-Latin scripts and emoji. Shared by the export and strictness tests."""

from __future__ import annotations

import itertools

from mechkg.model import Claim, Entity, KnowledgeGraph, Source

NASTY_IDS = [
    "plain",
    "with space",
    'quote"d',
    "angle<b>",
    "brace{x}|pipe",
    "hash#frag?q=1&r",
    "slash/and\\back",
    "per%cent%zz",
    "tab\there",
    "ünïcødé-αβγ",
    "emoji🧠",
    "dot.",
    ":colon",
]
NASTY_TEXT = 'He said "no" <b>&amp;</b> {x} | y\t#z; \\n\nnew line\r\nend --> [a] (b) `c` 🧠 æøå'


def nasty_graph() -> KnowledgeGraph:
    entities = {
        eid: Entity(
            eid,
            f"{eid} {NASTY_TEXT}" if i % 2 else eid,
            "Gene" if i % 3 else "BiologicalProcess",
            synonyms=tuple(sorted((f"syn|{i}", NASTY_TEXT))) if i == 1 else (),
            labels=(("nb", (f"norsk {eid} «ø»", "annen")),) if i == 2 else (),
            xrefs=("HGNC:1033",) if i == 3 else (),
            description=NASTY_TEXT if i == 4 else None,
        )
        for i, eid in enumerate(NASTY_IDS)
    }
    sources = {
        "paper<1>": Source("paper<1>", "article", title=NASTY_TEXT, doi="10.1000/a(b)c<d>",
                           date="2024-02"),
        'news "x"': Source('news "x"', "news", title="t", url="https://example.org/a?b=c&d",
                           reports=("paper<1>",), language="nb"),
    }  # fmt: skip
    claims = {}
    for i, (a, b) in enumerate(itertools.pairwise(NASTY_IDS)):
        cid = f"claim {NASTY_IDS[i]}"
        claims[cid] = Claim(
            cid, a, ("increases", "decreases", "regulates", "positively_correlated")[i % 4], b,
            ("experiment", "hypothesis", "inferred")[i % 3],
            "paper<1>" if i % 2 else 'news "x"',
            quote=NASTY_TEXT, quote_lang="en" if i % 2 else None,
            attributed_to="paper<1>" if not i % 2 else None,
            species="NCBITaxon:10090" if i % 2 else None,
            anatomy=("UBERON:0001954", NASTY_IDS[0]) if i == 2 else (),
            model=NASTY_IDS[1] if i == 3 else None,
            method=tuple(sorted((NASTY_TEXT, "western blot"))) if i == 4 else (),
            negated=i == 5, note=NASTY_TEXT if i == 6 else None,
        )  # fmt: skip
    return KnowledgeGraph(entities, sources, claims, base="https://example.org/nasty/")
