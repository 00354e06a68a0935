"""The Jena bulk route of docs/stores.md, for real: ``mechkg export ntriples`` files and the
ontology loaded by ``tdb2.tdbloader`` into a TDB2 database, then every recipe of the
SPARQL cookbook asked of it with ``tdb2.tdbquery``, which must answer what the embedded
store answers (Jena's own SPARQL engine, not Oxigraph's)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from mechkg.export.ntriples import to_ntriples
from mechkg.ontology import ONTOLOGY_PATH
from mechkg.sparql import local_store, query_local
from mechkg.sparql.results import QueryResult

from tests.ci import skip_unless_ci
from tests.jena import jena
from tests.sparql.test_cookbook import QUERIES, _graphs, check

IDS = [f"{i}" for i in range(len(QUERIES))]


def _run(command: list[str]) -> bytes:
    done = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def tdb2(tmp_path_factory) -> tuple[Path, Path]:
    """A TDB2 database holding the cookbook's graphs and the ontology, and Jena's work
    folder."""
    work = tmp_path_factory.mktemp("jena")
    loader = jena(work, "tdb2.tdbloader", tdb2=True)
    if loader is None:
        skip_unless_ci("Java and Apache Jena (apt-get install -y default-jre-headless "
                       "libapache-jena-java)")  # fmt: skip
    files = []
    for i, kg in enumerate(_graphs()):
        path = work / f"graph{i}.nt"
        path.write_text(to_ntriples(kg), encoding="utf-8")
        files.append(str(path))
    db = work / "db"
    _run([*(loader or []), "--loc", str(db), *files, str(ONTOLOGY_PATH)])
    return db, work


@pytest.fixture(scope="module")
def store():
    """The same graphs in the embedded store, as the cookbook's own tests hold them."""
    first, *rest = _graphs()
    s = local_store(first)
    for kg in rest:
        s.bulk_load(to_ntriples(kg).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return s


def test_tdb2_holds_every_triple(tdb2, store):
    db, work = tdb2
    query = work / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    out = _run([*(jena(work, "tdb2.tdbquery", tdb2=True) or []), "--loc", str(db),
                "--results=json", f"--query={query}"])  # fmt: skip
    result = QueryResult.from_response("application/sparql-results+json", out)
    assert int(result.rows[0]["n"]["value"]) == len(store) > 2000


@pytest.mark.parametrize(("title", "query"), QUERIES, ids=IDS)
def test_recipe_on_jena_tdb2(tdb2, store, title, query):
    db, work = tdb2
    path = work / "recipe.rq"
    path.write_text(query, encoding="utf-8")
    out = _run([*(jena(work, "tdb2.tdbquery", tdb2=True) or []), "--loc", str(db),
                "--results=json", f"--query={path}"])  # fmt: skip
    result = QueryResult.from_response("application/sparql-results+json", out)
    check(title, query, result)
    ordered = "ORDER BY" in query
    local = query_local(store, query).rows
    assert (result.rows if ordered else sorted(map(str, result.rows))) == (
        local if ordered else sorted(map(str, local))
    )
