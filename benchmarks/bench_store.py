"""Benchmark of the triple-store round trip on synthetic corpora.

For each size: generate the corpus (``benchmarks/corpus.py``) and, on each store found
(Oxigraph from the pip package ``oxigraph``; Virtuoso from Debian's
``virtuoso-opensource`` when installed), measure in the same run, each into an empty
store:

* the store's native bulk loader on the N-Triples file (``oxigraph load``; Virtuoso's
  ``ld_dir`` + ``rdf_loader_run`` + ``checkpoint`` through ``isql-vt``), the reference;
* ``mechkg push`` (serialising plus the Graph Store Protocol upload, from the graph in
  memory), with the store's transactions, and ``--bulk`` where the store has a loader
  over HTTP (Oxigraph's ``no_transaction``);
* the bulk route of docs/stores.md for stores without one: ``mechkg export ntriples``
  then the native loader, timed together;
* endpoint path-query latency (``find_paths_sparql``, k=5, max length 6) over random
  reachable pairs, next to the local search on the same pairs, checking the answers agree
  (up to the order of equally ranked paths).

Rates are triples per second; ``ratio`` is the rate over the native loader's.

    python benchmarks/bench_store.py --sizes 10k,100k
    python benchmarks/bench_store.py --sizes 1M --queries 20 --stores oxigraph --json s.json
    python benchmarks/bench_store.py --sizes 100k --hubs heavy
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a source tree
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import SHAPES, generate, parse_size  # noqa: E402

K, CUTOFF = 5, 6
PER_SOURCE = """PREFIX mkg: <https://w3id.org/mechkg/ontology#>
SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c a mkg:Claim ; mkg:source ?s } GROUP BY ?s"""
GRAPH = "urn:x-bench:claims"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _oxigraph(binary: str, location: str) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                with opener.open(url + "/query?query=ASK%7B%7D", timeout=2) as response:
                    response.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"oxigraph serve did not start at {url}") from None
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=60)


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


def _timed(fn, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t


def _rate(triples: int, seconds: float) -> int:
    return round(triples / seconds)


def _paths(row: dict, name: str, kg, ep, pairs, graph: str | None) -> None:  # type: ignore[no-untyped-def]
    from mechkg.paths import find_paths, path_index
    from mechkg.sparql import find_paths_sparql

    ix = path_index(kg)
    remote_ms, local_ms, agree = [], [], 0
    for s, o in pairs:
        t = time.perf_counter()
        a = _outcome(find_paths, ix, s, o, k=K, cutoff=CUTOFF)
        local_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        b = _outcome(find_paths_sparql, ep, s, o, k=K, cutoff=CUTOFF, graph=graph)
        remote_ms.append((time.perf_counter() - t) * 1000)
        agree += a == b
    row[f"{name}_path_p50_ms"] = round(statistics.median(remote_ms), 1)
    row[f"{name}_path_p95_ms"] = round(_pct(remote_ms, 0.95), 1)
    row["local_path_p50_ms"] = round(statistics.median(local_ms), 1)
    row["local_path_p95_ms"] = round(_pct(local_ms, 0.95), 1)
    row[f"{name}_paths_agree"] = f"{agree}/{len(pairs)}"


def _export(kg, path: Path) -> float:  # type: ignore[no-untyped-def]
    """Seconds to write the graph as N-Triples (the bulk route's file)."""
    from mechkg.export.ntriples import write_ntriples

    return _timed(write_ntriples, kg, path)


def bench_oxigraph(row: dict, kg, work: Path, binary: str, pairs, nt: Path) -> None:  # type: ignore[no-untyped-def]
    from mechkg.sparql import Endpoint, push

    triples = int(row["triples"])
    load = [binary, "load", "--location", str(work / "ox-loaded"), "--file", str(nt)]
    native = _timed(subprocess.run, load, check=True, capture_output=True)
    row["oxigraph_load_triples_per_s"] = _rate(triples, native)
    for name, bulk in (("push", False), ("push_bulk", True)):
        with _oxigraph(binary, str(work / f"ox-{name}")) as url:
            ep = Endpoint.from_url(url, store="oxigraph", timeout=600)
            took = _timed(push, kg, ep, ontology=False, bulk=bulk)
            row[f"oxigraph_{name}_triples_per_s"] = _rate(triples, took)
            row[f"oxigraph_{name}_ratio"] = round(native / took, 2)
            if bulk:
                t = time.perf_counter()
                ep.select(PER_SOURCE)
                row["claims_per_source_query_ms"] = round((time.perf_counter() - t) * 1000, 1)
                _paths(row, "oxigraph", kg, ep, pairs, None)
    shutil.rmtree(work / "ox-loaded", ignore_errors=True)


def _load_virtuoso(v, name: str, graph: str) -> None:  # type: ignore[no-untyped-def]
    """Virtuoso's bulk loader on a file of its folder, into ``graph``."""
    v.sql(f"ld_dir('{v.folder}', '{name}', '{graph}'); rdf_loader_run(); checkpoint;")


def _clear(v, graph: str) -> None:  # type: ignore[no-untyped-def]
    v.sql(f"log_enable(3,1); SPARQL CLEAR GRAPH <{graph}>; checkpoint;")


def bench_virtuoso(row: dict, kg, work: Path, pairs, nt: Path) -> None:  # type: ignore[no-untyped-def]
    from mechkg.sparql import Endpoint, push

    from tests.virtuoso_server import running_virtuoso

    triples = int(row["triples"])
    with running_virtuoso() as v:
        shutil.copy(nt, v.folder / "corpus.nt")
        native = _timed(_load_virtuoso, v, "corpus.nt", f"{GRAPH}-native")
        row["virtuoso_loader_triples_per_s"] = _rate(triples, native)
        _clear(v, f"{GRAPH}-native")  # each load goes into an empty store
        exported = _export(kg, v.folder / "route.nt")
        route = _timed(_load_virtuoso, v, "route.nt", f"{GRAPH}-route")
        row["virtuoso_export_and_loader_triples_per_s"] = _rate(triples, exported + route)
        row["virtuoso_export_and_loader_ratio"] = round(native / (exported + route), 2)
        _clear(v, f"{GRAPH}-route")
        ep = Endpoint.from_url(v.url, store="virtuoso", timeout=600)
        for workers, into in ((2, f"{GRAPH}-2w"), (1, GRAPH)):  # the last one stays, for paths
            took = _timed(push, kg, ep, graph=into, ontology=False, workers=workers)
            row[f"virtuoso_push_{workers}w_triples_per_s"] = _rate(triples, took)
            row[f"virtuoso_push_{workers}w_ratio"] = round(native / took, 2)
            if into != GRAPH:
                _clear(v, into)
        _paths(row, "virtuoso", kg, ep, pairs, None)  # the claims' graph is found


def bench(size: int, queries: int, seed: int, binary: str | None, stores: list[str],
          shape: str) -> dict[str, object]:  # fmt: skip
    row: dict[str, object] = {"claims": size, "shape": shape}
    t = time.perf_counter()
    kg = generate(size, seed, exponent=SHAPES[shape])
    row["generate_s"] = round(time.perf_counter() - t, 2)
    work = Path(tempfile.mkdtemp(prefix="mechkg-bench-store-"))
    try:
        nt = work / "corpus.nt"
        row["export_s"] = round(_export(kg, nt), 2)
        with nt.open("rb") as handle:
            row["triples"] = sum(1 for _ in handle)
        pairs = _pairs(kg, queries, seed)
        if "oxigraph" in stores and binary is not None:
            bench_oxigraph(row, kg, work, binary, pairs, nt)
            print(json.dumps(row), file=sys.stderr, flush=True)  # so far, in case of failure
        if "virtuoso" in stores and shutil.which("virtuoso-t"):
            bench_virtuoso(row, kg, work, pairs, nt)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="claims per corpus, e.g. 10k,100k,1M")
    parser.add_argument("--queries", type=int, default=20, help="path queries per size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stores", default="oxigraph,virtuoso", help="stores to measure")
    parser.add_argument("--hubs", choices=sorted(SHAPES), default="default",
                        help="corpus shape: heavy gives a few far busier hub entities")  # fmt: skip
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args(argv)
    binary = shutil.which("oxigraph")
    stores = args.stores.split(",")
    if "oxigraph" in stores and binary is None:
        raise SystemExit("the oxigraph server binary is missing: pip install oxigraph")
    rows = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        row = bench(size, args.queries, args.seed, binary, stores, args.hubs)
        rows.append(row)
        print(json.dumps(row), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
