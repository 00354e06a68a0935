"""Run KGX's validator (what ``kgx validate -i tsv`` runs) on a KGX pair, without a network:
``python kgx_validate.py REPORT.json NODES.tsv EDGES.tsv`` with the Python that has KGX
installed; writes the errors, ``{level: {error type: {message: [ids]}}}``, to REPORT.json.

KGX fetches the Biolink model (its schema, predicate map and JSON-LD context) from the web
when it starts. Here it reads the same model from the ``biolink-model`` package that KGX
installs (``bmt`` depends on it): the schema file, and the prefix map as the JSON-LD
context whose prefixes a node id must use. The predicate map (used to map other
vocabularies' predicates, never by the validator) is left empty.
"""

from __future__ import annotations

import json
import sys
import tempfile
from importlib.resources import files


def _offline() -> None:
    import bmt.toolkit
    import kgx.config

    model = files("biolink_model")
    defaults = list(bmt.toolkit.Toolkit.__init__.__defaults__ or ())
    defaults[0] = str(model / "schema" / "biolink_model.yaml")
    defaults[1] = {"predicate mappings": []}
    bmt.toolkit.Toolkit.__init__.__defaults__ = tuple(defaults)
    prefixes = json.loads((model / "prefixmaps" / "biolink-model-prefix-map.json").read_text())
    kgx.config.jsonld_context_map["biolink"] = prefixes


def main(argv: list[str]) -> int:
    report, *inputs = argv
    _offline()
    from kgx.cli.cli_utils import validate

    with tempfile.NamedTemporaryFile(suffix=".json") as log:
        errors = validate(inputs, "tsv", None, log.name)
    with open(report, "w", encoding="utf-8") as out:
        json.dump(errors, out, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
