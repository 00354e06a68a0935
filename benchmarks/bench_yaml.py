"""Benchmark of the YAML claims reader on synthetic claims files of two shapes.

For each size it generates one graph (benchmarks/corpus.py) and writes it twice:

- ``flow``: the bulk writer's style (``write_claims``), one flow mapping per claim, source
  and entity;
- ``block``: the style curators write (:func:`write_block_claims`): block mappings, one
  key per line, block lists, comments on their own lines and after values, plain,
  single-quoted and double-quoted scalars.

Each file is then loaded whole (read, checked and made a graph) by:

- load: ``mechkg.load``, whose claims are checked a field at a time
  (:mod:`mechkg.load.yamlcolumns`, the claims file's shape permitting);
- load per claim (baseline): the same file read claim by claim and assembled, as
  ``mechkg.load`` does for a file the field-at-a-time reader does not take;

and read (to the parsed claims, before they are assembled into a graph) by:

- fast: ``read_yaml_claims`` as ``mechkg.load`` calls it (the line reader, falling back
  to the event walk on anything it does not read itself), every field check included;
- event walk (baseline): the same with ``fast=False``, PyYAML's libyaml event stream
  walked in Python;
- CSafeLoader (reference): ``yaml.load(text, Loader=yaml.CSafeLoader)``, plain objects, no
  line numbers and no checks.

The tree columns time the node building alone (``fast_tree`` beside the event walk).
Figures are the best of ``--repeat`` runs, as claims per second, the garbage collector
paused as ``mechkg.load`` pauses it. The machine's load average is printed before and
after: on a busy machine the figures drop, the ratios much less.

    python benchmarks/bench_yaml.py --sizes 10k,50k --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a source tree
    sys.path.insert(0, str(ROOT))

from mechkg.io import atomic_open  # noqa: E402
from mechkg.model import KnowledgeGraph  # noqa: E402

from benchmarks.corpus import generate, parse_size, write_claims  # noqa: E402

__all__ = ["write_block_claims", "main"]


def _dq(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def _sq(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def write_block_claims(kg: KnowledgeGraph, path: str | Path) -> None:
    """Write ``kg`` as a block-style claims file with comments (docs/claims-format.md)."""
    with atomic_open(path) as out:
        out.write("# Synthetic claims in block style (benchmarks/bench_yaml.py).\n")
        out.write("mechkg: 1\n\n# --- sources ---\nsources:\n")
        for s in kg.sources.values():
            out.write(f"  {s.id}:\n    kind: {s.kind}  # the source's kind\n")
            out.write(f"    title: {s.title or s.id}\n")
            if s.doi:
                out.write(f"    doi: {s.doi}\n")
            out.write(f"    date: {_sq(s.date or '2000')}\n")
        out.write("\n# --- entities ---\nentities:\n")
        for e in kg.entities.values():
            out.write(f"  {e.id}:\n    label: {e.label}\n    type: {e.type}\n")
            if e.synonyms:
                out.write("    synonyms:\n")
                out.write("".join(f"      - {_dq(x)}\n" for x in e.synonyms))
        out.write("\n# --- claims ---\nclaims:\n")
        for c in kg.claims.values():
            out.write(
                f"  # {c.id}\n  - id: {c.id}\n    subject: {c.subject}\n"
                f"    relation: {c.relation}\n    object: {c.object}\n"
                f"    evidence: {c.evidence}  # graded\n    source: {c.source}\n"
                f"    quote: {_dq(c.quote or '')}\n    quote_lang: en\n"
            )
            if c.species:
                out.write(f"    species: {_sq(c.species)}\n")
            if c.negated:
                out.write("    negated: true\n")


def _best(run: Callable[[], object], repeat: int) -> float:
    """The best wall time of ``repeat`` runs, the garbage collector paused as
    ``mechkg.load`` pauses it while reading."""
    from mechkg.progress import paused_gc

    best = float("inf")
    for _ in range(repeat):
        with paused_gc():
            start = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - start)
    return best


def _measure(path: Path, n: int, repeat: int) -> dict[str, float]:
    import yaml
    from mechkg.load.spec import Reporter
    from mechkg.load.yaml_reader import read_yaml_claims
    from mechkg.load.yamlfast import fast_tree
    from mechkg.load.yamlnodes import read_yaml_text

    def reader(fast: bool) -> Callable[[], object]:
        def run() -> object:
            problems: list = []
            data = read_yaml_claims(path, str(path), Reporter(str(path), problems), fast=fast)
            if problems or len(data.claims) != n:
                raise SystemExit(f"{path}: {len(problems)} problems, {len(data.claims)} claims")
            return data

        return run

    import mechkg
    from mechkg.load import _run

    def load() -> object:
        kg = mechkg.load([path])
        if len(kg.claims) != n:
            raise SystemExit(f"{path}: {len(kg.claims)} claims")
        return kg

    def load_per_claim() -> object:
        kg, problems = _run([path], None, None)
        if kg is None or len(kg.claims) != n:
            raise SystemExit(f"{path}: {len(problems)} problems")
        return kg

    text = path.read_text(encoding="utf-8")
    if fast_tree(text) is None:
        raise SystemExit(f"{path}: the fast reader gave up on it")
    times = {
        "load": _best(load, repeat),
        "load_claims": _best(load_per_claim, repeat),
        "fast": _best(reader(True), repeat),
        "events": _best(reader(False), repeat),
        "tree_fast": _best(lambda: fast_tree(text), repeat),
        "tree_events": _best(lambda: read_yaml_text(text), repeat),
        "csafe": _best(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat),
    }
    return {key: n / seconds for key, seconds in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,50k", help="claims per file, e.g. 10k,50k")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the best kept")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    header = (
        f"{'claims':>8} {'shape':<6} {'load':>8} {'per claim':>10} {'speed-up':>9} "
        f"{'fast':>10} {'event walk':>11} {'speed-up':>9} "
        f"{'CSafeLoader':>12} {'tree fast':>10} {'tree events':>12}   (claims/s)"
    )
    print(f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            n = parse_size(size)
            kg = generate(n, args.seed)
            files = {"flow": Path(tmp, f"flow_{n}.yaml"), "block": Path(tmp, f"block_{n}.yaml")}
            write_claims(kg, files["flow"])
            write_block_claims(kg, files["block"])
            for shape, path in files.items():
                r = _measure(path, n, args.repeat)
                print(
                    f"{n:>8} {shape:<6} {r['load']:>8,.0f} {r['load_claims']:>10,.0f} "
                    f"{r['load'] / r['load_claims']:>8.1f}x {r['fast']:>10,.0f} "
                    f"{r['events']:>11,.0f} "
                    f"{r['fast'] / r['events']:>8.1f}x {r['csafe']:>12,.0f} "
                    f"{r['tree_fast']:>10,.0f} {r['tree_events']:>12,.0f}",
                    flush=True,
                )
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
