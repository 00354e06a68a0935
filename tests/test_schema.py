"""The one schema (mechkg.schema) against the readers, the docs and the ontology.

Every key list a reader accepts, every key list the docs show and every property the
ontology and the SHACL shapes declare must equal what the schema's rows say; a claim
written with every schema key loads, and a field added to the model and the schema alone
is read from YAML and tables.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import mechkg
import pytest
import rdflib
from mechkg.load import fields as F
from mechkg.load import tsv_reader, yaml_reader
from mechkg.schema import EDGE, FIELDS, Field, columns, yaml_keys
from mechkg.vocab import MKG, RELATIONS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
RDFS = rdflib.RDFS
OWNERS = ("claim", "entity", "source")


# -- the docs' key lists -------------------------------------------------------------------


def _table(text: str, heading: str) -> list[list[str]]:
    """The cells of the first Markdown table under ``heading``, header row excluded."""
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    rows = []
    for line in text[start:].splitlines():
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            break
    assert len(rows) > 2, f"no table under {heading!r}"
    return rows[2:]  # header and separator


def _keys(cell: str) -> list[str]:
    return re.findall(r"`([a-z_]+)`", cell)


@pytest.mark.parametrize(
    ("heading", "owner", "extra"),
    [
        ("## Sources", "source", ()),
        ("## Entities", "entity", ()),
        ("## Claims", "claim", ("chain",)),
    ],
)
def test_claims_format_lists_exactly_the_schema_keys(heading, owner, extra):
    rows = _table((DOCS / "claims-format.md").read_text(encoding="utf-8"), heading)
    listed = {key: row[1] for row in rows for key in _keys(row[0])}
    assert sorted(listed) == sorted((*yaml_keys(owner), *extra))
    for f in FIELDS[owner].values():
        if f.yaml is not None:  # "yes", "unless `chain`", "yes (or in `defaults`)" or "no"
            assert (listed[f.yaml] != "no") == f.required, f"{owner}.{f.name}: required?"


def test_bulk_format_lists_exactly_the_table_columns():
    rows = _table((DOCS / "bulk-format.md").read_text(encoding="utf-8"), "## Columns")
    listed = [col for row in rows for col in _keys(row[0])]
    assert sorted(listed) == sorted(tsv_reader.COLUMNS)
    assert len(listed) == len(set(listed))


def test_bulk_format_names_exactly_the_list_columns():
    text = (DOCS / "bulk-format.md").read_text(encoding="utf-8")
    bullet = text[text.index("- List cells (") :].split(")", 1)[0]
    many = [
        f.column if o == "claim" else f"*_{f.column}"  # subject_, object_ or source_
        for o in OWNERS
        for f in FIELDS[o].values()
        if f.many and f.column
    ]
    assert sorted(re.findall(r"`([a-z_*]+)`", bullet)) == sorted(set(many))


@pytest.mark.parametrize(
    ("marker", "owner", "extra"),
    [("Claim keys:", "claim", ("chain",)), ("Entity keys:", "entity", ()),
     ("Source keys:", "source", ())],
)  # fmt: skip
def test_readme_lists_exactly_the_schema_keys(marker, owner, extra):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rest = text[text.index(marker) + len(marker) :]
    # keys stand outside parentheses; examples and vocabularies inside them
    while re.search(r"\([^()]*\)", rest):
        rest = re.sub(r"\([^()]*\)", "", rest)
    keys = _keys(re.split(r"\.\s", rest, maxsplit=1)[0])
    assert sorted(keys) == sorted((*yaml_keys(owner), *extra))


# -- the readers' key lists and checks -------------------------------------------------------


def test_reader_key_lists_derive_from_the_schema():
    assert yaml_reader.SOURCE_KEYS == yaml_keys("source")
    assert yaml_reader.ENTITY_KEYS == yaml_keys("entity")
    assert set(yaml_reader.CLAIM_KEYS) == {*yaml_keys("claim"), "chain"}
    assert set(yaml_reader.DEFAULT_KEYS) == set(yaml_keys("claim")) - {"id", *EDGE}
    assert tsv_reader.CLAIM_COLUMNS == columns("claim")
    assert tsv_reader.ENTITY_FIELDS == columns("entity")[1:]
    assert tsv_reader.SOURCE_FIELDS == columns("source")[1:]


@pytest.mark.parametrize("field", [f for o in OWNERS for f in FIELDS[o].values()], ids=str)
def test_every_field_names_a_check_that_exists(field):
    assert field.check in F.CHECKS, f"{field.owner}.{field.name}: no check {field.check!r}"
    assert field.prefixes is None or field.check == "check_curie_field"
    assert callable(F.checker(field))


def test_an_unknown_key_hint_lists_the_schema_keys(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(
        "mechkg: 1\nsources:\n  p: {kind: article}\nentities:\n"
        "  a: {label: A, type: Gene, colour: red}\n  b: {label: B, type: Gene}\n"
        "claims:\n  - {id: c1, subject: a, relation: increases, object: b,"
        " evidence: experiment, source: p, temperature: 37 C}\n",
        encoding="utf-8",
    )
    entity, claim = mechkg.validate([path])
    assert (entity.line, claim.line) == (5, 8)
    assert entity.hint == "allowed keys: " + ", ".join(yaml_keys("entity"))
    assert claim.message == "unknown key 'temperature' in claim c1"
    listed = claim.hint.removeprefix("allowed keys: ").split(", ")
    assert sorted(listed) == sorted((*yaml_keys("claim"), "chain"))


# -- every key and column loads ----------------------------------------------------------------

#: Two valid values of each kind: a CURIE by the prefix its field is limited to; the
#: references name what :data:`DEFINED` defines.
SAMPLES: dict[Any, tuple[Any, Any]] = {
    "text": ("some text", "other text"),
    "lang": ("nb", "de"),
    "bool": (True, False),
    "date": ("2024-03", "2024"),
    "doi": ("10.1234/test.5", "10.1234/test.6"),
    "pmid": ("12345", "678"),
    "pmcid": ("PMC12345", "PMC678"),
    "url": ("https://example.org/a", "https://example.org/b"),
    "labels": ({"nb": ["navn", "annet navn"]}, {"de": "Name"}),
    "score": ("0.87", "0.5"),
    "modifier": ("act(ma(GO:0016301))", "tloc(fromLoc(GO:0005737), toLoc(GO:0005634))"),
    "entity": ("e1", "e3"),
    "source": ("s2", "s3"),
    "context": ("UBERON:0001954", "e3"),
    None: ("UBERON:0001954", "GO:0007613"),
    "NCBITaxon": ("NCBITaxon:10090", "NCBITaxon:9606"),
    "ECO": ("ECO:0000006", "ECO:0000269"),
}
#: Entities and sources the sample references name.
DEFINED = {
    "mechkg": 1,
    "sources": {s: {"kind": "article"} for s in ("s1", "s2", "s3")},
    "entities": {e: {"label": e.upper(), "type": "Gene"} for e in ("e1", "e2", "e3", "e4", "e5")},
}
#: Mediators of a necessity test: neither the subject nor the object, one per field.
MEDIATORS = {"requires": ("e4", "e5"), "independent_of": ("e5", "e4")}
#: A necessity test states an effect, so it is not negated: the claim fields that a claim
#: with every other field set leaves out, and a second claim sets.
NECESSITY = frozenset(MEDIATORS)


def _sample(f: Field, which: int = 0) -> Any:
    """A valid, non-default value of ``f`` as YAML gives it (``which``: 0 or 1)."""
    if f.kind == "word":
        value: Any = list(F.VOCABULARIES[f.check or ""])[which]
    elif f.kind == "curie":
        value = SAMPLES[f.prefixes[0] if f.prefixes else None][which]
    else:
        value = SAMPLES[f.kind][which]
    if f.name == "object":
        value = ("e2", "e3")[which]  # not the subject
    if f.name in MEDIATORS:
        value = MEDIATORS[f.name][which]
    return [value] if f.many else value


def _cell(f: Field, which: int = 0) -> str:
    value = _sample(f, which)
    if isinstance(value, list):
        return tsv_reader.LIST_SEPARATOR.join(value)
    return {True: "true", False: ""}.get(value, value) if isinstance(value, bool) else value


def _assert_every_field_set(record: object, owner: str, given: set[str]) -> None:
    unset = [
        f.name
        for f in FIELDS[owner].values()
        if f.name in given and getattr(record, f.name) in (f.default, None)
    ]
    assert unset == [], f"{owner} fields read as their default: {unset}"


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")  # JSON is YAML
    return path


def test_a_file_with_every_schema_key_loads(tmp_path):
    source = {f.yaml: _sample(f) for f in FIELDS["source"].values() if f.yaml}
    entity = {f.yaml: _sample(f) for f in FIELDS["entity"].values() if f.yaml}
    entity["label"] = "entity a"  # not its synonym
    claim = {"id": "c1"} | {f.yaml: _sample(f) for f in FIELDS["claim"].values() if f.yaml != "id"}
    tested = {"id": "c2", "negated": False} | {k: claim.pop(k) for k in NECESSITY}
    tested |= {k: claim[k] for k in ("subject", "relation", "object", "evidence")}
    doc = {
        "mechkg": 1,
        "sources": {**DEFINED["sources"], "p1": source},
        "entities": {**DEFINED["entities"], "a": entity},
        "claims": [claim | {"source": "p1"}, tested | {"source": "p1"}],
    }
    kg = mechkg.load([_write(tmp_path / "every.yaml", doc)])
    _assert_every_field_set(kg.sources["p1"], "source", set(FIELDS["source"]))
    _assert_every_field_set(kg.entities["a"], "entity", set(FIELDS["entity"]))
    _assert_every_field_set(kg.claims["c1"], "claim", set(FIELDS["claim"]) - NECESSITY)
    _assert_every_field_set(kg.claims["c2"], "claim", NECESSITY)


def _every_column_row(necessity: bool = False) -> tuple[list[str], list[str]]:
    """A header with every column the schema gives a table, and a row filling each but
    the necessity test's (``necessity``: those, not negated): the row defines its subject,
    object and source."""
    header, row = [], []
    for f in FIELDS["claim"].values():
        if f.column is not None:
            header.append(f.column)
            if (f.name in NECESSITY) != necessity and f.name in {*NECESSITY, "negated"}:
                row.append("")
                continue
            row.append({"id": "r2" if necessity else "r1", "source": "s1"}.get(f.name) or _cell(f))
    for role, owner in (("subject", "entity"), ("object", "entity"), ("source", "source")):
        for f in FIELDS[owner].values():
            if f.column is not None and f.name != "id":
                header.append(f"{role}_{f.column}")
                row.append(f"{role} label" if f.name == "label" else _cell(f))
    return header, row


def test_a_table_with_every_schema_column_loads(tmp_path):
    header, row = _every_column_row()
    _, tested = _every_column_row(necessity=True)
    assert header == list(tsv_reader.COLUMNS)
    path = tmp_path / "every.tsv"
    lines = [header, row, tested]
    path.write_text("".join("\t".join(r) + "\n" for r in lines), encoding="utf-8")
    kg = mechkg.load(
        [
            _write(
                tmp_path / "defined.yaml",
                {
                    "mechkg": 1,
                    "sources": {"s2": {"kind": "news"}},
                    "entities": {e: DEFINED["entities"][e] for e in ("e4", "e5")},
                },
            ),
            path,
        ]
    )
    _assert_every_field_set(kg.claims["r1"], "claim", set(columns("claim")) - NECESSITY)
    _assert_every_field_set(kg.claims["r2"], "claim", NECESSITY)
    given = {f.name for f in FIELDS["entity"].values() if f.column is not None}
    _assert_every_field_set(kg.entities["e1"], "entity", given)
    given = {f.name for f in FIELDS["source"].values() if f.column is not None}
    _assert_every_field_set(kg.sources["s1"], "source", given)


def test_every_claim_column_enters_the_row_digest(tmp_path):
    qualifiers = [f for f in FIELDS["claim"].values() if f.column and f.name != "id"]
    header = [f.column or "" for f in qualifiers]
    # a necessity test is not negated: the first row has none, and is not negated
    base = ["" if f.name in {*NECESSITY, "negated"} else _cell(f) for f in qualifiers]
    rows = [base]
    for n, f in enumerate(qualifiers):  # a row that differs from the first in one column
        other = "true" if f.name == "negated" else _cell(f, f.name not in NECESSITY)
        rows.append([*base[:n], other, *base[n + 1 :]])
    rows.append(base[:])  # the same claim again: kept once
    path = tmp_path / "digest.tsv"
    path.write_text("".join("\t".join(r) + "\n" for r in [header, *rows]), encoding="utf-8")
    kg = mechkg.load([_write(tmp_path / "defined.yaml", DEFINED), path])
    assert len(kg.claims) == len(qualifiers) + 1
    assert all(re.fullmatch(r"c-[0-9a-f]{16}", cid) for cid in kg.claims)


# -- the ontology and the shapes ---------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "ontology" / "mechkg.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")


_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_CLASSES = {"claim": "Claim", "entity": "Entity", "source": "Source"}


def _mkg(owner: str) -> dict[rdflib.URIRef, Field]:
    return {
        rdflib.URIRef(f.rdf): f
        for f in FIELDS[owner].values()
        if f.rdf is not None and f.rdf.startswith(MKG)
    }


@pytest.mark.parametrize("owner", OWNERS)
def test_the_ontology_declares_exactly_the_schema_properties(ontology, owner):
    schema = _mkg(owner)
    declared = {
        p for p in schema if any((p, rdflib.RDF.type, t) in ontology for t in _PROPERTY_TYPES)
    }
    assert sorted(set(schema) - declared) == [], "schema properties the ontology lacks"
    relations = {rdflib.URIRef(MKG + r) for r in RELATIONS}
    relations |= {o for r in relations for o in ontology.objects(r, RDFS.subPropertyOf)}
    domain = set(ontology.subjects(RDFS.domain, rdflib.URIRef(MKG + _CLASSES[owner])))
    domain -= relations  # the direct triples between entities
    assert sorted(domain - set(schema)) == [], f"mkg properties of {owner}s the schema lacks"
    for prop, f in schema.items():
        functional = (prop, rdflib.RDF.type, OWL.FunctionalProperty) in ontology
        assert functional == (not f.many), f"{owner}.{f.name}: functional iff single-valued"
        assert (prop, RDFS.domain, rdflib.URIRef(MKG + _CLASSES[owner])) in ontology


@pytest.mark.parametrize("owner", OWNERS)
def test_the_shapes_constrain_exactly_the_schema_properties(shapes, owner):
    node = next(shapes.subjects(SH.targetClass, rdflib.URIRef(MKG + _CLASSES[owner])))
    paths: dict[rdflib.term.Node, list[rdflib.term.Node]] = {}
    for prop in shapes.objects(node, SH.property):
        paths.setdefault(shapes.value(prop, SH.path), []).append(prop)
    rows = [f for f in FIELDS[owner].values() if f.rdf is not None]
    assert sorted(paths) == sorted({rdflib.URIRef(f.rdf) for f in rows})
    for f in rows:
        props = paths[rdflib.URIRef(f.rdf)]
        counts = {
            (c, shapes.value(p, c))
            for p in props
            for c in (SH.minCount, SH.maxCount, SH.qualifiedMinCount, SH.qualifiedMaxCount)
        }
        one = rdflib.Literal(1)
        if f.required:
            assert {(SH.minCount, one), (SH.qualifiedMinCount, one)} & counts, f.name
        shared = sum(g.rdf == f.rdf for g in rows) > 1  # rdfs:label: label and labels
        if not f.many and not shared:
            assert {(SH.maxCount, one), (SH.qualifiedMaxCount, one)} & counts, f.name
        if f.many:
            assert all(shapes.value(p, SH.maxCount) is None for p in props), f.name


# -- one change: a field added to the model and the schema -----------------------------------

_TEMPERATURE_ROW = """\
    _claim("temperature", "text", "temperature", rdf=MKG + "temperature", kgx=None,
           check="check_text", description="The temperature of the preparation."),
"""
_PROBE = """
import json, sys
from importlib.machinery import PathFinder
# drop the finder of an editable install, so that the copy on sys.path is imported
sys.meta_path[:] = [
    f for f in sys.meta_path
    if f is PathFinder or not hasattr(f, "find_spec") or f.find_spec("mechkg", None) is None
]
sys.path.insert(0, sys.argv[1])
import mechkg
assert mechkg.__file__.startswith(sys.argv[1]), mechkg.__file__
kg = mechkg.load(sys.argv[2:])
print(json.dumps({cid: [c.temperature, c.quote] for cid, c in kg.claims.items()}))
"""


def _with_temperature(tmp_path: Path) -> Path:
    """A copy of the package with a claim field ``temperature`` added to the model and the schema,
    and nothing else."""
    package = tmp_path / "site" / "mechkg"
    shutil.copytree(
        Path(mechkg.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    model = package / "model.py"
    text = model.read_text(encoding="utf-8")
    claim_at = text.index("class Claim")
    note = text.index("    note: str | None = None\n", claim_at) + len(
        "    note: str | None = None\n"
    )
    model.write_text(
        text[:note] + "    temperature: str | None = None\n" + text[note:], encoding="utf-8"
    )
    schema = package / "schema.py"
    text = schema.read_text(encoding="utf-8")
    end = text.index(")  # fmt: skip", text.index("CLAIM_FIELDS: tuple"))
    schema.write_text(text[:end] + _TEMPERATURE_ROW + text[end:], encoding="utf-8")
    return package.parent


def test_a_field_in_the_model_and_the_schema_alone_is_read(tmp_path):
    site = _with_temperature(tmp_path)
    claims = [
        {"id": "y1", "subject": "e1", "relation": "increases", "object": "e2",
         "evidence": "experiment", "source": "s1", "temperature": "5 C"},
        {"id": "y2", "subject": "e2", "relation": "increases", "object": "e1",
         "evidence": "experiment", "source": "s1"},
    ]  # fmt: skip
    doc = _write(
        tmp_path / "c.yaml", DEFINED | {"defaults": {"temperature": "4 C"}, "claims": claims}
    )
    rows = [
        ["subject", "relation", "object", "evidence", "source", "quote", "temperature"],
        ["e1", "decreases", "e2", "inferred", "s1", "q1", "22 C"],
        ["e1", "decreases", "e2", "inferred", "s1", "q2", ""],
    ]
    table = tmp_path / "c.tsv"
    table.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(site), str(doc), str(table)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    read = json.loads(run.stdout)
    assert read["y1"] == ["5 C", None] and read["y2"] == ["4 C", None]
    by_quote = {quote: (cid, temperature) for cid, (temperature, quote) in read.items() if quote}
    assert by_quote["q1"][1] == "22 C" and by_quote["q2"][1] is None
    # without the field, a row that does not use it has the same id (the digest of what
    # the row says); the temperature is part of what the other row says
    table.write_text("".join("\t".join(r[:-1]) + "\n" for r in rows), encoding="utf-8")
    ids = {c.quote: cid for cid, c in mechkg.load([_write(doc, DEFINED), table]).claims.items()}
    assert ids["q2"] == by_quote["q2"][0] and ids["q1"] != by_quote["q1"][0]
