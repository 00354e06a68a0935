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

from tests.ci import skip_unless_ci

REPO = Path(__file__).resolve().parents[1]
ARTICLE_DEFAULT = REPO.parent / "shared" / "seeds" / "000_e4b9326178d811ef.txt"
REFERENCE_DEFAULT = REPO.parent / "shared" / "reference"

NEWS, PAPER = "ilive2025", "thno2025"
MOUSE, HUMAN = "NCBITaxon:10090", "NCBITaxon:9606"
NEEDLE, BEHAVIOUR = "lr3_acupuncture", "depressive_behaviour"
MECHANISM_SECTION = ("Hvordan kan dette fungere?", "Hva dette IKKE beviser")
MAX_QUOTE = 200
RANK = {name: level.rank for name, level in EVIDENCE_LEVELS.items()}

# The article's section headings (whole lines of the seed): none is evidence for a claim.
HEADINGS = (
    "Hva ble egentlig sjekket?",
    "Hva skjedde?",
    "Hvorfor er dette viktig?",
    "Hvordan kan dette fungere?",
    "Hva dette IKKE beviser (viktige begrensninger)",
    "Og hva kan dette bety for folk?",
    "Ofte stilte spørsmål",
    "Hva bør forskere gjøre videre?",
    "Sammendrag",
)

# What the paper measured, from ../shared/reference/study.md: (subject, object, sign,
# anatomy). Spines, photometry and patch-clamp are vCA1; the blots are whole hippocampus.
BLOTTED = ("camk2a_active", "p_glua1", "p_glua2_s880", "bdnf")
PAPER_MEASURED: tuple[tuple[str, str, int, str | None], ...] = (
    (NEEDLE, BEHAVIOUR, -1, None),
    ("csds", BEHAVIOUR, 1, None),
    ("csds", "vca1_activity", -1, "vca1"),
    (NEEDLE, "vca1_activity", 1, "vca1"),
    ("csds", "glutamatergic_transmission", -1, "vca1"),
    (NEEDLE, "glutamatergic_transmission", 1, "vca1"),
    ("csds", "dendritic_spines", -1, "vca1"),
    (NEEDLE, "dendritic_spines", 1, "vca1"),
    *(("csds", protein, -1, "hippocampus") for protein in BLOTTED),
    *((NEEDLE, protein, 1, "hippocampus") for protein in BLOTTED),
)
# The paper's correlations, pooled across its four groups: (subject, object, sign,
# anatomy, figure).
PAPER_CORRELATIONS = (
    ("dendritic_spines", "behavioural_despair", -1, "vca1", "5C"),
    ("bdnf", "sucrose_preference", 1, "hippocampus", "5J"),
    ("bdnf", "behavioural_despair", -1, "hippocampus", "S8C"),
)
# The authors' inferences (the title's "by modulating synaptic plasticity in vCA1" and the
# hedged "potentially through" AMPA-receptor trafficking and BDNF expression).
PAPER_INFERRED = (
    (NEEDLE, "ampar_trafficking", 1),
    ("ampar_trafficking", "synaptic_plasticity", 1),
    ("bdnf", "synaptic_plasticity", 1),
    (NEEDLE, "synaptic_plasticity", 1),
    ("synaptic_plasticity", BEHAVIOUR, -1),
)
# The article's reports of the paper's results in its own terms: the behavioural tests
# behind "relieved depressive-like behaviour", and the ventral hippocampus whose vCA1 part
# was recorded.
REPORTED_FACETS: tuple[tuple[str, str, int | None, str | None], ...] = (
    (NEEDLE, "social_interaction", 1, None),
    (NEEDLE, "sucrose_preference", 1, None),
    (NEEDLE, "anhedonia", -1, None),
    (NEEDLE, "behavioural_despair", -1, None),
    (NEEDLE, "vhpc_activity", 1, "vca1"),
)
# Reported by the article as the study's, not confirmed from the paper (study.md point 5).
UNCONFIRMED = {("sham_acupuncture", BEHAVIOUR)}
# A claim crediting the paper may name the paper's region or a broader one.
NO_NARROWER = {
    "vca1": {"vca1", "ventral_hippocampus", "hippocampus"},
    "hippocampus": {"hippocampus"},
}


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
    skip_unless_ci(message)


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


def _sentence(article: str, start: str) -> str:
    """The sentence of ``article`` that begins with ``start``."""
    begin = article.index(start)
    return article[begin : article.index(". ", begin) + 1]


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
    # the article reports it as observed, but neither version may be graded as measured
    assert [c.evidence for c in news] == ["inferred"]
    assert all(c.relation == "increases" for c in paper + news)
    assert all(c.attributed_to == PAPER for c in news)
    assert all(c.note is not None and "Ser880" in c.note for c in paper + news)


def test_ampar_trafficking_is_never_graded_as_measured(kg: KnowledgeGraph) -> None:
    touching = [c for c in kg.claims.values() if "ampar_trafficking" in (c.subject, c.object)]
    assert len(touching) >= 3
    assert [c.id for c in touching if c.rank > RANK["inferred"]] == []


def test_vca1_activity_direction_only_in_the_paper(kg: KnowledgeGraph) -> None:
    news = _claims(kg, NEEDLE, "vca1_activity", NEWS)
    assert any(c.relation == "regulates" and c.evidence == "experiment" for c in news)
    # "from a stress pattern to normal", "more flexible and responsive": no direction
    article_activity = [
        c
        for c in kg.claims.values()
        if c.source == NEWS
        and c.object in ("vca1_activity", "vhpc_activity")
        and RELATIONS[c.relation].causal
    ]
    assert len(article_activity) >= 4
    assert {c.relation for c in article_activity} == {"regulates"}
    paper_up = _claims(kg, NEEDLE, "vca1_activity", PAPER)
    paper_down = _claims(kg, "csds", "vca1_activity", PAPER)
    assert [(c.relation, c.evidence) for c in paper_up] == [("increases", "experiment")]
    assert [(c.relation, c.evidence) for c in paper_down] == [("decreases", "experiment")]


@pytest.mark.parametrize("protein", BLOTTED)
def test_blots_are_whole_hippocampus_in_the_paper(kg: KnowledgeGraph, protein: str) -> None:
    for subject in (NEEDLE, "csds"):
        claims = _claims(kg, subject, protein, PAPER)
        assert claims, (subject, protein)
        assert all(c.anatomy == ("hippocampus",) for c in claims)


def test_molecule_sentence_keeps_its_own_region(kg: KnowledgeGraph, article: str) -> None:
    """Claims quoting "Hippocampus hos de «punkterte» musene ..." (or the sentence that
    sums it up) are placed in the hippocampus, not in vCA1, and say the article is
    ambiguous where they credit the paper."""
    sentences = [
        _sentence(article, "Hippocampus hos de «punkterte» musene"),
        _sentence(article, "Alle disse endringene"),
    ]
    quoting = [c for c in kg.claims.values() if c.quote and any(c.quote in s for s in sentences)]
    assert {c.object for c in quoting} >= {"dendritic_spines", "bdnf", "camk2a_active"}
    assert [c.id for c in quoting if c.anatomy != ("hippocampus",)] == []
    for c in quoting:
        if c.attributed_to == PAPER:
            assert c.note is not None and "ambiguous" in c.note, c.id


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
    (PAPER, "csds", "p_glua1", -1),
    (PAPER, NEEDLE, "p_glua1", 1),
    (PAPER, "csds", "p_glua2_s880", -1),
    (PAPER, NEEDLE, "p_glua2_s880", 1),
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


@pytest.mark.parametrize(("subject", "obj", "sign", "anatomy", "figure"), PAPER_CORRELATIONS)
def test_paper_correlations(
    kg: KnowledgeGraph, subject: str, obj: str, sign: int, anatomy: str, figure: str
) -> None:
    claims = [c for c in _claims(kg, subject, obj, PAPER) if c.evidence == "correlation"]
    assert len(claims) == 1, (subject, obj)
    (c,) = claims
    assert c.relation == ("positively_correlated" if sign > 0 else "negatively_correlated")
    assert c.anatomy == (anatomy,)
    assert len(c.method) >= 2, "a correlation names both of its measures"
    # pooled across the four groups, these correlations are driven by the group differences
    assert c.note is not None and f"Fig. {figure}" in c.note and "Pooled" in c.note


def test_paper_findings_are_all_encoded(kg: KnowledgeGraph) -> None:
    for subject, obj, sign, anatomy in PAPER_MEASURED:
        claims = [c for c in _claims(kg, subject, obj, PAPER) if c.evidence == "experiment"]
        assert claims, f"paper finding not encoded: {subject} -> {obj}"
        for c in claims:
            assert c.sign == sign, c.id
            assert c.anatomy == ((anatomy,) if anatomy else ()), c.id
            assert c.method, c.id
    for subject, obj, sign in PAPER_INFERRED:
        claims = _claims(kg, subject, obj, PAPER)
        assert [(c.evidence, c.sign) for c in claims] == [("inferred", sign)], (subject, obj)


def test_paper_credit_stays_within_what_the_paper_found(kg: KnowledgeGraph) -> None:
    """Every claim from the paper, or credited to it by the article, is one of the
    paper's findings (study.md), at no higher a level than the paper's and in a region
    no narrower than the paper's."""
    measured = {(s, o): (sign, anat) for s, o, sign, anat in PAPER_MEASURED}
    measured.update({(s, o): (sign, anat) for s, o, sign, anat in REPORTED_FACETS})
    correlated = {(s, o): (sign, anat) for s, o, sign, anat, _ in PAPER_CORRELATIONS}
    inferred = {(s, o): sign for s, o, sign in PAPER_INFERRED}
    credited = [c for c in kg.claims.values() if PAPER in (c.source, c.attributed_to)]
    assert len(credited) >= 30
    wrong = []
    for c in credited:
        key = (c.subject, c.object)
        if key in UNCONFIRMED:
            assert c.source == NEWS and c.note is not None and "could not be confirmed" in c.note
            continue
        if c.rank >= RANK["experiment"] and key in measured:
            sign, anat = measured[key]
        elif c.rank == RANK["correlation"] and key in correlated:
            sign, anat = correlated[key]
        elif c.rank == RANK["inferred"] and (key in inferred or key in measured):
            sign, anat = inferred.get(key, measured.get(key, (None, None))[0]), None
        else:
            wrong.append(f"{c.id}: {c.evidence} {key} is no finding of the paper")
            continue
        if c.sign not in (sign, None):
            wrong.append(f"{c.id}: sign {c.sign}, the paper's is {sign}")
        if anat and c.anatomy and not set(c.anatomy) <= NO_NARROWER[anat]:
            wrong.append(f"{c.id}: anatomy {c.anatomy} narrower than the paper's {anat}")
    assert wrong == [], "\n".join(wrong)


def test_measured_claims_name_their_method(kg: KnowledgeGraph) -> None:
    measured = [
        c for c in kg.claims.values() if c.rank in (RANK["experiment"], RANK["correlation"])
    ]
    assert len(measured) >= 30
    assert [c.id for c in measured if not c.method] == []
    assert [c.id for c in measured if c.source == NEWS and not c.quote] == []


def test_correlation_level_is_the_papers_analyses_only(kg: KnowledgeGraph) -> None:
    """The article's "Vi ser korrelasjonen ..." is a hedge on its own chain, not an
    analysis: it must not outrank the inferred plasticity claims."""
    hedges = [c for c in kg.claims.values() if c.quote and "korrelasjonen" in c.quote]
    assert len(hedges) == 2
    assert {c.evidence for c in hedges} == {"inferred"}
    correlations = [c for c in kg.claims.values() if c.evidence == "correlation"]
    assert correlations and {c.source for c in correlations} == {PAPER}


def test_correlational_wording_is_not_causal(kg: KnowledgeGraph) -> None:
    (spines,) = [c for c in kg.claims.values() if c.quote and c.quote.startswith("jo flere")]
    assert spines.relation == "positively_correlated"
    assert not RELATIONS[spines.relation].causal


def test_first_time_claim_is_encoded_and_not_credited_to_the_paper(kg: KnowledgeGraph) -> None:
    first = [c for c in kg.claims.values() if c.quote and c.quote.startswith("For første gang")]
    assert len(first) == 1
    (c,) = first
    assert c.subject != NEEDLE, "the article widens the result to any single peripheral point"
    assert c.attributed_to is None and c.rank <= RANK["inferred"]
    (paper,) = [p for p in _claims(kg, NEEDLE, "vca1_activity", PAPER)]
    assert paper.note is not None and "first" in paper.note and "photometry" in paper.note


def test_summary_sentence_is_the_articles_own(kg: KnowledgeGraph, article: str) -> None:
    summary = _sentence(article, "Dette er et fint arbeid")
    claims = [c for c in kg.claims.values() if c.quote and c.quote in summary]
    assert len(claims) >= 8
    assert [c.id for c in claims if c.attributed_to is not None] == []
    assert {c.evidence for c in claims} == {"hypothesis"}
    # so the step BDNF -> behaviour is no more than the summary's hypothesis
    steps = _step_map(list(kg.claims.values()))
    assert _best(steps[("bdnf", BEHAVIOUR)]).evidence == "hypothesis"


def test_no_quote_is_a_heading(kg: KnowledgeGraph, article: str) -> None:
    lines = {line.strip() for line in article.splitlines()}
    assert set(HEADINGS) <= lines, set(HEADINGS) - lines
    headed = [c.id for c in kg.claims.values() if c.quote and any(c.quote in h for h in HEADINGS)]
    assert headed == []


def test_phospho_forms_are_distinct_entities(kg: KnowledgeGraph) -> None:
    p1, p2 = kg.entities["p_glua1"], kg.entities["p_glua2_s880"]
    assert {p1.type, p2.type} == {"Protein"}
    assert "Ser880" in p2.label
    assert mechkg.resolve(kg, "p-GluA1").id == "p_glua1"
    assert mechkg.resolve(kg, "GluA1").id == "glua1"
    assert mechkg.resolve(kg, "p-GluA2").id == "p_glua2_s880"
    assert mechkg.resolve(kg, "GluA2").id == "glua2"
    paper_objects = {c.object for c in kg.claims.values() if c.source == PAPER}
    assert {"p_glua1", "p_glua2_s880"} <= paper_objects
    assert not {"glua1", "glua2"} & paper_objects, "the paper blotted phospho-forms"


def test_entity_details(kg: KnowledgeGraph) -> None:
    sham = kg.entities["sham_acupuncture"]
    # MeSH "Placebos" is a substance heading, not a sham procedure
    assert "MESH:D010919" not in (*sham.xrefs, *sham.broad_matches, *sham.close_matches)
    components = [e for e in kg.entities.values() if e.type == "CellularComponent"]
    assert components
    assert [e.id for e in components if "density" in e.label] == []


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


@pytest.mark.parametrize("via", ["neurotrophins", "neurotransmitters"])
def test_hypothesis_chain_runs_from_needle_to_plasticity(kg: KnowledgeGraph, via: str) -> None:
    mech = _step_map([c for c in kg.claims.values() if c.id.startswith("mech_")])
    found = [
        p
        for p in _paths(mech, NEEDLE, "synaptic_plasticity")
        if {"sensory_fibres", "hpa_axis", via} <= set(p)
    ]
    assert found, f"no proposed-mechanism chain through the HPA axis and {via}"
    for path in found:
        assert _grade_and_sign(mech, path)[0] == RANK["hypothesis"]


def test_mechanism_chain_names_its_upstream_and_milieu(kg: KnowledgeGraph) -> None:
    mech = [c for c in kg.claims.values() if c.id.startswith("mech_")]
    upstream = {c.object for c in mech if c.subject == "reflexes"}
    milieu = {c.object for c in mech if c.subject == "hpa_axis"}
    assert upstream == {"inflammation", "autonomic_tone", "hpa_axis"}
    assert milieu == {"neurotransmitters", "neurotrophins", "microglia"}


def test_reflex_account_does_not_reach_measured_nodes(kg: KnowledgeGraph) -> None:
    """The article's general "neurotransmitters, neurotrophins" are not the study's
    measured glutamatergic transmission and BDNF."""
    measured = {n for s, o, _, _ in PAPER_MEASURED for n in (s, o)} - {NEEDLE, "csds"}
    mech = [c for c in kg.claims.values() if c.id.startswith("mech_")]
    assert [c.id for c in mech if c.subject != NEEDLE and c.subject in measured] == []
    assert [c.id for c in mech if c.object in measured] == []
    for general, specific in (
        ("neurotransmitters", "glutamatergic_transmission"),
        ("neurotrophins", "bdnf"),
    ):
        assert mechkg.resolve(kg, general).id == general != specific


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
        assert {"neurotransmitters", "neurotrophins", "synaptic_plasticity"} <= through
        assert not {"bdnf", "glutamatergic_transmission"} & through


# --- names and ontology terms -----------------------------------------------------------


@pytest.mark.parametrize("name", ["needle", "nål", "LR3", "Taichong", "NÅL", "taichong"])
def test_needle_names_the_acupuncture_entity(kg: KnowledgeGraph, name: str) -> None:
    assert mechkg.resolve(kg, name).id == NEEDLE


def test_behaviour_is_the_end_of_the_paths(kg: KnowledgeGraph) -> None:
    end = mechkg.resolve(kg, "behaviour").id
    assert end == BEHAVIOUR
    # the mechanism section stops at plasticity: no mech_ claim reaches behaviour
    assert not any(c.id.startswith("mech_") and c.object == end for c in kg.claims.values())
    assert any(c.source == PAPER and c.object == end for c in kg.claims.values())
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
