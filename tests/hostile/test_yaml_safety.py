"""YAML is read safely: no tag constructs an object or runs code, alias expansion and
nesting are bounded (in time, memory and stack), and the limits are exact."""

from __future__ import annotations

import ast
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import mechkg
import pytest
from mechkg.load import yamlnodes
from mechkg.load.yamlnodes import MAX_DEPTH, YamlProblem, read_yaml

ROOT = Path(__file__).parents[2]


def _tags(marker: Path) -> list[str]:
    """Documents that would create ``marker`` if any tag were constructed."""
    m = str(marker)
    return [
        f'mechkg: 1\nsources:\n  s: !!python/object/apply:os.system ["touch {m}"]\n',
        f'mechkg: 1\nsources:\n  s: !!python/object/new:subprocess.Popen [["touch", "{m}"]]\n',
        f'mechkg: 1\nsources:\n  s: !!python/object/apply:subprocess.call [["touch", "{m}"]]\n',
        "mechkg: 1\nsources:\n  s: !!python/name:os.system ''\n",
        "mechkg: 1\nsources:\n  s: !!python/module:os ''\n",
        "mechkg: 1\nsources:\n  s: !!python/object:builtins.object {}\n",
        "mechkg: 1\nsources:\n"
        f'  s: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch {m}"]\n',
        "%TAG !p! tag:yaml.org,2002:python/\n---\nmechkg: 1\nsources:\n"
        f'  s: !p!object/apply:os.system ["touch {m}"]\n',
        f'mechkg: 1\nsources:\n  ? !!python/object/apply:os.system ["touch {m}"]\n  : x\n',
        'mechkg: 1\nsources:\n  s: !include "/etc/passwd"\n',
    ]


@pytest.mark.parametrize("number", range(10))
def test_no_tag_constructs_anything(number, tmp_path):
    marker = tmp_path / "constructed"
    path = tmp_path / "evil.yaml"
    path.write_text(_tags(marker)[number], encoding="utf-8")
    problems = mechkg.validate([path])
    tag_line = max(n for n, ln in enumerate(path.read_text().splitlines(), 1) if "!" in ln)
    assert [p.line for p in problems] == [tag_line]
    assert "is not allowed" in problems[0].message
    assert not marker.exists()


def test_cli_build_on_a_python_tag_runs_nothing(tmp_path):
    marker = tmp_path / "constructed"
    path = tmp_path / "evil.yaml"
    path.write_text(_tags(marker)[0], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mechkg.cli", "build", str(path), "-o", str(tmp_path / "g.ttl")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"{path}:3:6: YAML tag '!!python/object/apply:os.system' is not allowed" in done.stderr
    assert not marker.exists() and not (tmp_path / "g.ttl").exists()


#: Unsafe ways to read data, and the files allowed to use one, with the reason.
_UNSAFE = {"load", "full_load", "unsafe_load", "load_all", "unsafe_load_all", "full_load_all"}
_UNSAFE_NAMES = {"Loader", "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader"}
ALLOWED = {
    ("graph/paths/cachefile.py", "marshal.loads"): "records of the index cache: plain values, "
    "each block checked against its CRC-32 first, and the cache folder must be private "
    "(SECURITY.md)",
}


def _unsafe_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, name = node.value.id, node.attr
            if (owner == "yaml" and (name in _UNSAFE or name in _UNSAFE_NAMES)) or (
                owner in ("pickle", "marshal", "shelve", "dill") and name.startswith("load")
            ):
                found.append((node.lineno, f"{owner}.{name}"))
        elif isinstance(node, ast.Name) and node.id in ("eval", "exec", "__import__"):
            found.append((node.lineno, node.id))
    return sorted(found)


def test_no_unsafe_deserialisation_or_eval_in_the_code():
    offenders = []
    for folder in ("graph", "cli"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            offenders += [
                f"{rel}:{ln}: {call}"
                for ln, call in _unsafe_calls(tree)
                if (rel, call) not in ALLOWED
            ]
    assert offenders == []


def test_the_unsafe_check_finds_unsafe_calls():
    source = "yaml.load(t)\nyaml.Loader\npickle.loads(b)\neval(s)\nyaml.safe_load(t)\n"
    assert [c for _, c in _unsafe_calls(ast.parse(source))] == [
        "yaml.load",
        "yaml.Loader",
        "pickle.loads",
        "eval",
    ]


def _bomb(levels: int = 9, width: int = 10) -> list[str]:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels + 1)]
    return lines


@pytest.mark.parametrize(
    "where",
    ["top", "claims", "quote", "key"],
)
def test_alias_bomb_is_refused_fast_and_small(where, tmp_path):
    bomb = _bomb()
    if where == "top":
        text = "mechkg: 1\n" + "\n".join(bomb) + "\n"
    elif where == "claims":
        text = "mechkg: 1\n" + "\n".join(f"x{b}" for b in bomb) + "\nclaims: *a9\n"
    elif where == "quote":
        text = (
            "mechkg: 1\nclaims:\n  - id: c\n    quote: ["
            + ", ".join(
                f"&a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]" if i else "&a0 [lol, lol]"
                for i in range(10)
            )
            + "]\n"
        )
    else:
        text = "mechkg: 1\n" + "\n".join(bomb) + "\n? *a9\n: x\n"
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    start = time.monotonic()
    try:
        problems = mechkg.validate([path])
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.monotonic() - start < 2.0
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    assert any("too many nodes (alias bomb?)" in p.message for p in problems), problems


def test_node_budget_is_exact(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlnodes, "MAX_NODES", 1000)
    path = tmp_path / "n.yaml"
    anchor = "k: &x [" + ", ".join(["v"] * 49) + "]\n"  # the list and its items: 50 nodes
    # each alias brings in the anchored list again: 50 n nodes
    path.write_text(anchor + "l: [" + ", ".join(["*x"] * 20) + "]\n")
    read_yaml(path)  # 1000 nodes brought in
    path.write_text(anchor + "l: [" + ", ".join(["*x"] * 21) + "]\n")
    with pytest.raises(YamlProblem, match="too many nodes") as info:
        read_yaml(path)  # 1050
    assert info.value.line == 2


def test_a_large_file_without_aliases_is_no_bomb(tmp_path, monkeypatch):
    """The budget is on what aliases repeat: a file's own values are bounded by its size."""
    monkeypatch.setattr(yamlnodes, "MAX_NODES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text("l: [" + ", ".join(["v"] * 5000) + "]\n")
    assert len(read_yaml(path)["l"]) == 5000


def test_depth_limit_is_exact(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    read_yaml(path)
    path.write_text("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(YamlProblem, match=f"nested more than {MAX_DEPTH} deep") as info:
        read_yaml(path)
    assert info.value.line == 1


def test_depth_through_aliases_is_counted(tmp_path):
    """Each anchor nests ten levels inside the previous one: 300 levels once expanded."""
    lines = ["a0: &a0 [x]"]
    lines += [f"a{i}: &a{i} {'[' * 10}*a{i - 1}{']' * 10}" for i in range(1, 30)]
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(YamlProblem, match="nested more than") as info:
        read_yaml(path)
    assert info.value.line == 11


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [*a]\n",
        "a: &a {b: *a}\n",
        "a: &a [[[{b: [*a]}]]]\n",
        "a: &a\n  b: &b\n    c: *a\n",
    ],
)
def test_recursive_alias_is_refused(text, tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(text)
    with pytest.raises(YamlProblem, match="recursive alias"):
        read_yaml(path)


def test_plain_aliases_still_work(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(
        "mechkg: 1\nsources:\n  s: {kind: article}\nentities:\n"
        "  a: {label: A, type: Gene, synonyms: &names [alpha, ay]}\n"
        "  b: {label: B, type: Gene}\n"
        "claims:\n"
        "  - {id: c1, subject: a, relation: increases, object: b, evidence: inferred, source: s,"
        ' quote: &q "the same quote", method: *names}\n'
        "  - {id: c2, subject: b, relation: decreases, object: a, evidence: inferred, source: s,"
        " quote: *q}\n"
    )
    kg = mechkg.load([path])
    assert kg.claims["c1"].quote == kg.claims["c2"].quote == "the same quote"
    assert kg.claims["c1"].method == ("alpha", "ay")
    assert kg.entities["a"].synonyms == ("alpha", "ay")
