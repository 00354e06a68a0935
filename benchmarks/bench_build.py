"""Benchmark of ``mechkg build`` on synthetic literature-scale claims tables.

For each size it writes a claims table (benchmarks/corpus.py: power-law entity degrees),
then runs, each in a fresh process whose wall time and peak RSS are measured:

- mechkg: ``mechkg build corpus.tsv -o out.nt`` and ``-o out.ttl`` (streamed writers);
- load only: ``mechkg.load(["corpus.tsv"])``, the part every run below shares;
- baseline 1, rdflib: the same graph's triples put in an ``rdflib.Graph`` with ``add``,
  then ``serialize`` as N-Triples and Turtle;
- baseline 2, pyoxigraph: the same triples as pyoxigraph quads, streamed to
  ``pyoxigraph.serialize`` as N-Triples and Turtle.

Baselines load the table with mechkg too (they have no table reader), so the columns
compare the writers; the "write" column is each run's time after loading.

    python benchmarks/bench_build.py --sizes 10k,100k,300k,1M
    python benchmarks/bench_build.py --sizes 10k --json result.json

rdflib runs are skipped when the previous size predicts more than ``--rdflib-limit``
seconds (600 by default) or a peak RSS over ``--rdflib-max-rss`` MB (6000: rdflib holds
about 16 KB a claim); the table then shows extrapolations, marked ``~``: a power law
through the two largest sizes rdflib ran (never less than linear).

Goals at 1M claims: mechkg within 1.5x of pyoxigraph's time, peak RSS under 2 GB, at
least 8x faster than rdflib.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a source tree
    sys.path.insert(0, str(ROOT))

FORMATS = {"nt": "N_TRIPLES", "ttl": "TURTLE"}
RDFLIB_FORMATS = {"nt": "nt", "ttl": "turtle"}


# -- workers (run in a child process) -----------------------------------------------------
def _load(claims: str) -> tuple[object, float]:
    import mechkg

    start = time.perf_counter()
    kg = mechkg.load([claims])
    return kg, time.perf_counter() - start


def load_worker(claims: str) -> dict:
    kg, load = _load(claims)
    return {"load": load, "claims": len(kg.claims)}  # type: ignore[attr-defined]


def oxigraph_worker(claims: str, out: str, fmt: str) -> dict:
    import pyoxigraph as ox
    from mechkg.rdf.build import to_triples
    from mechkg.rdf.terms import Literal

    kg, load = _load(claims)
    start = time.perf_counter()
    iris: dict[str, ox.NamedNode] = {}

    def iri(value: str) -> ox.NamedNode:
        node = iris.get(value)
        if node is None:
            node = ox.NamedNode(value)
            if len(iris) < 100_000:
                iris[value] = node
        return node

    def term(o: object) -> ox.NamedNode | ox.Literal:
        if isinstance(o, Literal):
            if o.lang:
                return ox.Literal(o.value, language=o.lang)
            if o.datatype:
                return ox.Literal(o.value, datatype=iri(o.datatype))
            return ox.Literal(o.value)
        return iri(str(o))

    quads = (ox.Quad(iri(s), iri(p), term(o)) for s, p, o in to_triples(kg))  # type: ignore[arg-type]
    ox.serialize(quads, out, getattr(ox.RdfFormat, FORMATS[fmt]))
    return {"load": load, "write": time.perf_counter() - start}


def rdflib_worker(claims: str, out: str, fmt: str) -> dict:
    import rdflib
    from mechkg.rdf.build import to_triples
    from mechkg.rdf.terms import Literal

    kg, load = _load(claims)
    start = time.perf_counter()
    g = rdflib.Graph()
    for s, p, o in to_triples(kg):  # type: ignore[arg-type]
        if isinstance(o, Literal):
            obj: rdflib.term.Node = rdflib.Literal(
                o.value, lang=o.lang, datatype=rdflib.URIRef(o.datatype) if o.datatype else None
            )
        else:
            obj = rdflib.URIRef(o)
        g.add((rdflib.URIRef(s), rdflib.URIRef(p), obj))
    g.serialize(out, format=RDFLIB_FORMATS[fmt], encoding="utf-8")
    return {"load": load, "write": time.perf_counter() - start}


def same_graph_worker(a: str, b: str) -> dict:
    import pyoxigraph as ox

    def quads(p: str) -> set:
        return set(ox.parse(path=p, format=ox.RdfFormat.N_TRIPLES))

    return {"same_graph": quads(a) == quads(b)}


WORKERS = {
    "load": load_worker,
    "oxigraph": oxigraph_worker,
    "rdflib": rdflib_worker,
    "same-graph": same_graph_worker,
}


# -- the parent ---------------------------------------------------------------------------
def _measure(args: list[str], env: dict[str, str]) -> dict:
    """Run a child process; its wall time, peak RSS and the JSON it printed.

    The peak RSS comes from GNU time when it is installed: a child's own ru_maxrss can
    include the memory of the parent it was forked from.
    """
    gnu_time = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        prefix = [str(gnu_time), "-f", "%M %U %S", "-o", stats.name] if gnu_time.exists() else []
        start = time.monotonic()
        proc = subprocess.Popen(
            prefix + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        out_b, err_b = proc.communicate()
        wall = time.monotonic() - start
        if proc.returncode != 0:
            err = err_b.decode(errors="replace")
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
        text = stats.read().strip().splitlines() if prefix else []
    cpu = None
    if text:
        rss_kb, user, system = text[-1].split()
        rss_mb, cpu = int(rss_kb) / 1024, float(user) + float(system)
    else:
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = out_b.decode()
    result = json.loads(out.strip().splitlines()[-1]) if out.strip().startswith("{") else {}
    result.update(wall=wall, rss_mb=rss_mb, cpu=cpu)
    return result


def _worker_args(kind: str, *rest: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", kind, *rest]


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _extrapolate(size: int, earlier: list[dict], key: str) -> tuple[float, float]:
    """Predicted (wall s, peak RSS MB) of run ``key`` at ``size``: a power law through the
    two largest earlier sizes where it ran (linear from one; (0, 0) from none)."""
    points = [(r["size"], r["runs"][key]) for r in earlier if not r["runs"][key].get("skipped")][
        -2:
    ]
    if not points:
        return 0.0, 0.0
    n2, last = points[-1]
    guess = []
    for field in ("wall", "rss_mb"):
        exponent = 1.0
        if len(points) == 2:
            n1, first = points[0]
            exponent = max(1.0, math.log(last[field] / first[field]) / math.log(n2 / n1))
        guess.append(last[field] * (size / n2) ** exponent)
    return guess[0], guess[1]


def run_size(
    size: int, work: Path, env: dict[str, str], limits: tuple[float, float], earlier: list[dict]
) -> dict:
    claims = work / f"corpus-{size}.tsv"
    if not claims.exists():
        subprocess.run(
            [sys.executable, "-m", "benchmarks.corpus", str(size), "-o", str(claims)],
            check=True,
            cwd=ROOT,
            env=env,
        )
    runs: dict[str, dict] = {"load": _measure(_worker_args("load", str(claims)), env)}
    for fmt in FORMATS:
        out = work / f"mechkg-{size}.{fmt}"
        cli = [sys.executable, "-m", "mechkg.cli", "build", str(claims), "-o", str(out)]
        runs[f"mechkg {fmt}"] = _measure(cli, env)
        ox_out = work / f"oxigraph-{size}.{fmt}"
        runs[f"oxigraph {fmt}"] = _measure(
            _worker_args("oxigraph", str(claims), str(ox_out), fmt), env
        )
        key = f"rdflib {fmt}"
        guess = _extrapolate(size, earlier, key)
        if guess[0] > limits[0] or guess[1] > limits[1]:
            runs[key] = {"skipped": True, "wall": guess[0], "rss_mb": guess[1], "cpu": None}
        else:
            rd_out = work / f"rdflib-{size}.{fmt}"
            runs[key] = _measure(_worker_args("rdflib", str(claims), str(rd_out), fmt), env)
            rd_out.unlink()
        if fmt == "nt":
            runs["mechkg nt"]["triples"] = _count_lines(out)
            if size <= 100_000:
                same = _measure(_worker_args("same-graph", str(out), str(ox_out)), env)
                runs["oxigraph nt"]["same_graph"] = same["same_graph"]
        ox_out.unlink()
    load = runs["load"]["load"]
    for name, r in runs.items():
        if name.startswith("mechkg"):
            r["load"] = load  # the CLI does not report its phases; loading is shared
            r["write"] = max(0.0, r["wall"] - runs["load"]["wall"])
    return {"size": size, "triples": runs["mechkg nt"]["triples"], "runs": runs}


def _fmt_size(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k"


def report(results: list[dict]) -> str:
    lines = []
    for res in results:
        runs = res["runs"]
        lines.append(
            f"\n{_fmt_size(res['size'])} claims, {res['triples']:,} triples "
            f"(load only: {runs['load']['wall']:.1f} s wall, {runs['load']['cpu'] or 0:.1f} s CPU, "
            f"{runs['load']['rss_mb']:.0f} MB)"
        )
        lines.append(f"{'run':<14} {'wall s':>9} {'CPU s':>9} {'write s':>9} {'peak RSS MB':>12}")
        for name, r in runs.items():
            if name == "load":
                continue
            skipped = r.get("skipped")
            wall = f"~{r['wall']:.0f}" if skipped else f"{r['wall']:.1f}"
            cpu = "" if skipped or r.get("cpu") is None else f"{r['cpu']:.1f}"
            write = "" if skipped else f"{r.get('write', 0):.1f}"
            rss = f"~{r['rss_mb']:.0f} skipped" if skipped else f"{r['rss_mb']:.0f}"
            lines.append(f"{name:<14} {wall:>9} {cpu:>9} {write:>9} {rss:>12}")
        for fmt in FORMATS:
            me, ox, rd = (runs[f"{t} {fmt}"] for t in ("mechkg", "oxigraph", "rdflib"))
            mark = "~" if rd.get("skipped") else ""
            cpu = f" (CPU {me['cpu'] / ox['cpu']:.2f}x)" if me.get("cpu") and ox.get("cpu") else ""
            lines.append(
                f"{fmt}: mechkg / pyoxigraph = {me['wall'] / ox['wall']:.2f}x{cpu}; "
                f"rdflib / mechkg = {mark}{rd['wall'] / me['wall']:.1f}x"
            )
        same = runs["oxigraph nt"].get("same_graph")
        if same is not None:
            lines.append(f"mechkg and pyoxigraph N-Triples are the same graph: {same}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="claims per corpus: 10k,100k,1M")
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="skip rdflib when the previous size predicts a longer run",
    )
    parser.add_argument(
        "--rdflib-max-rss",
        type=float,
        default=6000.0,
        metavar="MB",
        help="skip rdflib when the previous size predicts a larger peak RSS",
    )
    parser.add_argument("--work", type=Path, default=None, help="keep corpora and outputs here")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    if ns.worker:
        print(json.dumps(WORKERS[ns.worker](*ns.args)))
        return

    from benchmarks.corpus import parse_size

    sizes = [parse_size(s) for s in ns.sizes.split(",")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MECHKG_PROGRESS": "0"}
    work = ns.work or Path(tempfile.mkdtemp(prefix="mechkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    for size in sizes:
        limits = (ns.rdflib_limit, ns.rdflib_max_rss)
        results.append(run_size(size, work, env, limits, results))
        print(report(results[-1:]), flush=True)
    if ns.json:
        ns.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
