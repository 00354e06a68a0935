"""The path benchmark's quick mode runs and prints every row of its table (correctness
only: no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_mode_prints_every_row_beside_its_reference(tmp_path):
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_paths.py", "--claims", "3000", "--load-claims",
         "1000", "--queries", "4", "--cold-runs", "1", "--heavy", "--growth", "4000",
         "--workdir", str(tmp_path / "work"), "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for row in (
        "first `mechkg paths A B corpus.tsv`", "csv read", "cold `mechkg paths`, cache present",
        "import click", "warm k=5 --no-weaker p50 / p95", "networkx",
        "the same, each beside networkx's",
        "default query (weaker routes) p50 / p95", "queries stopped at the work budget",
        "`graph.load` of a 1,000-claim table", "N-Triples writer after it",
        "(heavy hubs)", "growth 3,000 -> 4,000 claims", "cold-query peak RSS MB",
        "first-query peak RSS MB", "with the one-time imports of NumPy and Arrow",
    ):  # fmt: skip
        assert row in text, row
    figures = json.loads(out.read_text())
    assert [r["shape"] for r in figures["rows"]] == ["default", "heavy"]
    assert figures["growth"]["claims"] == 4000
    assert figures["rows"][0]["cache_mb"] > 0
    assert figures["rows"][0]["networkx"]["mechkg"]["p95_ms"] > 0
    assert [r["shape"] for r in figures["load"]] == ["default", "heavy"]
    assert all(r["triples"] > 0 and r["claims"] == 1000 for r in figures["load"])
