"""Benchmark of the triple-store round trip on synthetic corpora.

For each size: generate the corpus (``benchmarks/corpus.py``), start an Oxigraph server
on a free loopback port with an empty store, and measure

* ``mechkg push`` throughput (triples/s): serialising to N-Triples plus the Graph Store
  Protocol upload in 50 000-triple batches, and the upload alone;
* ``oxigraph load`` of the same N-Triples file into another empty store, in the same run,
  as the native bulk-load reference;
* endpoint path-query latency (``find_paths_sparql``, k=5, max length 6) over random
  reachable pairs, next to the local search on the same pairs, checking the answers agree
  (up to the order of equally ranked paths);
* one aggregate SPARQL query (claims per source, from docs/sparql.md).

    python benchmarks/bench_store.py --sizes 10k,100k
    python benchmarks/bench_store.py --sizes 1M --queries 10 --json store.json
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a source tree
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import generate, parse_size  # noqa: E402

K, CUTOFF = 5, 6
PER_SOURCE = """PREFIX mkg: <https://w3id.org/mechkg/ontology#>
SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c a mkg:Claim ; mkg:source ?s } GROUP BY ?s"""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(binary: str, location: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with opener.open(url + "/query?query=ASK%7B%7D", timeout=2) as response:
                response.read()
            return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"oxigraph serve did not start at {url}")


def _pairs(kg, n: int, seed: int) -> list[tuple[str, str]]:
    """Ends of random walks of 1-6 causal steps (so most pairs have a path)."""
    from mechkg.paths import CAUSAL_RELATIONS

    out: dict[str, list[str]] = {}
    for c in kg.claims.values():
        if c.relation in CAUSAL_RELATIONS and not c.negated:
            out.setdefault(c.subject, []).append(c.object)
    rng = random.Random(seed)
    starts = sorted(out)
    pairs: list[tuple[str, str]] = []
    while len(pairs) < n:
        node = start = rng.choice(starts)
        for _ in range(rng.randint(1, CUTOFF)):
            if node not in out:
                break
            node = rng.choice(out[node])
        if node != start:
            pairs.append((start, node))
    return pairs


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _outcome(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    from mechkg.errors import NoPath

    try:
        result = fn(*args, **kwargs)
        return [p.sort_key()[:3] for p in result.paths]
    except NoPath as exc:
        return str(exc).split("\n", 1)[0]


def bench(size: int, queries: int, seed: int, binary: str) -> dict[str, object]:
    from mechkg.export.ntriples import to_ntriples
    from mechkg.paths import find_paths, path_index
    from mechkg.sparql import find_paths_sparql, push, query_endpoint

    row: dict[str, object] = {"claims": size}
    t = time.perf_counter()
    kg = generate(size, seed)
    row["generate_s"] = round(time.perf_counter() - t, 2)
    work = Path(tempfile.mkdtemp(prefix="mechkg-bench-store-"))
    try:
        nt = work / "corpus.nt"
        text = to_ntriples(kg)
        nt.write_text(text, encoding="utf-8")
        lines = text.splitlines(keepends=True)
        del text
        row["triples"] = len(lines)
        # oxigraph load: the native bulk loader, same file, fresh store.
        t = time.perf_counter()
        subprocess.run(
            [binary, "load", "--location", str(work / "loaded"), "--file", str(nt)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        load_s = time.perf_counter() - t
        row["oxigraph_load_triples_per_s"] = round(len(lines) / load_s)
        proc, url = _serve(binary, str(work / "served"))
        try:
            t = time.perf_counter()
            report = push(kg, url, batch_size=50_000)
            total_s = time.perf_counter() - t
            row["push_triples_per_s"] = round(report.triples / total_s)
            t = time.perf_counter()
            again = push(lines, url, graph="urn:x-bench:again", ontology=False)
            row["upload_only_triples_per_s"] = round(again.triples / (time.perf_counter() - t))
            t = time.perf_counter()
            query_endpoint(url, PER_SOURCE)
            row["claims_per_source_query_ms"] = round((time.perf_counter() - t) * 1000, 1)
            ix = path_index(kg)
            pairs = _pairs(kg, queries, seed)
            remote_ms, local_ms, agree = [], [], 0
            for s, o in pairs:
                t = time.perf_counter()
                a = _outcome(find_paths, ix, s, o, k=K, cutoff=CUTOFF)
                local_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                b = _outcome(find_paths_sparql, url, s, o, k=K, cutoff=CUTOFF)
                remote_ms.append((time.perf_counter() - t) * 1000)
                agree += a == b
            row["endpoint_path_p50_ms"] = round(statistics.median(remote_ms), 1)
            row["endpoint_path_p95_ms"] = round(_pct(remote_ms, 0.95), 1)
            row["local_path_p50_ms"] = round(statistics.median(local_ms), 1)
            row["paths_agree"] = f"{agree}/{len(pairs)}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="claims per corpus, e.g. 10k,100k,1M")
    parser.add_argument("--queries", type=int, default=20, help="path queries per size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args(argv)
    binary = shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("the oxigraph server binary is missing: pip install oxigraph")
    rows = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        row = bench(size, args.queries, args.seed, binary)
        rows.append(row)
        print(json.dumps(row), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
