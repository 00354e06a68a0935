"""Loading and validating claims tables (TSV and CSV, docs/bulk-format.md)."""

from __future__ import annotations

from pathlib import Path

import mechkg
import pytest
from mechkg.errors import ValidationError
from mechkg.export import exporter

BULK = Path(__file__).resolve().parent.parent / "data" / "bulk"
CURATED = BULK / "curated.yaml"

# The slushy table's known problems, in file order: (line, column, message).
SLUSHY = [
    (2, 5, "claim s1: unknown relation 'activates'; did you mean 'increases'?"),
    (3, 7, "claim s2: unknown evidence level 'strong'"),
    (3, 10, "claim s2: species: malformed CURIE 'mouse'"),
    (4, 2, "claim s3: empty subject; every row needs a subject"),
    (5, 4, "claim s4: subject_type is empty but other subject_ cells are filled"),
    (6, 4, "entity C1: subject_type 'Protein' differs from 'SmallMolecule' at line 2"),
    (7, 10, "row has 9 cells but the header has 11"),
    (9, 1, "claim s7: duplicate claim id 's7' (first at line 8) with a different claim"),
    (10, 2, "claim s8: unknown entity 'BDFN' in subject; did you mean 'bdnf'?"),
    (11, 8, "claim s9: unknown source 'thno2024' in source; did you mean 'thno2025'?"),
    (12, 1, "invalid claim id 'bad id'"),
    (13, 9, "claim s10: invalid PMID '12a'"),
    (14, 11, "claim s11: negated must be true or false, got 'maybe'"),
    (15, 2, "claim s12: invalid entity id 'glutamate receptor'"),
]


def _table(tmp_path: Path, rows: list[list[str]], name: str = "t.tsv") -> Path:
    sep = "," if name.endswith(".csv") else "\t"
    path = tmp_path / name
    path.write_text("".join(sep.join(r) + "\n" for r in rows), encoding="utf-8")
    return path


HEADER = ["id", "subject", "relation", "object", "evidence", "source"]


def test_tsv_rows_merge_with_yaml_definitions():
    kg = mechkg.load([CURATED, BULK / "claims.tsv"])
    # rows name YAML entities by label or id, and define their own entities and sources
    r1 = kg.claims["r1"]
    assert (r1.subject, r1.object, r1.source) == ("bdnf", "C0001", "thno2025")
    assert r1.quote == 'BDNF "raised" AMPA levels'
    assert r1.anatomy == ("UBERON:0001954", "hippocampus")
    assert r1.method == ("Golgi staining", "western blot")
    assert kg.entities["C0001"].label == "AMPA receptor"
    assert kg.entities["C0001"].xrefs == ("UniProtKB:P19490",)  # from a later row
    assert kg.entities["C0002"].xrefs == ("MAXO:0000083",)
    assert kg.entities["bdnf"].synonyms == ("brain-derived neurotrophic factor",)
    assert kg.claims["r5"].negated is True and kg.claims["r4"].negated is False
    # a source defined by its PMID alone, kind article by default
    src = kg.sources["pmid-40225589"]
    assert (src.kind, src.pmid, src.title, src.date) == (
        "article",
        "40225589",
        "Acupuncture and BDNF",
        "2025",
    )
    # the exact repeat of a row is one claim; rows without id get a digest id
    derived = sorted(c for c in kg.claims if c.startswith("c-"))
    assert len(derived) == 2
    assert len(kg.claims) == 6


def test_csv_reads_the_same_claims_as_tsv():
    tsv = mechkg.load([CURATED, BULK / "claims.tsv"])
    csv = mechkg.load([CURATED, BULK / "claims.csv"])
    assert csv.claims == tsv.claims
    assert csv.entities == tsv.entities
    assert csv.sources == tsv.sources


def test_slushy_table_reports_every_problem_with_line_and_column():
    path = BULK / "slushy.tsv"
    problems = mechkg.validate([CURATED, path])
    got = [(p.line, p.column, str(p)) for p in problems]
    assert len(got) == len(SLUSHY), "\n".join(g[2] for g in got)
    for (line, column, text), (want_line, want_col, want) in zip(got, SLUSHY, strict=True):
        assert (line, column) == (want_line, want_col), text
        where = f"{path}:{line}" + (f":{column}" if column else "")
        assert text.startswith(f"{where}: {want}"), text


def test_rows_differing_only_in_definitions_are_one_claim(tmp_path):
    claim = ["increases", "bdnf", "experiment", "thno2025"]
    rows = [
        ["subject", "subject_label", "subject_type", "subject_xrefs", *HEADER[2:]],
        ["glu", "glutamate", "SmallMolecule", "CHEBI:14321", *claim],
        ["glu", "glutamate", "SmallMolecule", "", *claim],
        ["glu", "glutamate", "SmallMolecule", "CHEBI:16015", *claim],
    ]
    kg = mechkg.load([CURATED, _table(tmp_path, rows)])
    assert len(kg.claims) == 2  # curated1 and the table's one claim
    assert kg.entities["glu"].xrefs == ("CHEBI:14321", "CHEBI:16015")


def test_table_definition_merges_with_a_yaml_definition_of_the_same_type(tmp_path):
    rows = [
        ["subject", "subject_label", "subject_type", "relation", "object", "evidence", "source"],
        ["bdnf", "BDNF", "Protein", "increases", "plasticity", "experiment", "thno2025"],
    ]
    kg = mechkg.load([CURATED, _table(tmp_path, rows)])
    assert kg.entities["bdnf"].xrefs == ("MGI:88145",)  # the YAML's names kept
    # two types cannot be one entity: an error at the table's row, naming the YAML's line
    rows[1][2] = "Gene"
    (problem,) = mechkg.validate([CURATED, _table(tmp_path, rows)])
    assert "entity 'bdnf' has type Gene here but type Protein at" in str(problem)
    assert "curated.yaml:8" in str(problem)
    # leaving the entity cells empty refers to the YAML definition instead
    rows[1][1:3] = ["", ""]
    assert mechkg.validate([CURATED, _table(tmp_path, rows)]) == []


def test_yaml_table_and_rdf_inputs_merge_into_one_graph(tmp_path):
    ttl = tmp_path / "curated.ttl"
    exporter("turtle")[1](mechkg.load([CURATED]), ttl)
    mixed = mechkg.load([ttl, BULK / "claims.tsv"])
    direct = mechkg.load([CURATED, BULK / "claims.tsv"])
    assert mixed.claims == direct.claims
    assert mixed.entities == direct.entities
    assert mixed.sources == direct.sources
    # the table's claims survive a round trip through every RDF format
    for fmt, ext in (("ntriples", ".nt"), ("turtle", ".ttl"), ("trig", ".trig")):
        out = tmp_path / f"all{ext}"
        exporter(fmt)[1](direct, out)
        assert mechkg.load([out]).claims == direct.claims


def test_header_problems_stop_the_file(tmp_path):
    rows = [["id", "subjet", "relation", "object", "evidence", "_mine", "id"], ["x"] * 7]
    problems = [str(p) for p in mechkg.validate([_table(tmp_path, rows)])]
    assert problems[0].endswith(
        ":1:2: unknown column 'subjet'; did you mean 'subject'? the columns are listed in "
        "docs/bulk-format.md; start a column's name with '_' to have it ignored"
    )
    assert problems[1].endswith(":1:7: column 'id' appears twice; keep one")
    assert "the header has no 'subject', 'source' column" in problems[2]
    assert len(problems) == 3  # the rows are not read


def test_comments_blank_lines_bom_and_ignored_columns(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(
        "\ufeff# exported 2025-01-01\n# from a database\nsubject\trelation\tobject\t"
        "evidence\tsource\t_score\n\nbdnf\tincreases\tplasticity\texperiment\tthno2025\t0.9\n"
        "\n",
        encoding="utf-8",
    )
    kg = mechkg.load([CURATED, path])
    assert len(kg.claims) == 2
    (line,) = [ln for cid, ln in _claim_lines(path) if cid.startswith("c-")]
    assert line == 5


def _claim_lines(path: Path) -> list[tuple[str, int | None]]:
    from mechkg.load.spec import Reporter
    from mechkg.load.tsv_reader import read_table_claims

    data = read_table_claims(path, str(path), Reporter(str(path), []))
    return data.claim_ids


def test_csv_quoting_and_multiline_cells(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "id,subject,relation,object,evidence,source,quote\n"
        'q1,bdnf,increases,plasticity,experiment,thno2025,"a, b\nand ""c"""\n'
        "q2,plasticity,decreases,bdnf,experiment,thno2025,\n",
        encoding="utf-8",
    )
    kg = mechkg.load([CURATED, path])
    assert kg.claims["q1"].quote == 'a, b\nand "c"'
    assert [ln for _, ln in _claim_lines(path)] == [2, 4]


def test_unterminated_quote_is_located(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "id,subject,relation,object,evidence,source,quote\n"
        'q1,bdnf,increases,plasticity,experiment,thno2025,"open\n',
        encoding="utf-8",
    )
    (problem,) = mechkg.validate([CURATED, path])
    assert str(problem).startswith(f"{path}:2: cannot read the table")
    assert "quoted cell must end with a quote" in str(problem)


@pytest.mark.parametrize("char", ["\x07", "\x08", "\x00", "\x7f", "\x1b", "\x9b", "\x0c", "\ufffe"])
@pytest.mark.parametrize("column", ["quote", "note", "subject"])
def test_control_characters_are_refused_in_every_cell(tmp_path, char, column):
    """What YAML refuses in a claims file, a table refuses too: BEL, backspace, NUL ...
    would otherwise reach the terminal of whoever reads the claims."""
    path = tmp_path / "t.csv"
    cells = {"quote": "ok", "note": "ok", "subject": "bdnf"}
    cells[column] = f"bad {char} text" if column != "subject" else f"bd{char}nf"
    path.write_text(
        "id,subject,relation,object,evidence,source,quote,note\n"
        f'q1,{cells["subject"]},increases,plasticity,experiment,thno2025,"{cells["quote"]}\n'
        f'second line",{cells["note"]}\n'
        "q2,plasticity,decreases,bdnf,experiment,thno2025,,\n",
        encoding="utf-8",
    )
    problems = mechkg.validate([CURATED, path])
    where = {"quote": 7, "note": 8, "subject": 2}[column]
    assert [str(p) for p in problems] == [
        f"{path}:2:{where}: claim q1: {column} contains the control character "
        f"U+{ord(char):04X}; remove it: control characters are not allowed in claim text"
    ]


def test_tabs_and_line_breaks_in_quoted_cells_are_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "id,subject,relation,object,evidence,source,quote\n"
        'q1,bdnf,increases,plasticity,experiment,thno2025,"a\tb\r\nc"\n',
        encoding="utf-8",
        newline="",
    )
    kg = mechkg.load([CURATED, path])
    assert kg.claims["q1"].quote == "a\tb\r\nc"


def test_non_utf8_line_is_located(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(
        b"id\tsubject\trelation\tobject\tevidence\tsource\n"
        b"a\tbdnf\tincreases\tplasticity\texperiment\tthno2025\n"
        b"b\tbdnf\tdecreases\tplasti\xe9city\texperiment\tthno2025\n"
    )
    problems = mechkg.validate([CURATED, path])
    assert [str(p) for p in problems] == [
        f"{path}:3:4: text is not UTF-8 (byte 0xe9 at offset 23); save the file as UTF-8"
    ]


def test_empty_table_and_source_derived_from_doi(tmp_path):
    empty = tmp_path / "empty.tsv"
    empty.write_text("# nothing here\n", encoding="utf-8")
    assert "the table has no header" in str(mechkg.validate([empty])[0])
    rows = [
        ["subject", "relation", "object", "evidence", "source_doi", "source_kind"],
        ["bdnf", "increases", "plasticity", "experiment", "10.1000/x(1)", "preprint"],
    ]
    kg = mechkg.load([CURATED, _table(tmp_path, rows)])
    src = kg.sources["doi-10.1000_x_1_"]
    assert (src.kind, src.doi) == ("preprint", "10.1000/x(1)")


def _bad_rows(tmp_path: Path, n: int) -> Path:
    rows = [HEADER] + [
        [f"b{i}", "bdnf", "activates", "plasticity", "experiment", "thno2025"] for i in range(n)
    ]
    return _table(tmp_path, rows)


def test_every_bad_row_is_reported_in_one_pass(tmp_path):
    problems = mechkg.validate([CURATED, _bad_rows(tmp_path, 500)])
    assert len(problems) == 500
    assert [p.line for p in problems] == list(range(2, 502))


def test_max_errors_stops_reading_and_says_so(tmp_path):
    path = _bad_rows(tmp_path, 500)
    problems = mechkg.validate([CURATED, path], max_errors=10)
    assert len(problems) == 11
    assert [p.line for p in problems[:10]] == list(range(2, 12))
    assert str(problems[-1]) == (
        f"{path}: reading stopped at the limit of 10 problems; more may follow; "
        "fix these, or raise the limit (--max-errors) to see the rest"
    )
    with pytest.raises(ValidationError) as info:
        mechkg.load([CURATED, path], max_errors=3)
    assert len(info.value.problems) == 4
    assert mechkg.validate([CURATED], max_errors=1) == []
    with pytest.raises(ValueError):
        mechkg.validate([CURATED], max_errors=0)


def test_cli_validate_and_build_take_max_errors(cli, tmp_path):
    path = _bad_rows(tmp_path, 50)
    result = cli("validate", "--max-errors", "5", CURATED, path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len([ln for ln in lines if "unknown relation 'activates'" in ln]) == 5
    assert "reading stopped at the limit of 5 problems" in result.stderr
    out = tmp_path / "out.nt"
    result = cli("build", "--max-errors", "2", path, "-o", out)
    assert result.exit_code == 1
    assert "reading stopped at the limit of 2 problems" in result.stderr
    assert not out.exists()
    result = cli("validate", "--max-errors", "0", path)
    assert result.exit_code == 2


def test_cli_builds_a_table(cli, tmp_path):
    out = tmp_path / "bulk.ttl"
    result = cli("build", CURATED, BULK / "claims.tsv", "-o", out)
    assert result.exit_code == 0, result.output
    assert "6 claims" in result.stderr
    assert mechkg.load([out]).claims == mechkg.load([CURATED, BULK / "claims.tsv"]).claims


DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "bulk-format.md"


def _block(text: str, lang: str) -> str:
    start = text.index(f"```{lang}\n") + len(lang) + 4
    return text[start : text.index("```", start)]


def test_documented_example_loads_as_described(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    (tmp_path / "curated.yaml").write_text(_block(text, "yaml"), encoding="utf-8")
    (tmp_path / "claims.tsv").write_text(_block(text, "tsv"), encoding="utf-8")
    kg = mechkg.load([tmp_path / "curated.yaml", tmp_path / "claims.tsv"])
    assert len(kg.claims) == 3 and "vca1_bdnf" in kg.claims
    assert sum(cid.startswith("c-") for cid in kg.claims) == 2
    assert {"C0030689", "C0011570"} <= set(kg.entities)
    assert kg.sources["pmid-12345678"].title == "BDNF and plasticity"
    assert kg.claims["vca1_bdnf"].object == "bdnf"


def test_every_column_is_documented():
    from mechkg.load.tsv_reader import COLUMNS

    text = DOC.read_text(encoding="utf-8")
    assert [c for c in COLUMNS if f"`{c}`" not in text] == []


def test_digest_ids_depend_on_what_rows_say_and_see_derived_sources(tmp_path):
    rows = [
        ["subject", "relation", "object", "evidence", "source_pmid"],
        ["bdnf", "increases", "plasticity", "experiment", "1"],
        ["bdnf", "increases", "plasticity", "experiment", "2"],
        ["plasticity", "decreases", "bdnf", "hypothesis", "2"],
    ]
    a = mechkg.load([CURATED, _table(tmp_path, rows, "a.tsv")])
    assert len(a.claims) == 4  # three claims (two papers), and curated1
    reordered = [rows[0], rows[3], rows[1], rows[2]]
    assert mechkg.load([CURATED, _table(tmp_path, reordered, "b.tsv")]).claims == a.claims
    swapped = [[r[4], r[3], r[2], r[1], r[0]] for r in rows]
    assert mechkg.load([CURATED, _table(tmp_path, swapped, "c.tsv")]).claims == a.claims


def test_one_path_is_one_file_not_a_sequence_of_characters(tmp_path):
    from mechkg.paths.cache import load_cached

    table = BULK / "claims.tsv"
    both = mechkg.load([CURATED, table])
    assert mechkg.load(str(CURATED)).claims.keys() == mechkg.load([CURATED]).claims.keys()
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "curated.yaml").write_text(CURATED.read_text(encoding="utf-8"), encoding="utf-8")
    assert mechkg.load(folder).claims.keys() == mechkg.load([CURATED]).claims.keys()
    assert mechkg.validate(str(CURATED)) == []
    assert len(load_cached(str(CURATED))) == len(load_cached([CURATED])) > 0
    assert len(both.claims) > len(mechkg.load(CURATED).claims)
