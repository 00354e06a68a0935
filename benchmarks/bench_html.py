"""Benchmark of the interactive HTML export: export time and time to interactive in Chromium.

For each size (entities:claims) a synthetic corpus is generated (benchmarks.corpus), then

- export: wall time of ``write_html`` (layout, vis-network data, JSON, file), best of
  ``--repeat`` runs, after pyvis has been imported once (its import time is printed apart);
- interactive: opening the file from disk in headless Chromium (the system browser, every
  non-file request blocked) until the page has drawn the graph and wired its controls
  (``window.mechkgReadyAt``, milliseconds since navigation start), best of ``--repeat``;
- filter: one colour-by-source plus filter-by-source change in the open page (the page
  restyles every edge), milliseconds, best of ``--repeat``.

    python -m benchmarks.bench_html                  # 5k:10k and 20k:40k
    python -m benchmarks.bench_html --sizes 1k:2k,5k:10k --repeat 1 --no-browser
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from mechkg.export.html import CONTEXT_FIELDS, write_html
from mechkg.export.html_assets.vis import drawn_entities, edge_groups

from benchmarks.corpus import generate, parse_size

__all__ = ["main", "export_seconds", "interactive_ms"]

#: The goals: (entities, export seconds, interactive seconds).
GOALS = {5_000: (2.0, 2.0), 20_000: (5.0, 5.0)}


def export_seconds(kg, path: Path, repeat: int) -> float:
    """Best wall time of ``write_html(kg, path)`` over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        write_html(kg, path)
        best = min(best, time.perf_counter() - start)
    return best


#: One colour-by and one filter change, timed inside the page (ms).
FILTER_MS = """() => {
  const start = performance.now();
  mechkg.setColour("source");
  mechkg.setFilter("source", [Object.keys(mechkg.data.sources)[0]]);
  mechkg.setFilter("source", null);
  return performance.now() - start;
}"""


def interactive_ms(browser, path: Path, repeat: int) -> tuple[float, float, int, int]:
    """Best time to interactive and to restyle after a filter (ms), and the node and edge
    counts the page drew."""
    from tests.browser import open_offline

    best = best_filter = float("inf")
    counts = (0, 0)
    for _ in range(repeat):
        session = open_offline(browser)
        try:
            session.goto(path, timeout=120_000)
            if session.problems:
                raise SystemExit("browser problems:\n" + "\n".join(session.problems))
            best = min(best, session.evaluate("() => window.mechkgReadyAt"))
            best_filter = min(best_filter, session.evaluate(FILTER_MS))
            counts = session.evaluate(
                "() => [network.body.nodeIndices.length, network.body.edgeIndices.length]"
            )
        finally:
            session.close()
    return best, best_filter, counts[0], counts[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5k:10k,20k:40k", help="entities:claims,...")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="only time the export")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    import pyvis.network  # noqa: F401  (imports IPython: paid once per process)

    print(f"pyvis import: {time.perf_counter() - start:.2f} s (once per process)")
    sizes = []
    for item in args.sizes.split(","):
        nodes, _, claims = item.partition(":")
        sizes.append((parse_size(nodes), parse_size(claims or str(2 * parse_size(nodes)))))

    playwright = browser = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        from tests.browser import launch_chromium

        playwright = sync_playwright().start()
        browser = launch_chromium(playwright)
    header = (
        f"{'entities':>9} {'claims':>8} {'file MB':>8} {'export s':>9} {'interactive s':>14}"
        f" {'filter s':>9}"
    )
    print(header)
    print("-" * len(header))
    try:
        with tempfile.TemporaryDirectory() as folder:
            for n_entities, n_claims in sizes:
                kg = generate(n_claims, seed=0, n_entities=n_entities)
                path = Path(folder) / f"bench-{n_entities}.html"
                seconds = export_seconds(kg, path, args.repeat)
                size = path.stat().st_size / 1e6
                shown = filtered = "-"
                if browser is not None:
                    ms, filter_ms, drawn_nodes, drawn_edges = interactive_ms(
                        browser, path, args.repeat
                    )
                    context = tuple(name for name, _ in CONTEXT_FIELDS)
                    expected = (len(drawn_entities(kg, context)), len(edge_groups(kg)))
                    if (drawn_nodes, drawn_edges) != expected:
                        raise SystemExit(f"drew {drawn_nodes}/{drawn_edges}, expected {expected}")
                    shown = f"{ms / 1000:.2f}"
                    filtered = f"{filter_ms / 1000:.2f}"
                goal = GOALS.get(n_entities)
                note = f"   goal < {goal[0]:.0f} s / < {goal[1]:.0f} s" if goal else ""
                print(
                    f"{len(kg.entities):>9} {len(kg.claims):>8} {size:>8.1f} "
                    f"{seconds:>9.2f} {shown:>14} {filtered:>9}{note}"
                )
    finally:
        if browser is not None:
            browser.close()
            playwright.stop()


if __name__ == "__main__":
    main()
