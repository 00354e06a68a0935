"""The chain shorthand cannot turn a small file into millions of claims."""

from __future__ import annotations

import time

import mechkg
import pytest
from mechkg.load.spec import MAX_CHAIN_CLAIMS, MAX_FILE_CHAIN_CLAIMS


def _file(path, chains, n_entities):
    lines = ["mechkg: 1", "sources:", "  s1: {kind: article, title: T}", "entities:"]
    lines += [f"  e{i}: {{label: entity {i}, type: Gene}}" for i in range(n_entities)]
    lines += ["defaults: {source: s1, evidence: inferred}", "claims:"]
    for n, chain in enumerate(chains, start=1):
        lines += [f"  - id: c{n}", f"    chain: {chain}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def _fan(a, b, width):
    left = "/".join(f"e{i}" for i in range(a, a + width))
    right = "/".join(f"e{i}" for i in range(b, b + width))
    return f"{left} -> {right}"


def test_one_chain_with_a_huge_fan_out_is_refused_at_its_line(tmp_path):
    # 1,000 x 1,000 names: a 10 KB line that would be a million claims
    path = _file(tmp_path / "bomb.yaml", [_fan(0, 1000, 1000)], 2000)
    start = time.perf_counter()
    with pytest.raises(mechkg.ValidationError) as info:
        mechkg.load([path])
    assert time.perf_counter() - start < 20
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{path}:2008: claim c1: chain stands for 1,000,000 claims")
    assert f"more than {MAX_CHAIN_CLAIMS:,}" in str(problem)


def test_a_chain_at_the_limit_is_read(tmp_path):
    path = _file(tmp_path / "ok.yaml", [_fan(0, 40, 25) + " -> e80"], 81)  # 625 + 25
    kg = mechkg.load([path])
    assert len(kg.claims) == 650


def test_many_chains_count_against_one_file_budget(tmp_path):
    n = MAX_FILE_CHAIN_CLAIMS // MAX_CHAIN_CLAIMS + 1  # each chain at the limit (20 x 50)
    left = "/".join(f"e{i}" for i in range(20))
    right = "/".join(f"e{i}" for i in range(20, 70))
    chains = [f"{left} -> {right}"] * n
    path = _file(tmp_path / "many.yaml", chains, 70)
    with pytest.raises(mechkg.ValidationError) as info:
        mechkg.load([path])
    over = [p for p in info.value.problems if "the chains of this file" in str(p)]
    assert len(over) == 1
    assert f"stand for more than {MAX_FILE_CHAIN_CLAIMS:,} claims" in str(over[0])
    assert str(over[0]).startswith(f"{path}:")
