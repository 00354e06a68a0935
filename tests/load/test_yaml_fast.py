"""The fast YAML reader builds exactly the event walk's tree, or gives up.

Every comparison checks values, their types, the line of every mapping and sequence, of
every key and item, and the duplicate keys; and ``mechkg.check`` gives the same graph and
the same problems (message, line, hint) whichever reader read the files.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any
from unittest import mock

import mechkg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mechkg.load import check as check_files
from mechkg.load import yaml_reader
from mechkg.load.yamlfast import fast_tree
from mechkg.load.yamlnodes import (
    LList,
    LMap,
    YamlProblem,
    _decode,
    _Loader,
    read_yaml,
    read_yaml_text,
)

from benchmarks.bench_yaml import write_block_claims
from benchmarks.corpus import generate, write_claims

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(
    p for d in ("tests/data", "graph/data", "docs", "examples") for p in ROOT.glob(f"{d}/**/*.yaml")
)


def same_tree(fast: Any, ref: Any, where: str = "$") -> None:
    """Fail unless the two trees are equal in value, type and every line number."""
    assert type(fast) is type(ref), (where, fast, ref)
    if isinstance(ref, LMap):
        assert fast.line == ref.line, (where, "line")
        assert list(fast) == list(ref), (where, "keys")
        assert [type(k) for k in fast] == [type(k) for k in ref], (where, "key types")
        assert fast.key_lines == ref.key_lines, (where, "key lines")
        assert fast.duplicates == ref.duplicates, (where, "duplicates")
        for key in ref:
            same_tree(fast[key], ref[key], f"{where}.{key}")
    elif isinstance(ref, LList):
        assert fast.line == ref.line, (where, "line")
        assert fast.item_lines == ref.item_lines, (where, "item lines")
        assert len(fast) == len(ref), (where, "length")
        for i, (a, b) in enumerate(zip(fast, ref, strict=True)):
            same_tree(a, b, f"{where}[{i}]")
    elif isinstance(ref, float) and math.isnan(ref):
        assert math.isnan(fast), where
    else:
        assert fast == ref, (where, fast, ref)


def check_text(text: str) -> Any:
    """The fast tree of ``text``, after checking it against the event walk (None if the
    fast reader gave up, which it must when the event walk finds a problem)."""
    fast = fast_tree(text)
    try:
        ref = read_yaml_text(text)
    except YamlProblem:
        assert fast is None, "the fast reader accepted a file the event walk refuses"
        return None
    if fast is not None:
        same_tree(fast, ref)
    return fast


def outcome(paths: list[Path]) -> tuple[Any, list[tuple[Any, ...]]]:
    kg, problems = check_files(paths)
    found = [(p.path, p.line, p.column, p.message, p.hint, p.claim, p.severity) for p in problems]
    if kg is None:
        return None, found
    return (
        sorted((k, repr(v)) for k, v in kg.claims.items()),
        sorted((k, repr(v)) for k, v in kg.entities.items()),
        sorted((k, repr(v)) for k, v in kg.sources.items()),
    ), found


def both_ways(paths: list[Path]) -> None:
    """``mechkg.check`` gives the same graph and problems with and without the fast reader."""
    fast = outcome(paths)
    with mock.patch.object(yaml_reader, "read_yaml", lambda p, fast=True: read_yaml(p, fast=False)):
        slow = outcome(paths)
    assert fast == slow


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_bundled_files(path: Path) -> None:
    try:
        text = _decode(path.read_bytes())
    except YamlProblem:
        return  # not text: the event walk is never reached
    check_text(text)


def test_bundled_files_read_fast_where_they_can() -> None:
    """Most of the project's own claim files take the fast path (so the tests above
    compare trees, not only fallbacks)."""
    fast = [p for p in BUNDLED if b"\x00" not in p.read_bytes() and fast_tree_of(p) is not None]
    assert len(fast) >= 10


def fast_tree_of(path: Path) -> Any:
    try:
        return fast_tree(_decode(path.read_bytes()))
    except YamlProblem:
        return None


@pytest.mark.parametrize("path", [p for p in BUNDLED if "broken" in p.parts])
def test_broken_files_same_problems(path: Path) -> None:
    both_ways([path])


def test_bundled_graph_same_either_way() -> None:
    both_ways([ROOT / "graph/data/lr3.yaml"])
    both_ways(sorted((ROOT / "tests/data").glob("*.yaml")))


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_generated_corpora(tmp_path: Path, shape: str) -> None:
    kg = generate(600, seed=3)
    path = tmp_path / f"{shape}.yaml"
    (write_claims if shape == "flow" else write_block_claims)(kg, path)
    tree = check_text(path.read_text(encoding="utf-8"))
    assert tree is not None, "the fast reader gave up on a generated corpus"
    assert len(tree["claims"]) == 600
    both_ways([path])
    assert len(mechkg.load([path]).claims) == 600


ACCEPTED = [
    "a: 1\n",
    "a: b  # c\n# d\n\nb:\n  - x\n  - 'y'\n  -\n  - \"z\"\nc:\n",
    "a:\n- 1\n- 2\nb: {x: [1, 2], y: {}}\nc: []\n",
    "claims:\n  - id: a\n    x: yes\n  - id: b\n    x: ~\n  - {id: c, x: 2025-08-10}\n",
    "a: 'it''s'\nb: \"\\u00e9\\x41\\/\\\"\\\\\"\nc: é日本\nd: a#b\ne: a :b\n",
    "a: 0x1F\nb: 017\nc: 1_000\nd: 1e3\ne: 1.5\nf: .inf\ng: -.5\nh: +12\ni: 1:30\nj: -3\n",
    "a: x\na: y\nb: {k: 1, k: 2}\n",
    "x:\n- a: 1\n  b:\n- c\n",
    "a:\n  b:\n    c:\n      - d: 1\n        e:\n        - f\n",
    "a: [MESH:D01, x:y, 'q, r']\n",
]
GIVES_UP = [
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: |\n  text\n",
    "a: >-\n  text\n",
    "a: long\n  continued\n",
    'a: "two\n  lines"\n',
    "a: [1,\n  2]\n",
    "---\na: 1\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "? a\n: 1\n",
    "1: a\n",
    "null: a\n",
    "a:\tb\n",
    "a: b\r\n",
    "<<: {a: 1}\n",
    'a: "\\ud800"\n',
    'a: "\\q"\n',
    'a: 1\na: "\\q"\n',  # a repeated key whose value is no YAML
    'a: {b: 1, b: "\\q"}\n',
    "a: [1, 2, ]\n",
    "a: - b\n",
    "a: b: c\n",
    "  a: 1\n",
    "",
    "# only a comment\n",
    "- 1\n- 2\n",
    "a: 1\n b: 2\n",
    "a: \x85\n",
    "a" * 1100 + ": 1\n",
    "".join("  " * i + f"k{i}:\n" for i in range(60)),
    "a: " + "[" * 150 + "]" * 150 + "\n",
    "a: " + "{b: " * 150 + "1" + "}" * 150 + "\n",
    "k" * 1000 + " " * 30 + ": 1\n",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted_shapes(text: str) -> None:
    assert check_text(text) is not None


@pytest.mark.parametrize("text", GIVES_UP)
def test_gives_up(text: str) -> None:
    assert fast_tree(text) is None
    check_text(text)


def test_plain_scalars_typed_by_the_loaders_resolvers() -> None:
    """A resolver added to the safe loader types the fast reader's scalars too."""
    custom = {k: list(v) for k, v in _Loader.yaml_implicit_resolvers.items()}
    custom.setdefault("c", []).insert(0, ("tag:yaml.org,2002:int", re.compile(r"c[0-9]+\Z")))
    with mock.patch.object(_Loader, "yaml_implicit_resolvers", custom):
        tree = check_text("a: c1\nb: x1\n")
    assert tree == {"a": "c1", "b": "x1"}  # typed int, kept as written (not a decimal)
    with mock.patch.object(_Loader, "yaml_implicit_resolvers", custom):
        custom["c"][0] = ("tag:yaml.org,2002:null", re.compile(r"c[0-9]+\Z"))
        tree = check_text("a: c1\nb: x1\n")
    assert tree == {"a": None, "b": "x1"}
    with mock.patch.object(_Loader, "yaml_path_resolvers", {(("a",), None): "x"}):
        assert fast_tree("a: 1\n") is None


# -- generated claims files ---------------------------------------------------------------
TRICKY = [
    "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "Null", "~", "", "0", "12",
    "-3", "+12", "007", "0x1F", "0o17", "0b101", "1_000", "1:30", "1:30.5", "1e3", "1.5e-3",
    "1.", ".5", ".inf", "-.Inf", ".nan", "2025", "2025-08-10", "2001-12-14t21:59:43.10-05:00",
    "2025-8-1", "NCBITaxon:9606", "MESH:D015670", "http://x.org/a#b", "a#b", "a #b", "x, y",
    "a: b", "a:b", "[x]", "{x}", "é", "日本語", "—", "it's", 'say "hi"', "back\\slash", " lead",
    "trail ", "=", "<<", "&a", "*a", "!x", "%x", "@x", "`x", "-x", "- x", "-", "?x", ":x",
    "...", "---", "a  b", "x]", "x}", "#x", "|", ">", "'", '"', "10.5555/synth.1", "c0001",
]  # fmt: skip
_scalar_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
    st.from_regex(r"[a-z][a-z0-9_.:\-]{0,10}", fullmatch=True),
)


@st.composite
def rendered(draw: st.DrawFn, flow: bool = False) -> str:
    """A scalar as a claims file might write it: plain, single- or double-quoted."""
    text = draw(_scalar_text)
    style = draw(st.sampled_from(["plain", "plain", "single", "double", "escaped"]))
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(text, ensure_ascii=draw(st.booleans()))
    escapes = ["\\x41", "\\u00e9", "\\U0001F600", "\\/", "\\t", "\\N", "\\_", "\\e", "\\0",
               "\\ ", "\\\\", '\\"', "\\q", "\\ud83d"]  # fmt: skip
    return '"' + draw(st.sampled_from(escapes)) + text.replace("\\", "").replace('"', "") + '"'


_KEYS = ["id", "subject", "relation", "object", "evidence", "source", "quote", "species",
         "negated", "method", "chain", "note"]  # fmt: skip
_keys = st.one_of(st.sampled_from(_KEYS), rendered())
_comment = st.sampled_from(["", "", "  # note", " #", "  # a: b, [c]"])


@st.composite
def flow_value(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["scalar", "scalar", "list", "map"] if depth < 2 else ["scalar"]))
    if kind == "scalar":
        return draw(rendered(flow=True))
    if kind == "list":
        items = draw(st.lists(flow_value(depth + 1), max_size=3))
        return "[" + draw(st.sampled_from([", ", ","])).join(items) + "]"
    pairs = draw(st.lists(st.tuples(_keys, flow_value(depth + 1)), max_size=3))
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


@st.composite
def claims_file(draw: st.DrawFn) -> str:
    step = draw(st.sampled_from([2, 4]))
    pad = " " * step
    indentless = draw(st.booleans())
    lines = [draw(st.sampled_from(["", "# claims\n"])) + "mechkg: 1"]
    lines.append("sources:")
    lines.append(f"{pad}s1: {{kind: article, title: {draw(rendered(flow=True))}}}")
    lines.append("claims:" + draw(_comment))
    item = "" if indentless else pad
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            pairs = draw(st.lists(st.tuples(_keys, flow_value()), min_size=1, max_size=5))
            lines.append(f"{item}- {{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
            continue
        first = True
        for key, value in draw(st.lists(st.tuples(_keys, rendered()), min_size=1, max_size=6)):
            lead = f"{item}- " if first else item + "  "
            first = False
            shape = draw(st.sampled_from(["scalar", "scalar", "flow", "block", "empty"]))
            if shape == "scalar":
                lines.append(f"{lead}{key}: {value}{draw(_comment)}")
            elif shape == "flow":
                lines.append(f"{lead}{key}: {draw(flow_value())}{draw(_comment)}")
            elif shape == "empty":
                lines.append(f"{lead}{key}:{draw(_comment)}")
            else:
                lines.append(f"{lead}{key}:")
                for entry in draw(st.lists(rendered(), min_size=1, max_size=3)):
                    lines.append(f"{item}  {pad}- {entry}{draw(_comment)}")
            if draw(st.integers(0, 5)) == 0:
                lines.append(draw(st.sampled_from(["", "# between", f"{item}  # indented"])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=400, deadline=None)
@given(claims_file())
def test_fast_tree_is_the_event_walk_or_gives_up(text: str) -> None:
    check_text(text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=claims_file())
def test_load_same_either_way(tmp_path: Path, text: str) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    both_ways([path])
