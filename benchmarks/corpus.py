"""A synthetic literature-scale claim corpus, deterministic by seed.

Entity degrees follow a power law (a few hub entities such as "inflammation" or "BDNF"
take part in many claims, most in few), separately for the subject and the object role;
relations, evidence levels, species and negation follow fixed mixes resembling curated
mechanistic literature.

    from benchmarks.corpus import generate, write_claims
    kg = generate(100_000, seed=0)          # a KnowledgeGraph
    write_claims(kg, "corpus.tsv")          # a claims table mechkg loads (or .yaml)

Command line: ``python -m benchmarks.corpus 10k -o corpus.tsv [--seed 0]``.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
from pathlib import Path

from mechkg.io import atomic_open
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.vocab import ENTITY_TYPES

__all__ = [
    "generate", "write_claims", "parse_size", "RELATION_MIX", "EVIDENCE_MIX", "TABLE_COLUMNS",
    "SHAPES",
]  # fmt: skip

#: Relative frequency of each relation.
RELATION_MIX = {
    "increases": 36, "decreases": 26, "directly_increases": 4, "directly_decreases": 3,
    "regulates": 6, "positively_correlated": 8, "negatively_correlated": 5, "associated": 4,
    "causes_no_change": 4, "part_of": 2, "located_in": 2,
}  # fmt: skip
#: Relative frequency of each evidence level.
EVIDENCE_MIX = {
    "hypothesis": 10, "background": 12, "inferred": 18, "correlation": 20, "experiment": 28,
    "clinical_observation": 6, "clinical_trial": 4, "systematic_review": 2,
}  # fmt: skip
SPECIES_MIX = {"NCBITaxon:10090": 45, "NCBITaxon:9606": 35, "NCBITaxon:10116": 12, None: 8}
NEGATED_SHARE = 0.02
#: Power-law exponent of entity popularity (weight of the i-th entity ~ 1 / i**EXPONENT).
EXPONENT = 0.9
#: The exponent of the heavier-hub shape (``--hubs heavy``): the few most studied entities
#: (an "inflammation", a "BDNF") take part in a far larger share of the claims.
HEAVY_EXPONENT = 1.1
#: Corpus shapes by name: the power-law exponent of each.
SHAPES = {"default": EXPONENT, "heavy": HEAVY_EXPONENT}


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if scale > 1 else text
    value = int(float(number) * scale)
    if value < 1:
        raise ValueError(f"size must be positive: {text!r}")
    return value


def _sampler(rng: random.Random, n: int) -> list[int]:
    """Entity indices in a random order, to be drawn with power-law weights."""
    order = list(range(n))
    rng.shuffle(order)
    return order


def _cumulative(n: int, exponent: float = EXPONENT) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1) ** exponent for i in range(n)))


def _choice_table(mix: dict) -> tuple[list, list[float]]:
    values = list(mix)
    return values, list(itertools.accumulate(float(mix[v]) for v in values))


def generate(
    n_claims: int, seed: int = 0, *, n_entities: int | None = None, exponent: float = EXPONENT
) -> KnowledgeGraph:
    """A synthetic corpus of ``n_claims`` claims (deterministic for a given seed).

    Parameters
    ----------
    n_claims : int
    seed : int, default 0
    n_entities : int, optional
        Default: one entity per ten claims (at least 50).
    exponent : float, default EXPONENT
        Power-law exponent of entity popularity (see :data:`SHAPES`).

    Returns
    -------
    KnowledgeGraph
    """
    rng = random.Random(seed)
    n = n_entities or max(50, n_claims // 10)
    types = sorted(ENTITY_TYPES)
    entities = {}
    for i in range(n):
        eid = f"e{i:07d}"
        synonyms = (f"syn{i}",) if i % 7 == 0 else ()
        entities[eid] = Entity(eid, f"entity {i}", types[i % len(types)], synonyms=synonyms)
    n_sources = max(1, n_claims // 20)
    sources = {
        f"s{i:06d}": Source(f"s{i:06d}", "article", title=f"Synthetic study {i}",
                            doi=f"10.5555/synth.{i}", date=str(1990 + i % 35))
        for i in range(n_sources)
    }  # fmt: skip
    ids = list(entities)
    cum = _cumulative(n, exponent)
    total = cum[-1]
    out_order, in_order = _sampler(rng, n), _sampler(rng, n)
    rels, rel_cum = _choice_table(RELATION_MIX)
    levels, lev_cum = _choice_table(EVIDENCE_MIX)
    species, sp_cum = _choice_table(SPECIES_MIX)
    source_ids = list(sources)
    rand = rng.random

    def draw(values: list, cumulative: list[float]) -> object:
        return values[bisect.bisect(cumulative, rand() * cumulative[-1])]

    claims = {}
    for j in range(n_claims):
        while True:
            s = out_order[min(bisect.bisect(cum, rand() * total), n - 1)]
            o = in_order[min(bisect.bisect(cum, rand() * total), n - 1)]
            if s != o:
                break
        cid = f"c{j:08d}"
        claims[cid] = Claim(
            cid, ids[s], str(draw(rels, rel_cum)), ids[o], str(draw(levels, lev_cum)),
            source_ids[int(rand() * n_sources)], quote=f"synthetic finding {j}",
            quote_lang="en", species=draw(species, sp_cum),  # type: ignore[arg-type]
            negated=rand() < NEGATED_SHARE,
        )  # fmt: skip
    return KnowledgeGraph(entities, sources, claims)


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def write_claims(kg: KnowledgeGraph, path: str | Path) -> None:
    """Write a graph as a claims file: a claims table when ``path`` ends in ``.tsv`` (one
    claim per row, the bulk format), else YAML (docs/claims-format.md)."""
    if str(path).lower().endswith(".tsv"):
        _write_table(kg, path)
        return
    with atomic_open(path) as out:
        out.write("mechkg: 1\nsources:\n")
        for s in kg.sources.values():
            out.write(f"  {s.id}: {{kind: {s.kind}, title: {_q(s.title or s.id)}, "
                      f"doi: {s.doi}, date: {_q(s.date or '2000')}}}\n")  # fmt: skip
        out.write("entities:\n")
        for e in kg.entities.values():
            syn = f", synonyms: [{', '.join(_q(x) for x in e.synonyms)}]" if e.synonyms else ""
            out.write(f"  {e.id}: {{label: {_q(e.label)}, type: {e.type}{syn}}}\n")
        out.write("claims:\n")
        for c in kg.claims.values():
            extra = f", species: {_q(c.species)}" if c.species else ""
            extra += ", negated: true" if c.negated else ""
            out.write(
                f"  - {{id: {c.id}, subject: {c.subject}, relation: {c.relation}, "
                f"object: {c.object}, evidence: {c.evidence}, source: {c.source}, "
                f"quote: {_q(c.quote or '')}, quote_lang: en{extra}}}\n"
            )


TABLE_COLUMNS = (
    "id", "subject", "relation", "object", "evidence", "source", "quote", "quote_lang",
    "species", "negated", "subject_label", "subject_type", "subject_synonyms",
    "object_label", "object_type", "object_synonyms", "source_kind", "source_title",
    "source_doi", "source_date",
)  # fmt: skip


def _write_table(kg: KnowledgeGraph, path: str | Path) -> None:
    ents, srcs = kg.entities, kg.sources
    with atomic_open(path) as out:
        out.write("\t".join(TABLE_COLUMNS) + "\n")
        for c in kg.claims.values():
            s, o, src = ents[c.subject], ents[c.object], srcs[c.source]
            row = (
                c.id, c.subject, c.relation, c.object, c.evidence, c.source, c.quote or "",
                c.quote_lang or "", c.species or "", "true" if c.negated else "",
                s.label, s.type, "|".join(s.synonyms), o.label, o.type, "|".join(o.synonyms),
                src.kind, src.title or "", src.doi or "", src.date or "",
            )  # fmt: skip
            out.write("\t".join(row) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic claims corpus.")
    parser.add_argument("size", help="number of claims: 10k, 100k, 1M ...")
    parser.add_argument("-o", "--output", required=True, help="claims file (.tsv or .yaml)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hubs", choices=sorted(SHAPES), default="default",
                        help="corpus shape: heavy gives a few far busier hub entities")  # fmt: skip
    args = parser.parse_args(argv)
    kg = generate(parse_size(args.size), args.seed, exponent=SHAPES[args.hubs])
    write_claims(kg, args.output)


if __name__ == "__main__":
    main()
