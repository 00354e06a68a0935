"""Interactive HTML: one self-contained page that opens from disk and makes no network request.

The page draws the graph with vis-network (the copy shipped inside the installed pyvis
package, inlined at export time), colours and shapes nodes by entity type, draws the claims
of one pair of entities with one sign as one edge (coloured by sign, or by source, source
kind, species, condition or relation; width and dashes by evidence level), shows context
entities (a claim's model and anatomy) as badges rather than nodes, and adds a legend that
follows the colour choice, hover summaries, a side panel listing every claim of an edge
with its source links, a search over entity names, sources, DOIs and quotes, filters,
per-path highlighting (net effect and weakest step), neighbour dimming, PNG and SVG
export and the page state in the URL fragment.

Graph text is untrusted: it travels as JSON escaped for a ``<script>`` element and the page
inserts it with ``textContent`` only; a Content-Security-Policy allows no other script than
the page's own (by hash) and no network access.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import MechkgError
from ..io import write_output
from ..model import KnowledgeGraph, doi_link
from ..schema import CLAIM_FIELDS, as_json
from ..species import species_label
from ..vocab import EVIDENCE_LEVELS, RELATIONS
from .html_assets.vis import (
    LARGE_GRAPH,
    OTHER_TYPE,
    PALETTE,
    TYPE_STYLES,
    drawn_entities,
    layout,
    legend,
    vis_data,
)

__all__ = ["CONTEXT_FIELDS", "default_title", "to_html", "write_html"]

#: Claim fields naming context entities (the conditions a claim holds under), with the
#: label the page shows for each. The page treats every field listed here alike: its
#: entities are badges on the claim's edge, a colour-by and filter-by choice, not nodes.
CONTEXT_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (f.name, f.label) for f in CLAIM_FIELDS if f.kind == "context"
)


def _check_paths(kg: KnowledgeGraph, paths: Sequence[Sequence[str]] | None) -> list[list[str]]:
    if paths is None:
        return []
    if isinstance(paths, str):
        raise TypeError("highlight_paths must be a list of lists of claim ids")
    checked = []
    for number, path in enumerate(paths, 1):
        if isinstance(path, str):
            raise TypeError("highlight_paths must be a list of lists of claim ids")
        for claim_id in path:
            if claim_id not in kg.claims:
                raise MechkgError(
                    f"highlighted path {number} names claim {claim_id!r}, which is not in "
                    "the exported graph; export the claims the path uses"
                )
        checked.append([str(c) for c in path])
    return checked


def _check_focus(kg: KnowledgeGraph, focus: Sequence[str]) -> list[str]:
    if isinstance(focus, str):
        raise TypeError("focus must be a list of entity ids")
    for entity in focus:
        if entity not in kg.entities:
            raise MechkgError(
                f"focus entity {entity!r} is not in the exported graph; focus on an entity "
                "the graph holds"
            )
    return sorted(set(focus))


def _filters(filters: Mapping[str, Any] | None) -> list[list[Any]]:
    """The filters the graph was selected with, as ``[name, value]`` pairs (a value is a
    string or a list of strings)."""
    out = []
    for name, value in (filters or {}).items():
        if value in (None, (), [], "", False):
            continue
        if isinstance(value, bool):
            value = "yes"
        elif isinstance(value, (list, tuple)):
            value = [str(v) for v in value]
        else:
            value = str(value)
        out.append([str(name), value])
    return out


def default_title(kg: KnowledgeGraph, focus: Iterable[str] = (), depth: int | None = None) -> str:
    """A page title for ``kg``: the title of its one primary source (the one the others
    report on), else its claim and source counts; with ``focus`` (labels), the
    neighbourhood first.

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> default_title(tiny_graph())
    '4 claims from 1 source'
    >>> default_title(tiny_graph(), focus=["B"], depth=2)
    'B and 2 steps around it, 4 claims from 1 source'
    """
    primary = [s for s in kg.sources.values() if not s.reports]
    if len(primary) == 1 and primary[0].title:
        title = primary[0].title
    else:
        n, m = len(kg.claims), len(kg.sources)
        title = f"{n} claim{'s' if n != 1 else ''} from {m} source{'s' if m != 1 else ''}"
    labels = list(focus)
    if not labels:
        return title
    around = "" if depth is None else f" and {depth} step{'s' if depth != 1 else ''} around it"
    return f"{', '.join(labels)}{around}, {title}"


def _prune(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, (), [], {}, "", False)}


def _payload_tables(kg: KnowledgeGraph) -> dict[str, Any]:
    """Entities, claims and sources as plain JSON-ready records."""
    entities = {
        e.id: _prune(
            {
                "label": e.label,
                "type": e.type,
                "synonyms": list(e.synonyms),
                "labels": [[lang, list(names)] for lang, names in e.labels],
                "xrefs": list(e.xrefs),
                "broad": list(e.broad_matches),
                "close": list(e.close_matches),
                "description": e.description,
            }
        )
        for e in kg.entities.values()
    }
    from ..paths.assess import assess

    roles = assess(kg)
    claims = {}
    for c in kg.claims.values():
        for end in (c.subject, c.object):
            if end not in kg.entities:
                raise MechkgError(
                    f"claim {c.id!r} names entity {end!r}, which is not in the graph; "
                    "export a graph that includes both ends of every claim"
                )
        fields = as_json(c)
        record = _prune(
            {
                "s": fields.pop("subject"),
                "r": fields.pop("relation"),
                "o": fields.pop("object"),
                **{k: v for k, v in fields.items() if k != "id"},
            }
        )
        record["rank"] = c.rank
        role = roles.get(c.id)
        if role is not None and role.role != "supports":
            # how the claim bears on its edge's headline: the page marks it
            record["role"] = [role.role, role.headline, list(role.differs_in)]
        claims[c.id] = record
    sources = {}
    for s in kg.sources.values():
        links = []
        if s.doi:
            links.append(["DOI " + s.doi, doi_link(s.doi)])
        if s.pmid:
            links.append(["PubMed " + s.pmid, f"https://pubmed.ncbi.nlm.nih.gov/{s.pmid}/"])
        if s.pmcid:
            links.append(
                ["PMC " + s.pmcid, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{s.pmcid}/"]
            )
        if s.url:
            links.append([s.url, s.url])
        sources[s.id] = _prune(
            {
                "kind": s.kind,
                "title": s.title,
                "venue": s.venue,
                "date": s.date,
                "language": s.language,
                "reports": list(s.reports),
                # Only web links become hyperlinks; the page checks the scheme again.
                "links": [
                    pair for pair in links if pair[1].lower().startswith(("https://", "http://"))
                ],
            }
        )
    species = {
        curie: species_label(curie)
        for curie in sorted({c.species for c in kg.claims.values() if c.species})
    }
    for e in kg.entities.values():
        if e.type == "OrganismTaxon":
            for curie in e.xrefs:
                if curie in species:
                    species[curie] = e.label
    return {"entities": entities, "claims": claims, "sources": sources, "species": species}


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` (so no
    ``</script>`` or ``<!--``) and no U+2028/U+2029."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, read from the installed pyvis package."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    try:
        script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        style = (folder / "vis-network.css").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise MechkgError(
            f"pyvis's copy of vis-network is missing ({err.filename}); reinstall pyvis 0.3.2"
        ) from None
    # The source map does not ship with pyvis; drop the reference to it.
    # (split on "\\n" only: the library contains literal U+2028 characters)
    lines = [ln for ln in script.split("\n") if not ln.startswith("//# sourceMappingURL=")]
    return "\n".join(lines), style


def _asset(name: str) -> str:
    return resources.files("mechkg.export.html_assets").joinpath(name).read_text(encoding="utf-8")


def _csp(*scripts: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def to_html(
    kg: KnowledgeGraph,
    *,
    highlight_paths: Sequence[Sequence[str]] | None = None,
    title: str | None = None,
    focus: Sequence[str] = (),
    filters: Mapping[str, Any] | None = None,
) -> str:
    """The graph as one self-contained interactive HTML page.

    The page needs no network: vis-network, the styles and the data are inlined, and its
    Content-Security-Policy forbids every request. Output is deterministic: the same graph
    gives the same bytes.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to draw (already filtered, e.g. by :func:`mechkg.select.subgraph`).
    highlight_paths : list of list of str, optional
        Paths to emphasise, each a list of claim ids; everything else is drawn faded and
        the side panel lists the paths.
    title : str, optional
        Page title and heading (plain text). Defaults to the title of the graph's one
        primary source, else to its counts of claims and sources.
    focus : list of str, optional
        Entity ids the graph was selected around: marked with a ring and centred.
    filters : mapping, optional
        The filters ``kg`` was selected with (e.g. ``{"min_evidence": "experiment",
        "species": "mouse"}``), shown on the page; ``min_evidence`` and ``relations`` also
        set the page's evidence and relation filters.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    MechkgError
        If a highlighted path names a claim that is not in ``kg``, a claim names an
        entity that is not in ``kg`` or a focus entity is not in ``kg``.

    Examples
    --------
    >>> from mechkg.examples import tiny_graph
    >>> page = to_html(tiny_graph(), title="A <and> B")
    >>> page.startswith("<!DOCTYPE html>"), "<title>A &lt;and&gt; B</title>" in page
    (True, True)
    """
    paths = _check_paths(kg, highlight_paths)
    focused = _check_focus(kg, focus)
    if title is None:
        title = default_title(kg)
    tables = _payload_tables(kg)
    drawn = drawn_entities(kg, tuple(name for name, _ in CONTEXT_FIELDS))
    nodes, edges, options = vis_data(kg, layout(kg, drawn), drawn, tuple(focused))
    payload = {
        "title": title,
        "context": [list(pair) for pair in CONTEXT_FIELDS],
        "palette": PALETTE,
        "focus": focused,
        "filters": _filters(filters),
        "levels": [[lv.name, lv.rank, lv.definition] for lv in EVIDENCE_LEVELS.values()],
        "relations": {r.name: [r.label, r.sign, r.kind] for r in RELATIONS.values()},
        "types": {
            t: list(TYPE_STYLES.get(t, OTHER_TYPE))
            for t in sorted({kg.entities[e].type for e in drawn})
        },
        "legend": legend(),
        "paths": paths,
        "large": len(kg.entities) > LARGE_GRAPH,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        **tables,
    }
    vis_js, vis_css = _vis_assets()
    app_js = _asset("app.js")
    parts = {
        "TITLE": html.escape(title, quote=True),
        "CSP": _csp(vis_js, app_js),
        "VIS_CSS": vis_css,
        "APP_CSS": _asset("app.css"),
        "DATA": _script_json(payload),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    # Fill the template's @@NAME@@ markers in one pass, so inserted text is never rescanned.
    pieces = _asset("template.html").split("@@")
    for i in range(1, len(pieces), 2):
        pieces[i] = parts[pieces[i]]
    return "".join(pieces)


def write_html(
    kg: KnowledgeGraph,
    path_or_file: Any,
    *,
    highlight_paths: Sequence[Sequence[str]] | None = None,
    title: str | None = None,
    focus: Sequence[str] = (),
    filters: Mapping[str, Any] | None = None,
) -> None:
    """Write :func:`to_html` to a path (atomically) or an open text file.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to draw.
    path_or_file : str, os.PathLike or text file
        Where to write.
    highlight_paths, title, focus, filters
        As for :func:`to_html`.

    Raises
    ------
    MechkgError
        As for :func:`to_html`.
    """
    page = to_html(kg, highlight_paths=highlight_paths, title=title, focus=focus, filters=filters)
    write_output(path_or_file, page)
