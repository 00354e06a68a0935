"""Benchmark of causal path queries on synthetic literature-scale corpora, each figure
printed beside its reference, measured in the same run.

For the main size (``--claims``, default 1M) and, with ``--heavy``, a second corpus of the
same size with heavier hubs (benchmarks/corpus.py ``SHAPES``), it writes a claims table
and measures, each in a fresh process:

- the first ``mechkg paths A B corpus.tsv`` (parse, check, index, write the cache) and its
  peak RSS, beside reading the same table with Python's ``csv`` module;
- the cold ``mechkg paths A B corpus.tsv`` with the cache present (median of
  ``--cold-runs``) and its peak RSS, beside ``python -c "import click"`` (mechkg's
  bytecode is written first, as an install does);
- warm k=5 queries (``--no-weaker``) p50/p95 over ``--queries`` pairs, half near (ends of
  random walks) and half far (at least 3 steps apart, see :func:`_pairs`); then again,
  each query run beside networkx ``shortest_simple_paths`` on the same pair (hop count
  only, no grading; each query stopped after 5 paths or ``--nx-limit`` seconds), the two
  alternately first, so that both are timed under the same load of the machine; the
  default query (with weaker routes) p50/p95/max; how many queries stopped at the work
  budget.

Then ``graph.load`` of a ``--load-claims`` table (default 100k; of each shape) beside the
N-Triples writer after it (the load timed without, and with, the one-time imports of the
libraries the table reader uses), and, with ``--growth``, the main figures again at that
size and how each grew.

    python benchmarks/bench_paths.py                                  # 1M, the issue's table
    python benchmarks/bench_paths.py --heavy --growth 3M --json out.json
    python benchmarks/bench_paths.py --claims 20000 --load-claims 5000 --queries 10 --cold-runs 3

Goals at 1M claims: first query <= 4x the csv read; cold query <= 2.5x the click import;
warm p95 <= networkx p95; default query p95 <= 100 ms; cold-query peak RSS <= 1 GB;
``graph.load`` >= 100k claims/s.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a source tree
    sys.path.insert(0, str(ROOT))

K, CUTOFF = 5, 6
#: Fewest steps between the ends of a *far* query pair (see :func:`_pairs`).
FAR = 3


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _run(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    t = time.perf_counter()
    child = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t
    err = child.stderr.read().decode() if child.stderr else ""
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({child.returncode}):\n{err}")
    if err.strip():  # a warning (the cache not used or written, say): part of the figure
        print(f"  ({' '.join(cmd[-3:])}: {err.strip()})", file=sys.stderr, flush=True)
    return wall, usage.ru_maxrss / 1024  # Linux: KiB


def _median(cmd: list[str], env: dict, runs: int) -> tuple[float, float]:
    got = [_run(cmd, env) for _ in range(runs)]
    return statistics.median(w for w, _ in got), max(r for _, r in got)


def _worker(args: list[str], env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"worker {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _walk(view, rng: random.Random, s: int, steps: int) -> int:
    """Where a random walk of up to ``steps`` causal steps from ``s`` ends."""
    u = s
    for _ in range(steps):
        nxt = view.succ(u)
        if not nxt:
            break
        u = rng.choice(nxt)[0]
    return u


def _near_pairs(view, rng: random.Random, pairs: list, n: int) -> None:
    """Add pairs to ``pairs`` until it has ``n``: the ends of walks of 1-6 steps."""
    index = view.index
    while len(pairs) < n:
        s = rng.randrange(index.n_nodes)
        u = _walk(view, rng, s, rng.randint(1, CUTOFF))
        if u != s:
            pairs.append((index.entity_ids[s], index.entity_ids[u]))


def _pairs(index, n: int, seed: int) -> list[tuple[str, str]]:
    """Reachable query pairs, half of each kind:

    - *near*: the ends of random walks of 1-6 causal steps (what a reader asks about
      related entities; on hub-heavy graphs most are a step or two apart);
    - *far*: the ends of walks of 3-6 steps that are at least :data:`FAR` steps apart
      over any claim, so that the search has to pass hubs rather than stop at one.
      Graphs where such pairs are rare fill the rest with near pairs (after ``50 n``
      tries), so that every shape gets ``n`` queries.
    """
    from mechkg.paths.bounds import hop_distances
    from mechkg.paths.steps import StepFilter, StepView

    view = StepView(index, StepFilter())
    rng = random.Random(seed)
    ids = index.entity_ids
    near: list[tuple[str, str]] = []
    _near_pairs(view, rng, near, n // 2 + n % 2)
    far: list[tuple[str, str]] = []
    tries = 0
    while len(far) < n // 2 and tries < 50 * n:
        tries += 1
        s = rng.randrange(index.n_nodes)
        u = _walk(view, rng, s, rng.randint(FAR, CUTOFF))
        if u == s:
            continue
        close, floor, _ = hop_distances(index.out_start, index.out_nbr, s, FAR - 1)
        if close.get(u, floor) >= FAR:
            far.append((ids[s], ids[u]))
    _near_pairs(view, rng, near, n - len(far))
    return [x for pair in itertools.zip_longest(near, far) for x in pair if x is not None]


def prepare(size: int, shape: str, seed: int, work: Path, queries: int) -> dict:
    """Write the corpus as a claims table and pick the query pairs (not timed)."""
    from mechkg.paths.index import PathIndex

    from benchmarks.corpus import SHAPES, generate, write_claims

    claims = work / f"corpus-{shape}-{size}.tsv"
    pairs_file = work / f"pairs-{shape}-{size}.json"
    kg = generate(size, seed, exponent=SHAPES[shape])
    if not claims.exists():
        write_claims(kg, claims)
    index = PathIndex.from_kg(kg)
    del kg
    pairs_file.write_text(json.dumps(_pairs(index, queries, seed)))
    return {
        "claims": size,
        "shape": shape,
        "entities": index.n_nodes,
        "table_mb": claims.stat().st_size / 2**20,
        "claims_file": str(claims),
        "pairs_file": str(pairs_file),
    }


def query_worker(claims: str, pairs_file: str) -> dict:
    """In a fresh process: map the cache, run every query with and without weaker routes."""
    from mechkg.paths.cache import load_cached
    from mechkg.paths.query import find_paths

    t = time.perf_counter()
    index = load_cached([claims])
    out: dict = {"cache_load_s": time.perf_counter() - t}
    pairs = json.loads(Path(pairs_file).read_text())
    for weaker in (False, True):
        if weaker:  # a new index: none of the steps the first pass kept
            index = load_cached([claims])
        times, partial = [], 0
        for s, t_ in pairs:
            t = time.perf_counter()
            result = find_paths(index, s, t_, k=K, cutoff=CUTOFF, weaker=weaker)
            times.append(time.perf_counter() - t)
            partial += result.partial
        out["with_weaker" if weaker else "k_best"] = {
            "p50_ms": 1000 * _pct(times, 0.5),
            "p95_ms": 1000 * _pct(times, 0.95),
            "max_ms": 1000 * max(times),
            "partial": partial,
        }
    return out


class _Timeout(Exception):
    pass


def nx_worker(claims: str, pairs_file: str, limit: float) -> dict:
    """In a fresh process: networkx shortest_simple_paths over the same causal steps, each
    pair's query run beside mechkg's warm k=5 query on it (alternately first), so that both
    are timed under the same load of the machine."""
    import signal

    import networkx as nx
    from mechkg.paths.cache import load_cached
    from mechkg.paths.query import find_paths
    from mechkg.paths.steps import StepFilter, StepView

    built = load_cached([claims])  # its steps all decoded, for networkx's graph
    view = StepView(built, StepFilter())
    g = nx.DiGraph()
    ids = built.entity_ids
    g.add_nodes_from(ids)
    g.add_edges_from((ids[u], ids[v]) for u in range(built.n_nodes) for v, _, _ in view.succ(u))
    index = load_cached([claims])  # mechkg's own: nothing decoded yet, as in query_worker
    # the graph's millions of objects live to the end: left to the cyclic collector, they
    # would be scanned again during the timed queries of both (a pause of ~0.5 s each)
    gc.freeze()

    def alarm(signum, frame):
        raise _Timeout

    def networkx(s: str, t_: str) -> float:
        t = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            for _ in itertools.islice(nx.shortest_simple_paths(g, s, t_), K):
                pass
        except _Timeout:
            return -(time.perf_counter() - t)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return time.perf_counter() - t

    def mechkg(s: str, t_: str) -> float:
        t = time.perf_counter()
        find_paths(index, s, t_, k=K, cutoff=CUTOFF, weaker=False)
        return time.perf_counter() - t

    signal.signal(signal.SIGALRM, alarm)
    times, ours = [], []
    for i, (s, t_) in enumerate(json.loads(Path(pairs_file).read_text())):
        if (i // 2) % 2:  # (the pairs come near, far, near ...: each kind both ways)
            times.append(networkx(s, t_))
            ours.append(mechkg(s, t_))
        else:
            ours.append(mechkg(s, t_))
            times.append(networkx(s, t_))
    timeouts = sum(1 for x in times if x < 0)
    times = [abs(x) for x in times]
    return {
        "p50_ms": 1000 * _pct(times, 0.5),
        "p95_ms": 1000 * _pct(times, 0.95),
        "timeouts": timeouts,
        "limit_s": limit,
        "mechkg": {"p50_ms": 1000 * _pct(ours, 0.5), "p95_ms": 1000 * _pct(ours, 0.95)},
    }


def load_worker(claims: str, out: str) -> dict:
    """In a fresh process: the libraries the table reader imports on first use (NumPy,
    Arrow: once a process), ``graph.load`` of a table, then the N-Triples writer."""
    import mechkg
    from mechkg.export import exporter

    t = time.perf_counter()
    import numpy  # noqa: F401
    import pyarrow.compute
    import pyarrow.csv  # noqa: F401

    imports = time.perf_counter() - t
    t = time.perf_counter()
    kg = mechkg.load([claims])
    load = time.perf_counter() - t
    t = time.perf_counter()
    exporter("ntriples")[1](kg, out)
    return {
        "claims": len(kg),
        "load_s": load,
        "imports_s": imports,
        "ntriples_s": time.perf_counter() - t,
        "triples": sum(1 for _ in open(out, "rb")),
    }


def measure(row: dict, env: dict, args: argparse.Namespace) -> dict:
    """Every figure of one corpus, each beside its reference."""
    claims, (a, b) = row["claims_file"], json.loads(Path(row["pairs_file"]).read_text())[0]
    paths = [*_command(), "paths", a, b, claims]
    csv_read = (
        "import csv,sys; n=sum(1 for _ in csv.reader(open(sys.argv[1], newline='', "
        "encoding='utf-8'), delimiter='\\t'))"
    )
    row["csv_read_s"], _ = _run([sys.executable, "-c", csv_read, claims], env)
    cache = Path(env["MECHKG_CACHE_DIR"])
    shutil.rmtree(cache, ignore_errors=True)
    row["first_query_s"], row["first_query_rss_mb"] = _run(paths, env)
    row["cache_mb"] = sum(f.stat().st_size for f in cache.glob("graph-*.mkgc")) / 2**20
    os.utime(claims)  # a touched table: same content, hashed once, the cache kept
    row["touched_query_s"], _ = _run(paths, env)
    time.sleep(2.1)  # let the table's time settle, so that the stamp is written
    _run(paths, env)
    row["click_s"], _ = _median([sys.executable, "-c", "import click"], env, args.cold_runs)
    row["cold_query_s"], row["cold_query_rss_mb"] = _median(paths, env, args.cold_runs)
    row["mechkg"] = _worker(["--query-worker", claims, row["pairs_file"]], env)
    if not args.no_networkx:
        row["networkx"] = _worker(
            ["--nx-worker", claims, row["pairs_file"], str(args.nx_limit)], env
        )
    return row


def _prepared(
    size: int,
    shape: str,
    args: argparse.Namespace,
    work: Path,
    env: dict,
    queries: int | None = None,
) -> dict:
    """:func:`prepare` in a fresh process (the generated graph never weighs on the
    measured processes)."""
    n = args.queries if queries is None else queries
    return _worker(["--prepare-worker", str(size), shape, str(args.seed), str(work), str(n)], env)


def _compile_bytecode() -> None:
    """Write mechkg's bytecode, as installing it does, so that the cold query is timed as a
    user runs it (not compiling every module, as under ``PYTHONDONTWRITEBYTECODE``)."""
    import compileall

    import mechkg
    import mechkg.cli

    for package in (mechkg, mechkg.cli):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def _command() -> list[str]:
    entry = shutil.which("mechkg")
    return [entry] if entry else [sys.executable, "-m", "mechkg.cli"]


def print_row(r: dict) -> None:
    m, n = r["mechkg"], r.get("networkx")
    title = f"{r['claims']:,} claims, {r['entities']:,} entities ({r['shape']} hubs)"
    print(f"\n{title}: table {r['table_mb']:.0f} MB, cache {r['cache_mb']:.0f} MB")
    print(f"  {'work':<44} {'mechkg':>22}   reference")
    lines = [
        (
            "first `mechkg paths A B corpus.tsv`",
            f"{r['first_query_s']:.1f} s",
            f"csv read {r['csv_read_s']:.1f} s "
            f"(x{r['first_query_s'] / r['csv_read_s']:.1f}; goal <= x4)",
        ),
        ("  its peak RSS", f"{r['first_query_rss_mb']:.0f} MB", ""),
        ("same, table touched (same content)", f"{r['touched_query_s']:.2f} s", ""),
        (
            "cold `mechkg paths`, cache present",
            f"{r['cold_query_s']:.2f} s",
            f"import click {r['click_s']:.2f} s (x{r['cold_query_s'] / r['click_s']:.1f}; "
            "goal <= x2.5)",
        ),
        ("  its peak RSS", f"{r['cold_query_rss_mb']:.0f} MB", "goal <= 1024 MB"),
        (
            "warm k=5 --no-weaker p50 / p95",
            f"{m['k_best']['p50_ms']:.1f} / {m['k_best']['p95_ms']:.1f} ms",
            "" if n else "networkx not run",
        ),
        *(
            [
                (
                    "  the same, each beside networkx's",
                    f"{n['mechkg']['p50_ms']:.1f} / {n['mechkg']['p95_ms']:.1f} ms",
                    f"networkx {n['p50_ms']:.1f} / {n['p95_ms']:.1f} ms ({n['timeouts']} "
                    f"stopped at {n['limit_s']} s)",
                )
            ]
            if n
            else []
        ),
        (
            "default query (weaker routes) p50 / p95",
            f"{m['with_weaker']['p50_ms']:.1f} / {m['with_weaker']['p95_ms']:.1f} ms",
            "goal p95 <= 100 ms",
        ),
        (
            "  max; queries stopped at the work budget",
            f"{m['with_weaker']['max_ms']:.1f} ms; {m['with_weaker']['partial']}",
            "",
        ),
    ]
    for what, ours, ref in lines:
        print(f"  {what:<44} {ours:>22}   {ref}")
    sys.stdout.flush()


GROWTH = (
    ("first_query_s", "first query s"),
    ("first_query_rss_mb", "first-query peak RSS MB"),
    ("cache_mb", "cache MB"),
    ("cold_query_s", "cold query s"),
    ("cold_query_rss_mb", "cold-query peak RSS MB"),
)


def print_growth(small: dict, big: dict) -> None:
    print(
        f"\ngrowth {small['claims']:,} -> {big['claims']:,} claims "
        f"(x{big['claims'] / small['claims']:.1f}):"
    )
    pairs = [(label, small[key], big[key]) for key, label in GROWTH]
    for name in ("k_best", "with_weaker"):
        for q in ("p50_ms", "p95_ms"):
            pairs.append((f"{name} {q}", small["mechkg"][name][q], big["mechkg"][name][q]))
    for label, a, b in pairs:
        print(f"  {label:<26} {a:10.2f} -> {b:10.2f}  (x{b / a if a else float('nan'):.2f})")


def main(argv: list[str] | None = None) -> None:
    from benchmarks.corpus import parse_size

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", default="1M", help="main corpus size (default 1M)")
    parser.add_argument("--load-claims", default="100k", help="size of the graph.load row")
    parser.add_argument("--heavy", action="store_true", help="also the heavier-hub corpus")
    parser.add_argument("--growth", default=None, help="also this size, e.g. 3M")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nx-limit", type=float, default=2.0)
    parser.add_argument("--cold-runs", type=int, default=9)
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument("--workdir", default=None, help="keep corpora here (default: temp)")
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="mechkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "MECHKG_CACHE_DIR": str(work / "cache"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    os.environ["MECHKG_CACHE_DIR"] = env["MECHKG_CACHE_DIR"]
    _compile_bytecode()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    results: dict = {"load_average": os.getloadavg(), "rows": []}
    size = parse_size(args.claims)
    shapes = ["default", "heavy"] if args.heavy else ["default"]
    for shape in shapes:
        row = measure(_prepared(size, shape, args, work, env), env, args)
        results["rows"].append(row)
        print_row(row)
    load_size = parse_size(args.load_claims)
    results["load"] = []
    for shape in shapes:
        table = _prepared(load_size, shape, args, work, env, queries=1)["claims_file"]
        lw = _worker(["--load-worker", table, str(work / "out.nt")], env)
        lw["shape"] = shape
        results["load"].append(lw)
        fresh = lw["load_s"] + lw["imports_s"]
        print(
            f"\n`graph.load` of a {lw['claims']:,}-claim table ({shape} hubs): "
            f"{lw['load_s']:.2f} s ({lw['claims'] / lw['load_s'] / 1000:.0f}k claims/s; goal >= "
            f"100k/s); with the one-time imports of NumPy and Arrow ({lw['imports_s']:.2f} s) "
            f"in a fresh process {fresh:.2f} s ({lw['claims'] / fresh / 1000:.0f}k claims/s)\n"
            f"  N-Triples writer after it: {lw['ntriples_s']:.2f} s for {lw['triples']:,} triples"
        )
    if args.growth:
        big = measure(_prepared(parse_size(args.growth), "default", args, work, env), env, args)
        results["growth"] = big
        print_row(big)
        print_growth(results["rows"][0], big)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True, default=str))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--query-worker":
        print(json.dumps(query_worker(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--nx-worker":
        print(json.dumps(nx_worker(sys.argv[2], sys.argv[3], float(sys.argv[4]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "--prepare-worker":
        size, shape, seed, work, n = sys.argv[2:7]
        print(json.dumps(prepare(int(size), shape, int(seed), Path(work), int(n))))
    elif len(sys.argv) > 1 and sys.argv[1] == "--load-worker":
        print(json.dumps(load_worker(sys.argv[2], sys.argv[3])))
    else:
        main()
