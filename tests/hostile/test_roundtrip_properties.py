"""Property tests: hostile claim sets survive YAML -> graph -> every RDF format -> graph.

Claim sets are drawn by :mod:`tests.hostile.claimsets` (arbitrary Unicode, markup and script
payloads, quotes, line breaks, RTL text, emoji, long strings, ids differing only in case or
punctuation, every relation and evidence level). Each is written as a YAML claims file and
as RDF in every format; reading any of them back gives the same claims, entities and
sources, and the networkx projection has one edge per claim.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import mechkg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mechkg.export import RDF_FORMATS, exporter
from mechkg.model import Claim, Entity, KnowledgeGraph, Source
from mechkg.nx import to_networkx
from mechkg.vocab import EVIDENCE_LEVELS, RELATIONS

from .claimsets import CI_STABLE, claim_documents, knowledge_graphs, pyyaml_text, quoted_yaml

FORMATS = sorted(RDF_FORMATS)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=CI_STABLE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _same(back: KnowledgeGraph, kg: KnowledgeGraph, where: str) -> None:
    assert back.claims == kg.claims, where
    assert back.entities == kg.entities, where
    assert back.sources == kg.sources, where
    if kg.claims:  # the RDF reader recovers the base IRI from a claim node's IRI
        assert back.base == kg.base, where


def _through_every_format(kg: KnowledgeGraph, folder: Path) -> None:
    """Write ``kg`` in every RDF format, check each is deterministic, read each back."""
    for name in FORMATS:
        to_text, write = exporter(name)
        path = folder / f"graph{RDF_FORMATS[name].extension}"
        write(kg, path)
        text = path.read_text(encoding="utf-8")
        assert text == to_text(kg), f"{name}: file differs from to_{name}()"
        assert to_text(kg) == text, f"{name}: not deterministic"
        _same(mechkg.load([path]), kg, f"read back from {name}:\n{text[:3000]}")


def _projection_has_one_edge_per_claim(kg: KnowledgeGraph) -> None:
    g = to_networkx(kg)
    assert g.number_of_edges() == len(kg.claims)
    assert sorted(k for _, _, k in g.edges(keys=True)) == sorted(kg.claims)
    assert set(g.nodes) == set(kg.entities)
    for cid, claim in kg.claims.items():
        assert g.has_edge(claim.subject, claim.object, key=cid)


@SETTINGS
@given(doc=claim_documents(), style=st.sampled_from(["quoted", "pyyaml"]))
def test_yaml_claims_survive_every_rdf_format(doc, style):
    text = quoted_yaml(doc) if style == "quoted" else pyyaml_text(doc)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        problems = mechkg.validate([path])
        assert problems == [], "\n".join(map(str, problems)) + "\n" + text[:3000]
        kg = mechkg.load([path])
        # The text arrived exactly as generated, whatever it holds.
        for eid, body in doc["entities"].items():
            assert kg.entities[eid].label == body["label"]
            for lang, listed in body.get("labels", {}).items():
                assert kg.entities[eid].labels and listed[0] in dict(kg.entities[eid].labels)[lang]
        for sid, body in doc["sources"].items():
            assert kg.sources[sid].title == body.get("title")
        for claim in doc["claims"]:
            if "chain" in claim:  # steps are "a -> b -| c": ids <id>.1, <id>.2 ...
                steps = len(claim["chain"].split(" ")) // 2
                made = [kg.claims[f"{claim['id']}.{n}"] for n in range(1, steps + 1)]
            else:
                made = [kg.claims[claim["id"]]]
            for c in made:
                assert c.quote == claim.get("quote")
                assert c.note == claim.get("note")
                if c.quote is not None and "quote_lang" in claim:
                    assert c.quote_lang == claim["quote_lang"].lower()
        _through_every_format(kg, folder)
        _projection_has_one_edge_per_claim(kg)


@SETTINGS
@given(kg=knowledge_graphs())
def test_graphs_built_directly_survive_every_rdf_format(kg):
    with tempfile.TemporaryDirectory() as tmp:
        _through_every_format(kg, Path(tmp))
    _projection_has_one_edge_per_claim(kg)


def test_every_relation_at_every_evidence_level(tmp_path):
    """One claim per (relation, level) pair, negated and not, through every format."""
    entities = {
        eid: Entity(eid, f"entity {eid}", "Protein") for eid in ("a", "A", "a.b", "a-b", "a_b")
    }
    sources = {"s": Source("s", "article", title="t")}
    claims = {}
    pairs = itertools.permutations(entities, 2)
    for n, (rel, level) in enumerate(itertools.product(RELATIONS, EVIDENCE_LEVELS)):
        subject, obj = next(pairs, None) or ("a", "A")
        cid = f"c{n}.{rel}.{level}"
        claims[cid] = Claim(cid, subject, rel, obj, level, "s", negated=n % 3 == 0)
    kg = KnowledgeGraph(entities=entities, sources=sources, claims=claims)
    assert len(kg.claims) == len(RELATIONS) * len(EVIDENCE_LEVELS)
    _through_every_format(kg, tmp_path)
    _projection_has_one_edge_per_claim(kg)


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_differing_only_in_case_or_punctuation_stay_apart(tmp_path, fmt):
    ids = ["a", "A", "a.b", "a-b", "a_b", "A.B", "a..b", "a.", "a-", "0", "00", "1.2"]
    lines = ["mechkg: 1", "sources:", "  s: {kind: article}", "entities:"]
    lines += [f'  "{i}": {{label: "label of {i}", type: Gene}}' for i in ids]
    lines.append("claims:")
    for n, (x, y) in enumerate(itertools.pairwise(ids)):
        lines.append(
            f'  - {{id: "{x}", subject: "{x}", relation: increases, object: "{y}", '
            f"evidence: experiment, source: s, quote: q{n}}}"
        )
    path = tmp_path / "ids.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kg = mechkg.load([path])
    assert sorted(kg.entities) == sorted(ids)
    assert [kg.claims[x].object for x in ids[:-1]] == ids[1:]
    out = tmp_path / f"ids{RDF_FORMATS[fmt].extension}"
    exporter(fmt)[1](kg, out)
    _same(mechkg.load([out]), kg, fmt)
