"""Benchmark of causal path queries on synthetic literature-scale corpora.

For each size it writes a claims table and builds its cache in a fresh process (the cost
of the first query on new files). Then, in another fresh process, it loads the cache and
runs k-best queries (k=5, max length 6) over random reachable pairs, reporting cache load
time, latency p50/p95 and peak memory (RSS). Side by side, in a third fresh process,
networkx's ``shortest_simple_paths`` (no evidence grading, no pruning; each query stopped
after 5 paths or a time limit) runs over the same graph and pairs. Last, the CLI's cold
start on the bundled graph is compared with ``python -c "import networkx, click"``.

    python benchmarks/bench_paths.py --sizes 10k,100k,1M
    python benchmarks/bench_paths.py --sizes 10k --queries 20 --json result.json

Goals on the 1M-claim graph: p50 < 100 ms, p95 < 1 s, cache load < 5 s, peak RSS < 4 GB;
cold start within 1.3x of the networkx + click import.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
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


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _rss_mb() -> float:
    """Peak RSS of this process image in MiB. ``ru_maxrss`` keeps the parent's peak across
    fork and exec, so read the per-image ``VmHWM`` where /proc has it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _pairs(index, n: int, seed: int) -> list[tuple[str, str]]:
    """Random reachable pairs: the ends of random walks of 1-6 causal steps."""
    from mechkg.paths.steps import StepFilter, StepView

    view = StepView(index, StepFilter())
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    while len(pairs) < n:
        s = rng.randrange(index.n_nodes)
        u = s
        for _ in range(rng.randint(1, CUTOFF)):
            nxt = view.succ(u)
            if not nxt:
                break
            u = rng.choice(nxt)[0]
        if u != s:
            pairs.append((index.entity_ids[s], index.entity_ids[u]))
    return pairs


def _prepare(size: int, seed: int, work: Path, queries: int) -> dict:
    """Generate the corpus, write it as a claims table and pick the query pairs."""
    from mechkg.load import READERS
    from mechkg.paths.index import PathIndex

    from benchmarks.corpus import generate, write_claims

    t = time.perf_counter()
    kg = generate(size, seed)
    gen = time.perf_counter() - t
    claims = work / f"corpus-{size}.{'tsv' if '.tsv' in READERS else 'yaml'}"
    t = time.perf_counter()
    write_claims(kg, claims)
    written = time.perf_counter() - t
    index = PathIndex.from_kg(kg)
    del kg
    pairs = _pairs(index, queries, seed)
    pairs_file = work / f"pairs-{size}.json"
    pairs_file.write_text(json.dumps(pairs))
    return {
        "claims": size,
        "entities": index.n_nodes,
        "generate_s": gen,
        "write_claims_s": written,
        "claims_file_mb": claims.stat().st_size / 2**20,
        "claims_file": str(claims),
        "pairs_file": str(pairs_file),
    }


def build_worker(claims: str) -> dict:
    """In a fresh process: the first query's cost, parsing the table and writing the cache."""
    from mechkg.paths.cache import cache_path, load_cached

    target = cache_path([claims])
    t = time.perf_counter()
    load_cached([claims], refresh=True)
    return {
        "build_cache_s": time.perf_counter() - t,
        "cache_mb": target.stat().st_size / 2**20,
        "build_peak_rss_mb": _rss_mb(),
    }


def worker(claims: str, pairs_file: str) -> dict:
    """In a fresh process: load the cache, run every query, report times and RSS."""
    from mechkg.paths.cache import cache_path, load_cached
    from mechkg.paths.query import find_paths

    hit = cache_path([claims]).exists()
    t = time.perf_counter()
    index = load_cached([claims])
    load = time.perf_counter() - t
    pairs = json.loads(Path(pairs_file).read_text())
    out: dict = {"cache_hit": hit, "cache_load_s": load, "rss_after_load_mb": _rss_mb()}
    for weaker in (False, True):
        times, found = [], 0
        for s, t_ in pairs:
            t = time.perf_counter()
            found += len(find_paths(index, s, t_, k=K, cutoff=CUTOFF, weaker=weaker).paths)
            times.append(time.perf_counter() - t)
        name = "with_weaker" if weaker else "k_best"
        out[name] = {
            "p50_ms": 1000 * _pct(times, 0.5),
            "p95_ms": 1000 * _pct(times, 0.95),
            "max_ms": 1000 * max(times),
            "paths": found,
        }
    out["peak_rss_mb"] = _rss_mb()
    return out


class _Timeout(Exception):
    pass


def nx_worker(claims: str, pairs_file: str, limit: float) -> dict:
    """In a fresh process: networkx shortest_simple_paths over the same causal steps."""
    import itertools

    import networkx as nx
    from mechkg.paths.cache import load_cached
    from mechkg.paths.steps import StepFilter, StepView

    index = load_cached([claims])
    t = time.perf_counter()
    view = StepView(index, StepFilter())
    g = nx.DiGraph()
    g.add_nodes_from(index.entity_ids)
    ids = index.entity_ids
    g.add_edges_from((ids[u], ids[v]) for u in range(index.n_nodes) for v, _, _ in view.succ(u))
    build = time.perf_counter() - t

    def alarm(signum, frame):
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    times, timeouts, found = [], 0, 0
    for s, t_ in json.loads(Path(pairs_file).read_text()):
        t = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            for path in itertools.islice(nx.shortest_simple_paths(g, s, t_), K):
                found += len(path) - 1 <= CUTOFF
        except _Timeout:
            timeouts += 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - t)
    return {
        "build_graph_s": build,
        "p50_ms": 1000 * _pct(times, 0.5),
        "p95_ms": 1000 * _pct(times, 0.95),
        "timeouts": timeouts,
        "time_limit_s": limit,
        "paths": found,
        "peak_rss_mb": _rss_mb(),
    }


def _subprocess(args: list[str], env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cold_start(runs: int, env: dict) -> dict:
    """Median wall time of the paths command (cached LR3 graph) against the import of
    networkx and click."""

    def median(cmd: list[str]) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(
                cmd,
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=True,
            )
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    entry = shutil.which("mechkg")
    command = [entry] if entry else [sys.executable, "-m", "mechkg.cli"]
    paths = [*command, "paths", "needle", "behaviour"]
    subprocess.run(paths, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)  # warm
    base = median([sys.executable, "-c", "import networkx, click"])
    ours = median(paths)
    return {
        "command": " ".join(paths[-3:]),
        "mechkg_s": ours,
        "networkx_click_s": base,
        "ratio": ours / base,
    }


def main(argv: list[str] | None = None) -> None:
    from benchmarks.corpus import parse_size

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--nx-limit", type=float, default=2.0, help="seconds before a networkx query is stopped"
    )
    parser.add_argument("--cold-runs", type=int, default=15)
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument("--workdir", default=None, help="keep corpora here (default: a temp dir)")
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="mechkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "MECHKG_CACHE_DIR": str(work / "cache"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    os.environ["MECHKG_CACHE_DIR"] = env["MECHKG_CACHE_DIR"]
    results: dict = {"sizes": {}}
    for size in [parse_size(s) for s in args.sizes.split(",")]:
        row = _prepare(size, args.seed, work, args.queries)
        row.update(_subprocess(["--build-worker", row["claims_file"]], env))
        row["mechkg"] = _subprocess(["--worker", row["claims_file"], row["pairs_file"]], env)
        if not args.no_networkx:
            row["networkx"] = _subprocess(
                ["--nx-worker", row["claims_file"], row["pairs_file"], str(args.nx_limit)], env
            )
        results["sizes"][size] = row
        _print_row(row)
    results["cold_start"] = cold_start(args.cold_runs, env)
    c = results["cold_start"]
    print(
        f"cold start `{c['command']}`: {c['mechkg_s']:.3f} s vs "
        f"`import networkx, click` {c['networkx_click_s']:.3f} s: ratio {c['ratio']:.2f}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True))


def _print_row(row: dict) -> None:
    m = row["mechkg"]
    print(
        f"{row['claims']:>9,} claims, {row['entities']:,} entities: table "
        f"{row['claims_file_mb']:.0f} MB parsed and cached ({row['cache_mb']:.0f} MB) in "
        f"{row['build_cache_s']:.1f} s; cache loaded in {m['cache_load_s']:.2f} s"
        f"{'' if m['cache_hit'] else ' (MISSED: rebuilt)'}; peak RSS {m['peak_rss_mb']:.0f} MB"
    )
    for name in ("k_best", "with_weaker"):
        q = m[name]
        print(
            f"    mechkg {name:<12} p50 {q['p50_ms']:8.1f} ms  p95 {q['p95_ms']:8.1f} ms  "
            f"max {q['max_ms']:8.1f} ms"
        )
    if "networkx" in row:
        n = row["networkx"]
        print(
            f"    networkx shortest_simple_paths  p50 {n['p50_ms']:8.1f} ms  p95 "
            f"{n['p95_ms']:8.1f} ms  ({n['timeouts']} stopped at {n['time_limit_s']} s; "
            f"graph built in {n['build_graph_s']:.1f} s; peak RSS {n['peak_rss_mb']:.0f} MB)"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--build-worker":
        print(json.dumps(build_worker(sys.argv[2])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--nx-worker":
        print(json.dumps(nx_worker(sys.argv[2], sys.argv[3], float(sys.argv[4]))))
    else:
        main()
