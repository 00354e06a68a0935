"""The bundled LR3 study graph (graph/data/lr3.yaml) against its seed article, the study
summary and the reference list of ontology terms.

The article and the reference files live outside the repository: their paths come from
``MECHKG_SEED_ARTICLE`` and ``MECHKG_REFERENCE_DIR`` (relative paths are taken from the
working directory, then from the repository root). A missing file fails the tests when
``CI`` is set and skips them otherwise.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import mechkg
import pytest
from mechkg.model import Claim, KnowledgeGraph
from mechkg.vocab import EVIDENCE_LEVELS, RELATIONS

REPO = Path(__file__).resolve().parents[1]
ARTICLE_DEFAULT = REPO.parent / "shared" / "seeds" / "000_e4b9326178d811ef.txt"
REFERENCE_DEFAULT = REPO.parent / "shared" / "reference"

NEWS, PAPER = "ilive2025", "thno2025"
MOUSE, HUMAN = "NCBITaxon:10090", "NCBITaxon:9606"
NEEDLE, BEHAVIOUR = "lr3_acupuncture", "depressive_behaviour"
MECHANISM_SECTION = ("Hvordan kan dette fungere?", "Hva dette IKKE beviser")
MAX_QUOTE = 200
RANK = {name: level.rank for name, level in EVIDENCE_LEVELS.items()}


def _external(env: str, default: Path, what: str) -> Path:
    """The file or folder named by ``env`` (or ``default``); fail under CI, else skip."""
    value = os.environ.get(env)
    if value:
        given = Path(value)
        candidates = [given] if given.is_absolute() else [Path.cwd() / given, REPO / given]
    else:
        candidates = [default]
    for path in candidates:
        if path.exists():
            return path
    message = f"{what} not found (tried {', '.join(map(str, candidates))}); set {env}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return mechkg.load()


@pytest.fixture(scope="module")
def article() -> str:
    path = _external("MECHKG_SEED_ARTICLE", ARTICLE_DEFAULT, "the seed article")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def terms() -> dict[str, dict[str, str]]:
    folder = _external("MECHKG_REFERENCE_DIR", REFERENCE_DEFAULT, "the reference folder")
    with (folder / "ontology_terms.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["curie"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _claims(kg: KnowledgeGraph, subject: str, obj: str, source: str | None = None) -> list[Claim]:
    return [
        c
        for c in kg.claims_from(subject)
        if c.object == obj and (source is None or c.source == source)
    ]


def _step_map(claims: list[Claim]) -> dict[tuple[str, str], list[Claim]]:
    """Causal, non-negated claims grouped by (subject, object)."""
    steps: dict[tuple[str, str], list[Claim]] = {}
    for c in claims:
        if RELATIONS[c.relation].causal and not c.negated:
            steps.setdefault((c.subject, c.object), []).append(c)
    return steps


def _paths(
    steps: dict[tuple[str, str], list[Claim]], start: str, end: str, cutoff: int = 7
) -> Iterator[list[str]]:
    """Every simple path from ``start`` to ``end`` of at most ``cutoff`` steps."""
    succ: dict[str, list[str]] = {}
    for u, v in sorted(steps):
        succ.setdefault(u, []).append(v)

    def walk(path: list[str]) -> Iterator[list[str]]:
        if path[-1] == end:
            yield path
            return
        if len(path) > cutoff:
            return
        for nxt in succ.get(path[-1], ()):
            if nxt not in path:
                yield from walk([*path, nxt])

    yield from walk([start])


def _best(claims: list[Claim]) -> Claim:
    """The strongest claim of a step (a known sign before an unknown one on ties)."""
    return max(claims, key=lambda c: (c.rank, c.sign is not None, c.id))


def _grade_and_sign(
    steps: dict[tuple[str, str], list[Claim]], path: list[str]
) -> tuple[int, int | None]:
    best = [_best(steps[(u, v)]) for u, v in pairwise(path)]
    sign: int | None = 1
    for c in best:
        sign = None if sign is None or c.sign is None else sign * c.sign
    return min(c.rank for c in best), sign


# --- the file itself --------------------------------------------------------------------


def test_bundled_graph_is_the_lr3_file_and_valid() -> None:
    assert mechkg.bundled_path() == REPO / "graph" / "data" / "lr3.yaml"
    problems = mechkg.validate([mechkg.bundled_path()])
    assert problems == [], "\n".join(map(str, problems))


def test_graph_size_and_both_sources_used(kg: KnowledgeGraph) -> None:
    by_source = {s: sum(c.source == s for c in kg.claims.values()) for s in kg.sources}
    assert set(by_source) == {NEWS, PAPER}
    assert by_source[NEWS] >= 50, by_source
    assert by_source[PAPER] >= 15, by_source


# --- quotes -----------------------------------------------------------------------------


def test_every_quote_is_verbatim_from_the_article(kg: KnowledgeGraph, article: str) -> None:
    quoted = [c for c in kg.claims.values() if c.quote is not None]
    assert len(quoted) >= 50
    missing = [f"{c.id}: {c.quote!r}" for c in quoted if c.quote not in article]
    assert not missing, "quotes not found verbatim in the article:\n" + "\n".join(missing)


def test_quotes_are_short_norwegian_and_from_the_news_source(kg: KnowledgeGraph) -> None:
    for c in kg.claims.values():
        if c.quote is None:
            continue
        assert c.quote_lang == "nb", c.id
        assert c.source == NEWS, f"{c.id}: only the article's text is available to quote"
        assert len(c.quote) <= MAX_QUOTE, f"{c.id}: quote of {len(c.quote)} characters"


def test_paper_claims_carry_no_quote(kg: KnowledgeGraph) -> None:
    paper = [c for c in kg.claims.values() if c.source == PAPER]
    assert paper
    assert [c.id for c in paper if c.quote is not None] == []


def test_every_news_claim_has_a_quote(kg: KnowledgeGraph) -> None:
    assert [c.id for c in kg.claims.values() if c.source == NEWS and not c.quote] == []


# --- qualifiers -------------------------------------------------------------------------


def test_every_claim_has_evidence_source_and_species(kg: KnowledgeGraph) -> None:
    for c in kg.claims.values():
        assert c.evidence in EVIDENCE_LEVELS, c.id
        assert c.source in kg.sources, c.id
        assert c.species in (MOUSE, HUMAN), c.id


def test_human_claims_are_never_measured(kg: KnowledgeGraph) -> None:
    human = [c for c in kg.claims.values() if c.species == HUMAN]
    assert human
    for c in human:
        assert c.evidence in ("hypothesis", "background"), f"{c.id}: no human data exist"


def test_mouse_experiments_name_the_stress_model(kg: KnowledgeGraph) -> None:
    assert kg.entities["csds"].label == "chronic social defeat stress"
    for c in kg.claims.values():
        if c.evidence == "experiment":
            assert c.species == MOUSE, c.id
            assert c.model == "csds", c.id


def test_news_reports_of_results_are_attributed_to_the_paper(kg: KnowledgeGraph) -> None:
    reported = [c for c in kg.claims.values() if c.source == NEWS and c.evidence == "experiment"]
    assert len(reported) >= 10
    assert [c.id for c in reported if c.attributed_to != PAPER] == []


# --- sources ----------------------------------------------------------------------------


def test_news_source(kg: KnowledgeGraph, article: str) -> None:
    news = kg.sources[NEWS]
    assert news.kind == "news"
    assert news.language == "nb"
    assert news.date == "2025-08-10"
    assert news.reports == (PAPER,)
    assert news.title is not None and news.title in article.splitlines()


def test_paper_source_matches_the_reference_ids(
    kg: KnowledgeGraph, terms: dict[str, dict[str, str]]
) -> None:
    paper = kg.sources[PAPER]
    assert paper.kind == "article"
    assert paper.venue == "Theranostics"
    assert paper.date == "2025"
    for curie in (f"doi:{paper.doi}", f"PMID:{paper.pmid}", f"PMC:{paper.pmcid}"):
        assert curie in terms, curie
    pubmed_title = terms[f"PMID:{paper.pmid}"]["label"]
    assert paper.title is not None and pubmed_title.rstrip(".") == paper.title


def test_partial_paper_ids_are_flagged_in_the_file() -> None:
    text = mechkg.bundled_path().read_text(encoding="utf-8")
    head = text[: text.index("entities:")]
    comments = [line for line in head.splitlines() if line.lstrip().startswith("#")]
    assert any("partial" in line for line in comments)


# --- what the article says versus what the paper says ----------------------------------


def test_trafficking_inferred_by_the_paper_reported_as_observed(kg: KnowledgeGraph) -> None:
    paper = _claims(kg, NEEDLE, "ampar_trafficking", PAPER)
    news = _claims(kg, NEEDLE, "ampar_trafficking", NEWS)
    assert [c.evidence for c in paper] == ["inferred"]
    assert news and all(c.rank > RANK["inferred"] for c in news)
    assert all(c.relation == "increases" for c in paper + news)
    assert all(c.attributed_to == PAPER for c in news)


def test_vca1_activity_direction_only_in_the_paper(kg: KnowledgeGraph) -> None:
    news = _claims(kg, NEEDLE, "vca1_activity", NEWS)
    assert any(c.relation == "regulates" and c.evidence == "experiment" for c in news)
    paper_up = _claims(kg, NEEDLE, "vca1_activity", PAPER)
    paper_down = _claims(kg, "csds", "vca1_activity", PAPER)
    assert [(c.relation, c.evidence) for c in paper_up] == [("increases", "experiment")]
    assert [(c.relation, c.evidence) for c in paper_down] == [("decreases", "experiment")]


@pytest.mark.parametrize("protein", ["bdnf", "camk2a_active", "glua1", "glua2"])
def test_blots_are_whole_hippocampus_in_the_paper(kg: KnowledgeGraph, protein: str) -> None:
    for subject in (NEEDLE, "csds"):
        claims = _claims(kg, subject, protein, PAPER)
        assert claims, (subject, protein)
        assert all(c.anatomy == ("hippocampus",) for c in claims)


@pytest.mark.parametrize("target", ["bdnf", "camk2a_active", "ampar_trafficking"])
def test_article_places_the_molecules_in_vca1(kg: KnowledgeGraph, target: str) -> None:
    claims = [c for c in _claims(kg, NEEDLE, target, NEWS) if c.evidence == "experiment"]
    assert claims and all(c.anatomy == ("vca1",) for c in claims)


def test_vca1_is_broader_matched_to_ca1(kg: KnowledgeGraph) -> None:
    vca1 = mechkg.resolve(kg, "vCA1")
    assert "UBERON:0003881" in vca1.broad_matches
    assert not [x for x in vca1.xrefs if x.startswith("UBERON:")]


def test_sham_point_causes_no_change(kg: KnowledgeGraph) -> None:
    sham = mechkg.resolve(kg, "sham point")
    assert sham.id != NEEDLE
    claims = [c for c in kg.claims_from(sham.id) if c.relation == "causes_no_change"]
    assert [c.object for c in claims] == [BEHAVIOUR]
    (claim,) = claims
    assert claim.evidence == "experiment" and claim.source == NEWS
    assert claim.note is not None and "abstract" in claim.note


def test_denials_rest_on_a_denial_in_the_text(kg: KnowledgeGraph) -> None:
    denied = [c for c in kg.claims.values() if c.negated or c.relation == "causes_no_change"]
    assert any(c.negated for c in denied)
    for c in denied:
        words = f" {c.quote} ".replace(",", " ").split() if c.quote else []
        assert "ikke" in words or "eliminerer" in words, c.id


# --- signs ------------------------------------------------------------------------------

SIGNS = [
    (NEWS, NEEDLE, "social_interaction", 1),
    (NEWS, NEEDLE, "sucrose_preference", 1),
    (NEWS, NEEDLE, "anhedonia", -1),
    (NEWS, NEEDLE, "behavioural_despair", -1),
    (NEWS, NEEDLE, BEHAVIOUR, -1),
    (NEWS, NEEDLE, "dendritic_spines", 1),
    (NEWS, NEEDLE, "bdnf", 1),
    (NEWS, NEEDLE, "camk2a_active", 1),
    (PAPER, NEEDLE, BEHAVIOUR, -1),
    (PAPER, "csds", BEHAVIOUR, 1),
    (PAPER, "csds", "vca1_activity", -1),
    (PAPER, NEEDLE, "vca1_activity", 1),
    (PAPER, "csds", "glutamatergic_transmission", -1),
    (PAPER, NEEDLE, "glutamatergic_transmission", 1),
    (PAPER, "csds", "dendritic_spines", -1),
    (PAPER, NEEDLE, "dendritic_spines", 1),
    (PAPER, "csds", "bdnf", -1),
    (PAPER, NEEDLE, "bdnf", 1),
    (PAPER, "csds", "camk2a_active", -1),
    (PAPER, NEEDLE, "camk2a_active", 1),
    (PAPER, "csds", "glua1", -1),
    (PAPER, NEEDLE, "glua1", 1),
    (PAPER, "csds", "glua2", -1),
    (PAPER, NEEDLE, "glua2", 1),
]


@pytest.mark.parametrize(("source", "subject", "obj", "sign"), SIGNS)
def test_measured_effects_have_the_right_sign(
    kg: KnowledgeGraph, source: str, subject: str, obj: str, sign: int
) -> None:
    measured = [c for c in _claims(kg, subject, obj, source) if c.evidence == "experiment"]
    assert measured, f"no experiment claim {subject} -> {obj} from {source}"
    assert {c.sign for c in measured} == {sign}
    assert all(c.species == MOUSE for c in measured)


@pytest.mark.parametrize(
    ("obj", "sign"), [("social_interaction", -1), ("anhedonia", 1), ("behavioural_despair", 1)]
)
def test_stress_model_effects(kg: KnowledgeGraph, obj: str, sign: int) -> None:
    claims = _claims(kg, "csds", obj, NEWS)
    assert claims and {c.sign for c in claims} == {sign}


def test_paper_correlations(kg: KnowledgeGraph) -> None:
    spines = _claims(kg, "dendritic_spines", "behavioural_despair", PAPER)
    bdnf = _claims(kg, "bdnf", "sucrose_preference", PAPER)
    assert [(c.relation, c.evidence) for c in spines] == [("negatively_correlated", "correlation")]
    assert [(c.relation, c.evidence) for c in bdnf] == [("positively_correlated", "correlation")]


# --- the proposed mechanism and the paths ----------------------------------------------


def test_proposed_mechanism_claims_are_hypotheses(kg: KnowledgeGraph, article: str) -> None:
    start, end = (article.index(h) for h in MECHANISM_SECTION)
    section = article[start:end]
    in_section = [c for c in kg.claims.values() if c.quote and c.quote in section]
    mech = [c for c in kg.claims.values() if c.id.startswith("mech_")]
    assert len(mech) >= 15
    assert {c.id for c in mech} <= {c.id for c in in_section}
    for c in in_section:
        if c.quote.startswith("Det er kjent at"):
            assert c.evidence == "background", c.id
        else:
            assert c.evidence == "hypothesis", c.id


def test_known_physiology_is_background(kg: KnowledgeGraph) -> None:
    known = [c for c in kg.claims.values() if c.id.startswith("known_")]
    assert {c.object for c in known} == {"inflammation", "autonomic_tone", "hpa_axis"}
    assert {c.evidence for c in known} == {"background"}


@pytest.mark.parametrize("via", ["bdnf", "glutamatergic_transmission"])
def test_hypothesis_chain_runs_from_needle_to_behaviour(kg: KnowledgeGraph, via: str) -> None:
    mech = _step_map([c for c in kg.claims.values() if c.id.startswith("mech_")])
    found = [
        p
        for p in _paths(mech, NEEDLE, BEHAVIOUR)
        if {"sensory_fibres", "hpa_axis", via, "synaptic_plasticity"} <= set(p)
    ]
    assert found, f"no proposed-mechanism chain through the HPA axis and {via}"
    for path in found:
        assert _grade_and_sign(mech, path)[0] == RANK["hypothesis"]


def test_mechanism_chain_names_its_upstream_and_milieu(kg: KnowledgeGraph) -> None:
    mech = [c for c in kg.claims.values() if c.id.startswith("mech_")]
    upstream = {c.object for c in mech if c.subject == "reflexes"}
    milieu = {c.object for c in mech if c.subject == "hpa_axis"}
    assert upstream == {"inflammation", "autonomic_tone", "hpa_axis"}
    assert milieu == {"bdnf", "glutamatergic_transmission", "microglia"}


def test_needle_reaches_behaviour_by_measured_and_proposed_routes(kg: KnowledgeGraph) -> None:
    steps = _step_map(list(kg.claims.values()))
    graded = [(p, *_grade_and_sign(steps, p)) for p in _paths(steps, NEEDLE, BEHAVIOUR)]
    assert graded

    def best_via(*nodes: str) -> int:
        return max((g for p, g, _ in graded if set(nodes) <= set(p)), default=-1)

    assert best_via() == RANK["experiment"]  # acupuncture decreases behaviour, measured
    assert best_via("bdnf") >= RANK["inferred"]
    assert best_via("ampar_trafficking") >= RANK["inferred"]
    assert best_via("sensory_fibres", "hpa_axis") == RANK["hypothesis"]
    # every fully signed route says what the article says: less depression-like behaviour
    signed = [(p, s) for p, _, s in graded if s is not None]
    assert signed and all(s == -1 for _, s in signed), [p for p, s in signed if s != -1]


def test_path_query_finds_measured_and_proposed_routes(kg: KnowledgeGraph) -> None:
    from mechkg.paths import iter_paths

    best = next(iter_paths(kg, "needle", "behaviour"))
    assert best.weakest_evidence == "experiment" and best.net_effect == -1
    for species in (None, "mouse"):
        proposed = list(iter_paths(kg, "needle", "behaviour", via="HPA axis", species=species))
        assert proposed, species
        through = set()
        for path in proposed:
            ids = [e.id for e in path.nodes]
            assert ids[1] == "sensory_fibres", ids
            assert path.weakest_evidence == "hypothesis"
            through.update(ids)
        assert {"bdnf", "glutamatergic_transmission", "synaptic_plasticity"} <= through


# --- names and ontology terms -----------------------------------------------------------


@pytest.mark.parametrize("name", ["needle", "nål", "LR3", "Taichong", "NÅL", "taichong"])
def test_needle_names_the_acupuncture_entity(kg: KnowledgeGraph, name: str) -> None:
    assert mechkg.resolve(kg, name).id == NEEDLE


def test_behaviour_is_the_end_of_the_mechanism_chain(kg: KnowledgeGraph) -> None:
    end = mechkg.resolve(kg, "behaviour").id
    assert end == BEHAVIOUR
    assert any(c.id.startswith("mech_") and c.object == end for c in kg.claims.values())
    assert mechkg.resolve(kg, "plasticity").id == "synaptic_plasticity"
    assert mechkg.resolve(kg, "sensory fibres").id == "sensory_fibres"
    assert mechkg.resolve(kg, "HPA axis").id == "hpa_axis"


def test_no_two_entities_share_a_name(kg: KnowledgeGraph) -> None:
    owners: dict[str, set[str]] = {}
    for e in kg.entities.values():
        for name in (*e.names(), *e.xrefs, *e.close_matches):
            owners.setdefault(" ".join(name.casefold().split()), set()).add(e.id)
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_entities_have_norwegian_labels(kg: KnowledgeGraph) -> None:
    used = {c.subject for c in kg.claims.values()} | {c.object for c in kg.claims.values()}
    missing = [
        e.id
        for e in kg.entities.values()
        if e.id in used and e.label_in("nb") is None and e.type != "Protein"
    ]
    assert missing == []


def _curies(kg: KnowledgeGraph) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for e in kg.entities.values():
        for x in (*e.xrefs, *e.broad_matches, *e.close_matches):
            used.setdefault(x, set()).add(f"entity {e.id}")
    for c in kg.claims.values():
        context = [a for a in c.anatomy if a not in kg.entities]
        if c.model is not None and c.model not in kg.entities:
            context.append(c.model)
        for x in (c.species, c.eco, *context):
            if x is not None:
                used.setdefault(x, set()).add(f"claim {c.id}")
    return used


def test_every_curie_is_a_verified_reference_term(
    kg: KnowledgeGraph, terms: dict[str, dict[str, str]]
) -> None:
    used = _curies(kg)
    assert len(used) >= 40
    unknown = {x: sorted(w) for x, w in used.items() if x not in terms}
    assert unknown == {}, "CURIEs not in ontology_terms.tsv"
    unverified = {x: sorted(w) for x, w in used.items() if terms[x]["verified"] != "yes"}
    assert unverified == {}, "only verified terms may be used where a verified one fits"
