"""mechkg's KGX export against KGX's own validator (the ``kgx`` package, Biolink's tool): no
error but the ``MECHKG:`` prefix of nodes without an exact CURIE (Biolink does not know
it), and none at all on a node that has one.

KGX pins click<8.2, which mechkg's test tools outgrow, so it lives in a virtualenv of its
own, named by ``MECHKG_KGX_PYTHON`` (``.ci/run`` makes it: ``python3 -m venv kgx &&
kgx/bin/pip install kgx==2.6.0 biolink-model==4.4.6``). The validator runs offline on
the Biolink model that package installs (:mod:`tests.formats.kgx_validate`).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import mechkg
import pytest
from mechkg.export.kgx import write_kgx
from mechkg.export.kgx_ids import OWN_PREFIX, biolink_table, node_ids

from tests.ci import skip_unless_ci
from tests.sparql.nasty import nasty_graph

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GRAPHS = {
    "lr3": lambda: mechkg.load(),
    "thorough": lambda: mechkg.load([HERE.parent / "data" / "thorough.yaml"]),
    "nasty": nasty_graph,
}
#: The one error mechkg's KGX may get: a node id of mechkg's own prefix.
_OWN = f"with a CURIE prefix '{OWN_PREFIX[:-1]}'"


def _kgx_python() -> str:
    exe = os.environ.get("MECHKG_KGX_PYTHON", "")
    if not exe or not Path(exe).is_file():
        skip_unless_ci(
            "KGX in a virtualenv of its own, named by MECHKG_KGX_PYTHON (python3 -m venv kgx "
            "&& kgx/bin/pip install kgx==2.6.0 biolink-model==4.4.6; .ci/run makes it)"
        )
    return exe


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-3000:]}"


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_kgx_validate_finds_nothing_wrong_with_a_node_that_has_an_exact_curie(graph, tmp_path):
    python = _kgx_python()
    kg = GRAPHS[graph]()
    nodes, edges = write_kgx(kg, tmp_path / "g.tsv")
    report = tmp_path / "report.json"
    _run([python, str(HERE / "kgx_validate.py"), str(report), str(nodes), str(edges)])
    errors = json.loads(report.read_text(encoding="utf-8"))
    ids = node_ids(kg)
    own = {n for n in ids.values() if n.startswith(OWN_PREFIX)}
    assert len(own) < len(ids)  # some nodes have an exact CURIE
    flagged, other = set(), []
    for level, kinds in errors.items():
        for kind, messages in kinds.items():
            for message, items in messages.items():
                if kind == "INVALID_NODE_PROPERTY_VALUE" and _OWN in message:
                    flagged.update(items)
                elif not (kind == "INVALID_EDGE_PROPERTY_VALUE" and _OWN in message):
                    other.append((level, kind, message, sorted(set(items))[:3]))
    assert not other, other
    assert flagged == own  # the validator saw every node, and only these failed


def test_the_biolink_table_is_the_installed_models():
    python = _kgx_python()
    assert biolink_table()["biolink_model"]
    _run([python, str(ROOT / "scripts" / "biolink_prefixes.py"), "--check"])
