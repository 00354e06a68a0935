/* mechkg graph page: draws the embedded graph with vis-network and adds the legend,
   hover summaries, side panel, search (entities, sources, DOIs, quotes), colour-by and
   filter-by (evidence, source, source kind, species, condition, relation), per-path
   highlighting, neighbour dimming, PNG/SVG export and the page state in the URL fragment.
   Graph text is untrusted: it is only ever inserted as text (textContent, Text nodes)
   or as a checked attribute value, never parsed as HTML. */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("mechkg-data").textContent);
  // Ids are data: an id such as "toString", "constructor" or "__proto__" must never meet
  // a property every object inherits. Every map keyed by ids has no prototype.
  const dict = (from) => Object.assign(Object.create(null), from || {});
  for (const key of ["entities", "claims", "sources", "relations", "species"]) DATA[key] = dict(DATA[key]);
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const LANGUAGES = {
    nb: "Norwegian (Bokmål)", nn: "Norwegian (Nynorsk)", no: "Norwegian", en: "English",
    sv: "Swedish", da: "Danish", de: "German", fr: "French", es: "Spanish", it: "Italian",
    nl: "Dutch", fi: "Finnish", pt: "Portuguese", zh: "Chinese", ja: "Japanese",
    ko: "Korean", ru: "Russian", ar: "Arabic", he: "Hebrew", la: "Latin",
  };

  /* ---------- safe DOM building ---------- */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "lang" || key === "title" || key === "dir" || key === "role") node.setAttribute(key, value);
      else if (key === "onclick") node.addEventListener("click", value);
      else throw new Error("unexpected property " + key);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }
  function link(url, text) {
    // Only web links: a javascript: or data: URL in the data stays plain text.
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return h("span", { text: text || url });
    const a = h("a", { text: text || url });
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    return node;
  }

  /* ---------- lookups ---------- */
  const entityName = (id) => (DATA.entities[id] ? DATA.entities[id].label : id);
  const relationLabel = (name) => (DATA.relations[name] ? DATA.relations[name][0] : name);
  const levelName = (name) => name.replace(/_/g, " ");
  const speciesName = (curie) => DATA.species[curie] || curie;
  const claimIds = Object.keys(DATA.claims);
  const claimsOf = dict();
  for (const id of Object.keys(DATA.entities)) claimsOf[id] = { out: [], in: [] };
  for (const cid of claimIds) {
    const c = DATA.claims[cid];
    claimsOf[c.s].out.push(cid);
    claimsOf[c.o].in.push(cid);
  }
  // Claims of one pair of entities with one look are one drawn edge.
  const edgeOf = dict();
  const edgeById = dict();
  const pairEdges = dict();
  for (const edge of DATA.edges) {
    edgeById[edge.id] = edge;
    for (const cid of edge.claims) edgeOf[cid] = edge.id;
    const pair = edge.from < edge.to ? edge.from + "\u0000" + edge.to : edge.to + "\u0000" + edge.from;
    (pairEdges[pair] = pairEdges[pair] || []).push(edge.id);
  }
  const pairOf = (edge) => (edge.from < edge.to ? edge.from + "\u0000" + edge.to : edge.to + "\u0000" + edge.from);
  const drawnNode = dict();
  for (const node of DATA.nodes) drawnNode[node.id] = node;
  const edgesAt = dict();
  for (const edge of DATA.edges) {
    (edgesAt[edge.from] = edgesAt[edge.from] || []).push(edge.id);
    if (edge.to !== edge.from) (edgesAt[edge.to] = edgesAt[edge.to] || []).push(edge.id);
  }
  /** Context entities (conditions) of a claim, as [field, entity id] pairs. */
  function contextOf(c) {
    const out = [];
    for (const [field] of DATA.context) {
      const value = c[field];
      if (value === undefined || value === null) continue;
      for (const id of Array.isArray(value) ? value : [value]) out.push([field, id]);
    }
    return out;
  }
  function signOf(c) { return DATA.relations[c.r][1]; }
  function signColour(c) {
    if (c.negated) return DATA.legend.signs[5][1];
    return { "1": DATA.legend.signs[0][1], "-1": DATA.legend.signs[1][1], "0": DATA.legend.signs[3][1] }[String(signOf(c))]
      || DATA.legend.signs[2][1];
  }
  function statement(c) {
    return entityName(c.s) + (c.negated ? " does NOT " : " ") + relationLabel(c.r) + " " + entityName(c.o);
  }
  function sourceTitle(id) {
    const s = DATA.sources[id];
    return s && s.title ? s.title : id;
  }
  function sourceLine(id) {
    const s = DATA.sources[id];
    if (!s) return id;
    const bits = [s.venue, s.date, s.kind].filter(Boolean).join(", ");
    return (s.title || id) + (bits ? " (" + bits + ")" : "");
  }
  function contextLines(c) {
    const rows = [];
    if (c.species) rows.push(["Species", speciesName(c.species)]);
    const byField = dict();
    for (const [field, id] of contextOf(c)) (byField[field] = byField[field] || []).push(entityName(id));
    for (const [field, label] of DATA.context) {
      if (byField[field]) rows.push([label.charAt(0).toUpperCase() + label.slice(1), byField[field].join("; ")]);
    }
    const treatment = [c.dose, c.route, c.time ? "measured at " + c.time : null].filter(Boolean);
    if (treatment.length) rows.push(["Treatment", treatment.join(" \u00b7 ")]);
    if (c.requires) rows.push(["Requires", c.requires.map(entityName).join("; ") + " (the effect is lost without it)"]);
    if (c.independent_of) rows.push(["Independent of", c.independent_of.map(entityName).join("; ") + " (the effect persists without it)"]);
    if (c.method) rows.push(["Method", c.method.join("; ")]);
    if (c.figure) rows.push(["Figure", c.figure]);
    return rows;
  }
  /** A badge saying how a claim bears on its edge: a necessity test supports the
   * mechanism; an opposing claim contradicts the headline or differs from it by context. */
  function roleBadge(c) {
    if (c.requires || c.independent_of) {
      const what = c.requires ? "requires " + c.requires.map(entityName).join(", ") : "independent of " + c.independent_of.map(entityName).join(", ");
      return h("span", { class: "badge necessity", text: "\u2713 necessity test: " + what });
    }
    if (!c.role) return null;
    const [role, head, qualifiers] = c.role;
    if (role === "contradicts") return h("span", { class: "badge contradicts", text: "\u2717 contradicts " + head, title: "The same context, the opposite result" });
    return h("span", { class: "badge differs", text: "\u2260 differs by context from " + head + ": " + qualifiers.join(", "), title: "Not a contradiction: the result was obtained in another context" });
  }

  /* ---------- facets: what edges can be coloured and filtered by ---------- */
  const shorten = (text, n) => (text.length > n ? text.slice(0, n - 1) + "\u2026" : text);
  const FACETS = {
    source: { label: "source", values: (c) => [c.source], name: (v) => shorten(sourceTitle(v), 60) },
    kind: { label: "source kind", values: (c) => [(DATA.sources[c.source] || {}).kind || ""], name: (v) => v || "not stated" },
    species: { label: "species", values: (c) => [c.species || ""], name: (v) => (v ? speciesName(v) : "not stated") },
    condition: {
      label: "condition", values: (c) => { const v = contextOf(c).map(([, id]) => id); return v.length ? v : [""]; },
      name: (v) => (v ? entityName(v) : "none stated"),
    },
    relation: { label: "relation", values: (c) => [c.r], name: (v) => relationLabel(v) },
  };
  const FACET_ORDER = ["source", "kind", "species", "condition", "relation"];
  const MIXED = "#3d3d3d";
  for (const key of FACET_ORDER) {
    const facet = FACETS[key];
    const count = new Map();
    for (const cid of claimIds) for (const v of new Set(facet.values(DATA.claims[cid]))) count.set(v, (count.get(v) || 0) + 1);
    facet.order = [...count.keys()].sort((a, b) => count.get(b) - count.get(a) || (a < b ? -1 : a > b ? 1 : 0));
    facet.count = count;
    facet.colour = new Map();
    const last = DATA.palette.length - 1;
    facet.order.forEach((v, i) => facet.colour.set(v, DATA.palette[Math.min(i, last)]));
  }
  const levelRank = dict();
  for (const [name, rank] of DATA.levels) levelRank[name] = rank;

  /* ---------- page state (mirrored in the URL fragment) ---------- */
  const STATE = { colour: "effect", min: 0, keep: {}, path: null, selected: null };
  for (const [name, value] of DATA.filters) {
    if (name === "min_evidence" && levelRank[value] !== undefined) STATE.min = levelRank[value];
    if (name === "relations") STATE.keep.relation = new Set(Array.isArray(value) ? value : [value]);
  }
  function passes(cid) {
    const c = DATA.claims[cid];
    if (c.rank < STATE.min) return false;
    for (const key of FACET_ORDER) {
      const keep = STATE.keep[key];
      if (keep && !FACETS[key].values(c).some((v) => keep.has(v))) return false;
    }
    return true;
  }

  /* ---------- paths ---------- */
  const PATHS = DATA.paths.map((path) => {
    let weakest = null;
    let net = 1;
    for (const cid of path) {
      const c = DATA.claims[cid];
      if (weakest === null || c.rank < DATA.claims[weakest].rank) weakest = cid;
      const sign = signOf(c);
      net = net === null || sign === null || sign === undefined ? null : net * sign;
    }
    const nodesOn = new Set();
    for (const cid of path) { nodesOn.add(DATA.claims[cid].s); nodesOn.add(DATA.claims[cid].o); }
    return {
      claims: path, edges: new Set(path.map((cid) => edgeOf[cid])), nodes: nodesOn, weakest: weakest,
      weakestEdge: weakest === null ? null : edgeOf[weakest], net: path.length ? net : null,
      target: path.length ? DATA.claims[path[path.length - 1]].o : null,
    };
  });
  const netWords = (net) => (net === 1 ? "increases" : net === -1 ? "decreases" : net === 0 ? "no change" : "sign unknown");
  const netColour = (net) => (net === 1 ? DATA.legend.signs[0][1] : net === -1 ? DATA.legend.signs[1][1] : DATA.legend.signs[2][1]);

  /* ---------- the network ---------- */
  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges);
  const container = $("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  window.network = network;
  network.once("afterDrawing", () => {
    window.mechkgReady = true;
    window.mechkgReadyAt = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
  let touched = false;
  function fitAll(animate) {
    network.fit({ animation: animate ? { duration: 400 } : false });
    network.moveTo({ scale: network.getScale() * 0.94, animation: false });
    if (DATA.focus.length) {
      // Centre the focus, keeping the scale that shows the whole graph.
      const at = network.getPositions(DATA.focus.filter((id) => drawnNode[id]));
      const points = Object.values(at);
      if (points.length) {
        const x = points.reduce((t, p) => t + p.x, 0) / points.length;
        const y = points.reduce((t, p) => t + p.y, 0) / points.length;
        network.moveTo({ position: { x: x, y: y }, scale: Math.max(network.getScale(), 0.6), animation: false });
      }
    }
  }

  /* ---------- drawing the state ---------- */
  const applied = dict(); // edge or node id -> the last style applied, as JSON
  let shownClaims = claimIds.length;
  let shownEdges = DATA.edges.length;
  let overlay = null; // what the last drawing wrote over the graph
  function activePaths() {
    if (!PATHS.length) return null;
    return STATE.path === null ? PATHS : [PATHS[STATE.path]];
  }
  let rendered = false;
  function render() {
    if (!rendered && !PATHS.length && !STATE.selected && STATE.min === 0 && STATE.colour === "effect"
        && !Object.keys(STATE.keep).length) {
      // The data already draws the default view: nothing to restyle on load.
      rendered = true;
      showStats();
      renderColourLegend();
      writeHash();
      return;
    }
    rendered = true;
    const paths = activePaths();
    const onPath = paths ? new Set(paths.flatMap((p) => [...p.edges])) : null;
    const pathNodes = paths ? new Set(paths.flatMap((p) => [...p.nodes])) : null;
    const one = paths && paths.length === 1 ? paths[0] : null;
    const sel = STATE.selected && drawnNode[STATE.selected] ? STATE.selected : null;
    const near = sel ? new Set([sel]) : null;
    const nearEdges = sel ? new Set(edgesAt[sel] || []) : null;
    if (sel) for (const id of nearEdges) { near.add(edgeById[id].from); near.add(edgeById[id].to); }
    const facet = STATE.colour === "effect" ? null : FACETS[STATE.colour];
    const live = dict();
    const edgeUpdates = [];
    shownClaims = 0;
    shownEdges = 0;
    for (const edge of DATA.edges) {
      const kept = edge.claims.filter(passes);
      shownClaims += kept.length;
      const hidden = kept.length === 0;
      if (!hidden) { live[edge.from] = true; live[edge.to] = true; shownEdges += 1; }
      let colour = edge.color.color;
      let opacity = edge.color.opacity;
      if (facet && !hidden) {
        const values = new Set(kept.flatMap((cid) => facet.values(DATA.claims[cid])));
        colour = values.size === 1 ? facet.colour.get([...values][0]) : MIXED;
        opacity = Math.max(opacity, 0.85);
      }
      let width = edge.width;
      let shadow = false;
      let label = edge.label || "";
      if (kept.length !== edge.claims.length && kept.length) label = label.replace(/\u00d7\d+/, "").trim() + (kept.length > 1 ? " \u00d7" + kept.length : "");
      if (onPath) {
        if (onPath.has(edge.id)) { width += 3; shadow = true; opacity = 1; }
        else opacity = 0.12;
        if (one && one.weakestEdge === edge.id) width += 2;
      }
      if (nearEdges && !nearEdges.has(edge.id)) opacity = Math.min(opacity, 0.1);
      const style = {
        id: edge.id, hidden: hidden, width: width, label: label.trim(),
        color: { color: colour, highlight: colour, hover: colour, opacity: opacity },
        shadow: shadow ? { enabled: true, color: "#ffae00", size: 14, x: 0, y: 0 } : { enabled: false },
      };
      const change = changes(edge.id, style, edge);
      if (change) edgeUpdates.push(change);
    }
    if (edgeUpdates.length) edges.update(edgeUpdates);
    const nodeUpdates = [];
    for (const node of DATA.nodes) {
      const linked = (edgesAt[node.id] || []).length > 0;
      let opacity = 1;
      if (pathNodes && !pathNodes.has(node.id)) opacity = 0.3;
      if (near && !near.has(node.id)) opacity = Math.min(opacity, 0.2);
      const style = { id: node.id, hidden: linked && !live[node.id], opacity: opacity };
      const change = changes("n:" + node.id, style, null);
      if (change) { change.id = node.id; nodeUpdates.push(change); }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    overlay = one && one.target && drawnNode[one.target] && live[one.target]
      ? { node: one.target, text: "net effect: " + netWords(one.net), colour: netColour(one.net),
          weakest: one.weakestEdge && applied[one.weakestEdge].hidden === "false" ? one.weakestEdge : null,
          weakestText: one.weakest ? "weakest step: " + levelName(DATA.claims[one.weakest].evidence) : "" } : null;
    showStats();
    renderColourLegend();
    writeHash();
  }
  /** The fields of ``style`` that differ from what the item shows now (vis-network
      re-processes whatever it is given: send only what changed), or null. */
  function changes(key, style, edge) {
    let before = applied[key];
    if (!before) {
      before = applied[key] = edge ? {
        hidden: "false", width: String(edge.width), label: JSON.stringify(edge.label || ""),
        color: JSON.stringify({ color: edge.color.color, highlight: edge.color.color, hover: edge.color.color, opacity: edge.color.opacity }),
        shadow: JSON.stringify({ enabled: false }),
      } : { hidden: "false", opacity: "1" };
    }
    let out = null;
    for (const [field, value] of Object.entries(style)) {
      if (field === "id") continue;
      const text = typeof value === "object" ? JSON.stringify(value) : String(value);
      if (before[field] === text) continue;
      before[field] = text;
      (out = out || { id: style.id })[field] = value;
    }
    return out;
  }
  /** A pill of text over the graph, the same size on screen at any zoom. */
  function pill(ctx, text, colour, cx, bottom) {
    const k = 1 / network.getScale();
    ctx.font = "600 " + (15 * k).toFixed(2) + "px system-ui, sans-serif";
    const w = ctx.measureText(text).width + 18 * k;
    const hgt = 26 * k;
    const x = cx - w / 2;
    const y = bottom - hgt;
    ctx.fillStyle = "#ffffff";
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2.5 * k;
    ctx.beginPath();
    if (ctx.roundRect) ctx.roundRect(x, y, w, hgt, hgt / 2); else ctx.rect(x, y, w, hgt);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = colour;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, cx, y + hgt / 2);
  }
  network.on("afterDrawing", (ctx) => {
    if (!overlay) return;
    const at = network.getPositions([overlay.node])[overlay.node];
    if (!at) return;
    const k = 1 / network.getScale();
    const size = (network.body.nodes[overlay.node] && network.body.nodes[overlay.node].shape.height) || 20;
    ctx.save();
    pill(ctx, overlay.text, overlay.colour, at.x, at.y - size / 2 - 8 * k);
    const weak = overlay.weakest && network.body.edges[overlay.weakest];
    if (weak && weak.edgeType) {
      const mid = weak.edgeType.getPoint(0.5);
      ctx.beginPath();
      ctx.arc(mid.x, mid.y, 9 * k, 0, 2 * Math.PI);
      ctx.lineWidth = 3 * k;
      ctx.strokeStyle = "#a3001b";
      ctx.stroke();
      pill(ctx, overlay.weakestText, "#a3001b", mid.x, mid.y - 14 * k);
    }
    ctx.restore();
  });

  $("title").textContent = DATA.title;
  const total = claimIds.length;
  const entityCount = DATA.nodes.length;
  function showStats() {
    $("stats").textContent = entityCount + " entities \u00b7 " +
      (shownClaims === total ? total + " claims" : shownClaims + " of " + total + " claims shown");
  }
  if (DATA.filters.length) {
    const box = $("applied");
    box.append(h("span", { class: "applied-head", text: "Selected with" }));
    for (const [name, value] of DATA.filters) {
      const shown = (v) => (name === "species" ? speciesName(v) : v);
      const text = Array.isArray(value) ? value.map(shown).join(", ") : shown(value);
      box.append(h("span", { class: "chip", text: name.replace(/_/g, " ") + ": " + text }));
    }
    box.hidden = false;
  }

  /* ---------- hover ---------- */
  const tooltip = $("tooltip");
  function showTooltip(rows, pointer) {
    tooltip.replaceChildren(...rows);
    tooltip.hidden = false;
    const stage = $("canvas").getBoundingClientRect();
    const x = Math.min(pointer.x + 14, stage.width - tooltip.offsetWidth - 6);
    const y = pointer.y + 14 + tooltip.offsetHeight > stage.height ? pointer.y - tooltip.offsetHeight - 10 : pointer.y + 14;
    tooltip.style.left = Math.max(4, x) + "px";
    tooltip.style.top = Math.max(4, y) + "px";
  }
  function edgeTooltip(id) {
    const edge = edgeById[id];
    const kept = edge.claims.filter(passes);
    const list = kept.length ? kept : edge.claims;
    const rows = [];
    if (list.length > 1) rows.push(h("div", { class: "head", text: list.length + " claims: " + statement(DATA.claims[list[0]]) }));
    for (const cid of list.slice(0, 4)) {
      const c = DATA.claims[cid];
      if (list.length === 1) rows.push(h("div", { class: "head", text: statement(c) }));
      rows.push(h("div", { class: "row", text: "Evidence: " + levelName(c.evidence) + " (" + c.rank + " of 7) \u00b7 " + sourceLine(c.source) }));
      for (const [key, value] of contextLines(c)) rows.push(h("div", { class: "row", text: key + ": " + value }));
      if (c.quote) rows.push(h("div", { class: "row" }, h("q", { text: c.quote, lang: c.quote_lang || null, dir: "auto" })));
    }
    if (list.length > 4) rows.push(h("div", { class: "row", text: "\u2026 and " + (list.length - 4) + " more: click to read them all." }));
    return rows;
  }
  function entityTooltip(id) {
    const e = DATA.entities[id];
    const rows = [h("div", { class: "head", text: e.label })];
    rows.push(h("div", { class: "row", text: e.type + " \u00b7 " + claimsOf[id].out.length + " claims from, " + claimsOf[id].in.length + " about" }));
    const other = (e.labels || []).map(([lang, names]) => names[0] + " (" + lang + ")");
    if (other.length) rows.push(h("div", { class: "row", text: other.join(", ") }));
    if (DATA.focus.includes(id)) rows.push(h("div", { class: "row", text: "The focus of this export." }));
    rows.push(h("div", { class: "row", text: "Click for every claim and its sources." }));
    return rows;
  }
  network.on("hoverEdge", (p) => showTooltip(edgeTooltip(p.edge), p.pointer.DOM));
  network.on("hoverNode", (p) => showTooltip(entityTooltip(p.node), p.pointer.DOM));
  network.on("blurEdge", () => { tooltip.hidden = true; });
  network.on("blurNode", () => { tooltip.hidden = true; });
  network.on("dragStart", () => { tooltip.hidden = true; });
  network.on("zoom", () => { tooltip.hidden = true; });

  /* ---------- side panel ---------- */
  const panel = $("panel");
  const body = $("panel-body");
  let panelView = null; // what the panel shows: ["entity", id], ["edge", id], ["source", id], ["paths"]
  function setPanel(open) {
    if (panel.hidden === !open) return;
    panel.hidden = !open;
    network.redraw();
  }
  function openPanel(children, view) {
    body.replaceChildren(...children);
    panelView = view;
    setPanel(true);
    panel.scrollTop = 0;
  }
  $("panel-close").addEventListener("click", () => {
    setPanel(false);
    panelView = null;
    network.unselectAll();
    select(null);
  });
  function entityLink(id) {
    return h("span", { class: "entity-link", text: entityName(id), role: "link", onclick: () => focusEntity(id) });
  }
  function sourceLink(id) {
    return h("span", { class: "entity-link", text: sourceLine(id), role: "link", onclick: () => showSource(id) });
  }
  function claimCard(cid) {
    const c = DATA.claims[cid];
    const card = h("div", { class: "claim" });
    card.setAttribute("data-claim", cid);
    card.style.borderLeftColor = signColour(c);
    card.append(h("div", { class: "statement" },
      entityLink(c.s), c.negated ? " does NOT " : " ", relationLabel(c.r), " ", entityLink(c.o)));
    const badges = h("div", { class: "badges" },
      h("span", { class: "badge", text: "evidence: " + levelName(c.evidence) + " (" + c.rank + "/7)" }),
      c.negated ? h("span", { class: "badge negated", text: "negated" }) : null,
      c.species ? h("span", { class: "badge species", text: speciesName(c.species) }) : null,
      roleBadge(c));
    for (const [field, id] of contextOf(c)) {
      const label = (DATA.context.find(([f]) => f === field) || [field, field])[1];
      badges.append(h("span", { class: "badge condition", text: label + ": " + entityName(id), title: id }));
    }
    card.append(badges);
    if (c.quote) card.append(h("blockquote", { lang: c.quote_lang || null, dir: "auto", text: c.quote }));
    const dl = h("dl");
    const row = (key, value) => { dl.append(h("dt", { text: key }), h("dd", null, value)); };
    for (const [key, value] of contextLines(c)) row(key, value);
    const s = DATA.sources[c.source];
    const src = h("span", null, sourceLink(c.source));
    if (s && s.links) for (const [text, url] of s.links) src.append(h("br"), link(url, text));
    row("Source", src);
    if (s && s.reports) row("Reports on", s.reports.map(sourceLine).join("; "));
    if (c.attributed_to) {
      const a = DATA.sources[c.attributed_to];
      const span = h("span", null, sourceLine(c.attributed_to));
      if (a && a.links) for (const [text, url] of a.links) span.append(h("br"), link(url, text));
      row("Attributed to", span);
    }
    if (c.quote_lang) row("Quote language", LANGUAGES[c.quote_lang] || c.quote_lang);
    if (c.eco) row("Evidence code", link("https://bioregistry.io/" + encodeURIComponent(c.eco).replace("%3A", ":"), c.eco));
    if (c.note) row("Note", c.note);
    row("Claim id", cid);
    card.append(dl);
    return card;
  }
  const byRank = (ids) => ids.slice().sort((a, b) => DATA.claims[b].rank - DATA.claims[a].rank || (a < b ? -1 : 1));
  function cardsSplit(out, ids, heading) {
    const kept = byRank(ids.filter(passes));
    const hidden = byRank(ids.filter((cid) => !passes(cid)));
    out.push(h("h3", { text: heading + " (" + ids.length + ")" }));
    for (const cid of kept) out.push(claimCard(cid));
    if (hidden.length) {
      out.push(h("div", { class: "meta", text: hidden.length + " hidden by the page's filters:" }));
      for (const cid of hidden) { const card = claimCard(cid); card.classList.add("filtered"); out.push(card); }
    }
  }
  function showEntity(id) {
    const e = DATA.entities[id];
    const out = [h("h2", { text: e.label })];
    out.push(h("div", { class: "meta", text: e.type + " \u00b7 id " + id + (DATA.focus.includes(id) ? " \u00b7 focus of this export" : "") }));
    const dl = h("dl");
    const row = (key, value) => { dl.append(h("dt", { text: key }), h("dd", null, value)); };
    if (e.synonyms) row("Also called", e.synonyms.join(", "));
    for (const [lang, names] of e.labels || []) row(LANGUAGES[lang] || lang, names.join(", "));
    for (const [key, list] of [["Same as", e.xrefs], ["Broader", e.broad], ["Close to", e.close]]) {
      if (!list) continue;
      const span = h("span");
      list.forEach((curie, i) => {
        if (i) span.append(", ");
        span.append(link("https://bioregistry.io/" + encodeURIComponent(curie).replace("%3A", ":"), curie));
      });
      row(key, span);
    }
    if (e.description) row("Description", e.description);
    out.push(dl);
    cardsSplit(out, claimsOf[id].out, "Claims with " + e.label + " as cause");
    cardsSplit(out, claimsOf[id].in, "Claims about " + e.label);
    const under = claimIds.filter((cid) => contextOf(DATA.claims[cid]).some(([, other]) => other === id));
    if (under.length) cardsSplit(out, under, "Claims that hold in or under " + e.label);
    openPanel(out, ["entity", id]);
  }
  function showEdge(id, first) {
    const edge = edgeById[id];
    const c = DATA.claims[edge.claims[0]];
    const n = edge.claims.length;
    const out = [h("h2", { text: statement(c) + (n > 1 ? " (" + n + " claims)" : "") })];
    const ids = first ? [first, ...edge.claims.filter((cid) => cid !== first)] : edge.claims;
    if (first) {
      out.push(claimCard(first));
      if (n > 1) cardsSplit(out, ids.slice(1), "The other claims of this edge");
    } else {
      cardsSplit(out, ids, n > 1 ? "Every claim of this edge" : "The claim");
    }
    const others = (pairEdges[pairOf(edge)] || []).filter((other) => other !== id).flatMap((other) => edgeById[other].claims);
    if (others.length) cardsSplit(out, others, "Other claims between these two");
    openPanel(out, ["edge", id]);
  }
  function showSource(id) {
    const s = DATA.sources[id] || {};
    const out = [h("h2", { text: s.title || id })];
    out.push(h("div", { class: "meta", text: [s.kind, s.venue, s.date, "id " + id].filter(Boolean).join(" \u00b7 ") }));
    const dl = h("dl");
    const row = (key, value) => { dl.append(h("dt", { text: key }), h("dd", null, value)); };
    if (s.links) { const span = h("span"); s.links.forEach(([text, url], i) => { if (i) span.append(h("br")); span.append(link(url, text)); }); row("Links", span); }
    if (s.reports) row("Reports on", h("span", null, ...s.reports.map(sourceLink)));
    const reportedBy = Object.keys(DATA.sources).filter((other) => (DATA.sources[other].reports || []).includes(id));
    if (reportedBy.length) row("Reported by", h("span", null, ...reportedBy.map(sourceLink)));
    out.push(dl);
    const mine = claimIds.filter((cid) => DATA.claims[cid].source === id || DATA.claims[cid].attributed_to === id);
    out.push(h("button", { class: "small", text: "Show only this source's claims", onclick: () => setFilter("source", [id]) }));
    cardsSplit(out, mine, "Claims from this source");
    openPanel(out, ["source", id]);
  }
  function pathText(p) {
    const names = [];
    p.claims.forEach((cid, k) => {
      const c = DATA.claims[cid];
      if (k === 0) names.push(entityName(c.s));
      names.push(signOf(c) === -1 ? " \u22a3 " : " \u2192 ", entityName(c.o));
    });
    return names.join("");
  }
  function showPaths() {
    const out = [h("h2", { text: "Highlighted paths" })];
    PATHS.forEach((p, i) => {
      const item = h("div", { class: "path", role: "button", onclick: () => selectPath(STATE.path === i ? null : i) },
        (i + 1) + ". " + pathText(p));
      item.setAttribute("aria-pressed", String(STATE.path === i));
      item.setAttribute("data-path", String(i));
      const bits = ["net effect: " + netWords(p.net)];
      if (p.weakest) {
        const w = DATA.claims[p.weakest];
        bits.push("weakest step: " + entityName(w.s) + " \u2192 " + entityName(w.o) + " (" + levelName(w.evidence) + ")");
      }
      item.append(h("div", { class: "meta", text: bits.join(" \u00b7 ") }));
      out.push(item);
    });
    out.push(h("p", { class: "meta", text: "Click a path to highlight it alone (again for all); click a node or an edge for its claims." }));
    openPanel(out, ["paths"]);
  }
  function selectPath(i) {
    STATE.path = i === null || i === undefined || !PATHS[i] ? null : i;
    select(null, true);
    network.unselectAll();
    render();
    if (panelView && panelView[0] === "paths") showPaths();
    const p = STATE.path === null ? null : PATHS[STATE.path];
    if (p) {
      network.fit({ nodes: [...p.nodes].filter((id) => drawnNode[id]), animation: false });
      network.moveTo({ scale: Math.min(network.getScale() * 0.8, 1.5), animation: false });
    }
  }
  function select(id, quiet) {
    STATE.selected = id && drawnNode[id] ? id : null;
    if (!quiet) render();
  }
  network.on("click", (p) => {
    tooltip.hidden = true;
    touched = true;
    if (p.nodes.length) { select(p.nodes[0]); showEntity(p.nodes[0]); }
    else if (p.edges.length) { select(null); showEdge(p.edges[0]); }
    else {
      select(null);
      if (PATHS.length) showPaths(); else { setPanel(false); panelView = null; }
    }
  });
  for (const event of ["dragStart", "zoom"]) network.on(event, () => { touched = true; });
  network.on("resize", () => setTimeout(() => { if (!touched) fitAll(false); }, 0));
  function focusEntity(id) {
    if (!DATA.entities[id]) return;
    if (drawnNode[id] && !nodes.get(id).hidden) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    }
    select(id);
    showEntity(id);
  }
  function showClaim(cid) {
    const id = edgeOf[cid];
    select(null);
    if (!edges.get(id).hidden) {
      network.selectEdges([id]);
      const edge = edgeById[id];
      network.fit({ nodes: [edge.from, edge.to], animation: false });
      network.moveTo({ scale: Math.min(network.getScale(), 1.3), animation: false });
    }
    showEdge(id, cid);
  }

  /* ---------- search: entities, sources, DOIs and quotes ---------- */
  const fold = (text) => String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let names = null; // built on the first search: [folded, kind, id, shown text, hint]
  function searchIndex() {
    if (names) return names;
    names = [];
    for (const [id, e] of Object.entries(DATA.entities)) {
      names.push([fold(e.label), "entity", id, e.label, ""]);
      names.push([fold(id), "entity", id, id, "id"]);
      for (const s of e.synonyms || []) names.push([fold(s), "entity", id, s, "synonym"]);
      for (const [lang, list] of e.labels || []) for (const s of list) names.push([fold(s), "entity", id, s, lang]);
      for (const x of e.xrefs || []) names.push([fold(x), "entity", id, x, "id"]);
    }
    for (const [id, s] of Object.entries(DATA.sources)) {
      names.push([fold(s.title || id), "source", id, s.title || id, ""]);
      names.push([fold(id), "source", id, id, "id"]);
      for (const [text, url] of s.links || []) { names.push([fold(text), "source", id, text, ""]); names.push([fold(url), "source", id, url, ""]); }
    }
    for (const cid of claimIds) {
      const c = DATA.claims[cid];
      if (c.quote) names.push([fold(c.quote), "quote", cid, c.quote, ""]);
      if (c.note) names.push([fold(c.note), "quote", cid, c.note, "note"]);
    }
    return names;
  }
  const search = $("search");
  const results = $("results");
  let hits = [];
  let active = 0;
  const KIND_ORDER = { entity: 0, source: 1, quote: 2 };
  const KIND_LIMIT = { entity: 25, source: 8, quote: 12 };
  function find(query) {
    const q = fold(query.trim());
    if (!q) return [];
    const best = new Map();
    for (const [folded, kind, id, text, hint] of searchIndex()) {
      const at = folded.indexOf(q);
      if (at < 0) continue;
      const score = folded === q ? 0 : at === 0 ? 1 : /[\s\-_/(.:]/.test(folded[at - 1]) ? 2 : 3;
      const key = kind + "\u0000" + id;
      const seen = best.get(key);
      if (!seen || score < seen.score) best.set(key, { kind: kind, id: id, text: text, hint: hint, score: score, at: at, length: q.length });
    }
    const name = (hit) => (hit.kind === "entity" ? entityName(hit.id) : hit.kind === "source" ? sourceTitle(hit.id) : hit.id);
    const sorted = [...best.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.score - b.score
      || name(a).localeCompare(name(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const taken = { entity: 0, source: 0, quote: 0 };
    return sorted.filter((hit) => (taken[hit.kind] += 1) <= KIND_LIMIT[hit.kind]);
  }
  function snippet(hit) {
    const start = Math.max(0, hit.at - 30);
    const text = hit.text;
    return (start ? "\u2026" : "") + text.slice(start, hit.at + hit.length + 50) + (hit.at + hit.length + 50 < text.length ? "\u2026" : "");
  }
  function renderResults() {
    results.replaceChildren();
    if (!search.value.trim()) { results.hidden = true; return; }
    if (!hits.length) results.append(h("li", { class: "empty", text: "No entity, source or quote answers to that" }));
    hits.forEach((hit, i) => {
      let item;
      if (hit.kind === "entity") {
        const e = DATA.entities[hit.id];
        item = h("li", { role: "option", onclick: () => pick(i) }, e.label);
        const hint = hit.text !== e.label ? hit.text + (hit.hint && hit.hint !== "synonym" ? " (" + hit.hint + ")" : "") + " \u00b7 " : "";
        item.append(h("span", { class: "hint", text: hint + e.type }));
      } else if (hit.kind === "source") {
        item = h("li", { role: "option", onclick: () => pick(i) }, shorten(sourceTitle(hit.id), 70));
        item.append(h("span", { class: "hint", text: (hit.text !== sourceTitle(hit.id) ? shorten(hit.text, 50) + " \u00b7 " : "") + "source" }));
      } else {
        const c = DATA.claims[hit.id];
        item = h("li", { role: "option", onclick: () => pick(i) }, h("q", { text: snippet(hit), dir: "auto", lang: c.quote_lang || null }));
        item.append(h("span", { class: "hint", text: (hit.hint || "quote") + " \u00b7 " + shorten(statement(c), 60) }));
      }
      item.setAttribute("data-kind", hit.kind);
      item.setAttribute("aria-selected", i === active ? "true" : "false");
      results.append(item);
    });
    results.hidden = false;
  }
  function pick(i) {
    const hit = hits[i];
    if (!hit) return;
    results.hidden = true;
    if (hit.kind === "entity") focusEntity(hit.id);
    else if (hit.kind === "source") showSource(hit.id);
    else showClaim(hit.id);
  }
  search.addEventListener("input", () => { hits = find(search.value); active = 0; renderResults(); });
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); pick(active); }
    else if (ev.key === "ArrowDown") { ev.preventDefault(); active = Math.min(active + 1, hits.length - 1); renderResults(); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); active = Math.max(active - 1, 0); renderResults(); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  document.addEventListener("click", (ev) => { if (!$("find").contains(ev.target)) results.hidden = true; });

  /* ---------- controls: evidence, colour by, filters ---------- */
  const minSelect = $("min-evidence");
  for (const [name, rank, definition] of DATA.levels) {
    minSelect.append(h("option", { text: (rank === 0 ? "all (" + name + " and up)" : levelName(name) + " and up"), title: definition }));
    minSelect.lastChild.value = String(rank);
  }
  function setMinEvidence(rank) {
    STATE.min = Number(rank) || 0;
    minSelect.value = String(STATE.min);
    render();
  }
  minSelect.addEventListener("change", () => setMinEvidence(Number(minSelect.value)));
  const colourSelect = $("colour-by");
  colourSelect.append(h("option", { text: "effect (sign)" }));
  colourSelect.lastChild.value = "effect";
  for (const key of FACET_ORDER) {
    colourSelect.append(h("option", { text: FACETS[key].label }));
    colourSelect.lastChild.value = key;
  }
  function setColour(key) {
    STATE.colour = FACETS[key] ? key : "effect";
    colourSelect.value = STATE.colour;
    render();
  }
  colourSelect.addEventListener("change", () => setColour(colourSelect.value));
  /** Keep only claims whose ``key`` facet has one of ``values`` (null: every value). */
  function setFilter(key, values) {
    if (!FACETS[key]) return;
    const keep = values === null || values === undefined ? null : new Set(values);
    STATE.keep[key] = keep && keep.size < FACETS[key].order.length ? keep : keep && keep.size === FACETS[key].order.length ? null : keep;
    if (!STATE.keep[key]) delete STATE.keep[key];
    syncFilterBoxes();
    render();
    if (panelView && panelView[0] !== "paths") ({ entity: showEntity, edge: showEdge, source: showSource })[panelView[0]](panelView[1]);
  }
  const FILTER_SHOWN = 150; // values listed per facet; search finds the rest
  const filterBoxes = dict();
  const filterRoot = $("filters");
  for (const key of FACET_ORDER) {
    const facet = FACETS[key];
    if (facet.order.length < 2 && key !== "source") continue;
    const details = h("details", { class: "facet" });
    details.setAttribute("data-facet", key);
    const summary = h("summary", { text: facet.label + " (" + facet.order.length + ")" });
    details.append(summary);
    const all = h("button", { class: "small", text: "all", onclick: () => setFilter(key, null) });
    details.append(all);
    filterBoxes[key] = [];
    for (const value of facet.order.slice(0, FILTER_SHOWN)) {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = value;
      box.addEventListener("change", () => {
        const keep = filterBoxes[key].filter((b) => b.checked).map((b) => b.value);
        setFilter(key, keep);
      });
      filterBoxes[key].push(box);
      const row = h("label", { class: "item", title: value || null }, box, h("span", { text: facet.name(value) }), h("span", { class: "count", text: String(facet.count.get(value)) }));
      details.append(row);
    }
    filterRoot.append(details);
  }
  function syncFilterBoxes() {
    for (const key of Object.keys(filterBoxes)) {
      const keep = STATE.keep[key];
      for (const box of filterBoxes[key]) box.checked = !keep || keep.has(box.value);
      const details = filterRoot.querySelector('details[data-facet="' + key + '"]');
      if (details) details.classList.toggle("active", Boolean(keep));
    }
  }

  /* ---------- legend ---------- */
  function nodeGlyph(colour, shape) {
    const box = svg("svg", { width: 18, height: 18, viewBox: "0 0 18 18", "aria-hidden": "true" });
    const style = { fill: colour, stroke: "#2b2b2b", "stroke-width": 1 };
    const poly = (points) => svg("polygon", Object.assign({ points: points }, style));
    const star = [];
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? 3.6 : 8, a = Math.PI / 5 * i - Math.PI / 2;
      star.push((9 + r * Math.cos(a)).toFixed(2) + "," + (9.5 + r * Math.sin(a)).toFixed(2));
    }
    const shapes = {
      dot: () => svg("circle", Object.assign({ cx: 9, cy: 9, r: 7 }, style)),
      square: () => svg("rect", Object.assign({ x: 2, y: 2, width: 14, height: 14 }, style)),
      diamond: () => poly("9,1 17,9 9,17 1,9"),
      triangle: () => poly("9,1.5 17,16 1,16"),
      triangleDown: () => poly("1,2 17,2 9,16.5"),
      hexagon: () => poly("5,2 13,2 17,9 13,16 5,16 1,9"),
      star: () => poly(star.join(" ")),
    };
    box.append((shapes[shape] || shapes.dot)());
    return box;
  }
  function edgeGlyph(colour, width, dashes, arrow) {
    const box = svg("svg", { width: 48, height: 14, viewBox: "0 0 48 14", "aria-hidden": "true" });
    const line = svg("line", { x1: 2, y1: 7, x2: arrow ? 38 : 46, y2: 7, stroke: colour, "stroke-width": width });
    if (dashes) line.setAttribute("stroke-dasharray", dashes.join(" "));
    box.append(line);
    if (arrow === "arrow") box.append(svg("polygon", { points: "36,2 46,7 36,12", fill: colour }));
    else if (arrow === "bar") box.append(svg("line", { x1: 43, y1: 1, x2: 43, y2: 13, stroke: colour, "stroke-width": 3 }));
    else if (arrow === "circle") box.append(svg("circle", { cx: 42, cy: 7, r: 4, fill: colour }));
    return box;
  }
  const legend = $("legend-body");
  legend.append(h("h3", { text: "Entities" }));
  for (const [type, [colour, shape]] of Object.entries(DATA.types)) {
    legend.append(h("div", { class: "item" }, nodeGlyph(colour, shape), type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()));
  }
  if (DATA.focus.length) {
    const ring = svg("svg", { width: 18, height: 18, viewBox: "0 0 18 18", "aria-hidden": "true" });
    ring.append(svg("circle", { cx: 9, cy: 9, r: 6.5, fill: "#ffffff", stroke: DATA.options.focusColour || "#0b6fb8", "stroke-width": 3 }));
    legend.append(h("div", { class: "item" }, ring, "focus: " + DATA.focus.map(entityName).join(", ")));
  }
  const colourLegend = h("div", { class: "colour-legend" });
  legend.append(colourLegend);
  let legendFor = null;
  function renderColourLegend() {
    if (legendFor === STATE.colour) return;
    legendFor = STATE.colour;
    colourLegend.replaceChildren();
    if (STATE.colour === "effect") {
      colourLegend.append(h("h3", { text: "Effect (edge colour, arrowhead)" }));
      DATA.legend.signs.forEach(([label, colour, arrow], i) => {
        const dashes = i === 5 ? DATA.legend.dash_negated : null;
        colourLegend.append(h("div", { class: "item" }, edgeGlyph(colour, 2.5, dashes, arrow), label));
      });
      colourLegend.append(h("div", { class: "item" }, h("span", { class: "glyph-text", text: "\u00d73" }), "three claims on one edge"));
    } else {
      const facet = FACETS[STATE.colour];
      colourLegend.append(h("h3", { text: "Edge colour: " + facet.label }));
      const last = DATA.palette.length - 1;
      facet.order.slice(0, last).forEach((value) => {
        colourLegend.append(h("div", { class: "item", title: value || null }, edgeGlyph(facet.colour.get(value), 3, null, "arrow"), facet.name(value)));
      });
      if (facet.order.length > last) {
        colourLegend.append(h("div", { class: "item" }, edgeGlyph(DATA.palette[last], 3, null, "arrow"), (facet.order.length - last) + " more values"));
      }
      colourLegend.append(h("div", { class: "item" }, edgeGlyph(MIXED, 3, null, "arrow"), "several (claims on one edge differ)"));
      colourLegend.append(h("div", { class: "meta", text: "Arrowheads still show the effect: \u2192 increases, \u22a3 decreases." }));
    }
  }
  legend.append(h("h3", { text: "Evidence (edge width; dashed = no data)" }));
  for (const [name, rank, width, weak, definition] of DATA.legend.evidence) {
    legend.append(h("div", { class: "item", title: definition },
      edgeGlyph("#555", width, weak ? DATA.legend.dash_weak : null, null), rank + " " + levelName(name)));
  }
  if (PATHS.length) {
    legend.append(h("h3", { text: "Highlighted" }));
    legend.append(h("div", { class: "item" }, edgeGlyph("#ffae00", 6, null, null), "on a highlighted path"));
    legend.append(h("div", { class: "item" }, h("span", { class: "glyph-text weakest", text: "weakest" }), "the path's weakest step"));
  }
  $("legend-toggle").addEventListener("click", (ev) => {
    const open = legend.hidden;
    legend.hidden = !open;
    $("filters").hidden = !open;
    ev.currentTarget.setAttribute("aria-expanded", String(open));
    $("legend").setAttribute("data-collapsed", String(!open));
    network.redraw();
  });

  /* ---------- the URL fragment: a link to this view ---------- */
  let restoring = true;
  function stateParams() {
    const params = new URLSearchParams();
    if (STATE.colour !== "effect") params.set("colour", STATE.colour);
    if (STATE.min) params.set("min", String(STATE.min));
    for (const key of FACET_ORDER) if (STATE.keep[key]) for (const v of [...STATE.keep[key]].sort()) params.append(key, v);
    if (STATE.path !== null) params.set("path", String(STATE.path + 1));
    if (STATE.selected) params.set("select", STATE.selected);
    return params;
  }
  function writeHash() {
    if (restoring) return;
    const text = stateParams().toString();
    if (("#" + text) === location.hash || (!text && !location.hash)) return;
    try { history.replaceState(null, "", text ? "#" + text : location.pathname + location.search); } catch (err) { /* a sandboxed page: no link */ }
  }
  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    if (params.has("colour") && FACETS[params.get("colour")]) STATE.colour = params.get("colour");
    if (params.has("min")) STATE.min = Math.max(0, Math.min(7, Number(params.get("min")) || 0));
    for (const key of FACET_ORDER) {
      if (params.has(key)) {
        const known = new Set(FACETS[key].order);
        STATE.keep[key] = new Set(params.getAll(key).filter((v) => known.has(v)));
      }
    }
    if (params.has("path")) {
      const n = Number(params.get("path")) - 1;
      STATE.path = PATHS[n] ? n : null;
    }
    return params.get("select");
  }

  /* ---------- save the view as a picture ---------- */
  const canvasOf = () => container.querySelector("canvas");
  function pngDataURL() {
    const src = canvasOf();
    const out = document.createElement("canvas");
    out.width = src.width;
    out.height = src.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    return out.toDataURL("image/png");
  }
  /** The visible graph as an SVG document, built from the drawn positions and styles. */
  function svgText() {
    const shown = nodes.get({ filter: (n) => !n.hidden });
    const at = network.getPositions(shown.map((n) => n.id));
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of Object.values(at)) { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); }
    if (!isFinite(x0)) { x0 = y0 = 0; x1 = y1 = 100; }
    const pad = 90;
    const root = svg("svg", { xmlns: SVG, viewBox: [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad].join(" "),
      width: Math.round(x1 - x0 + 2 * pad), height: Math.round(y1 - y0 + 2 * pad), "font-family": "system-ui, sans-serif" });
    const titleNode = svg("title", {});
    titleNode.textContent = DATA.title;
    root.append(titleNode);
    root.append(svg("rect", { x: x0 - pad, y: y0 - pad, width: x1 - x0 + 2 * pad, height: y1 - y0 + 2 * pad, fill: "#ffffff" }));
    const radius = (id) => { const n = network.body.nodes[id]; return n && n.shape && n.shape.width ? n.shape.width / 2 : 12; };
    for (const e of edges.get({ filter: (e) => !e.hidden })) {
      const a = at[e.from], b = at[e.to];
      if (!a || !b) continue;
      const colour = e.color.color;
      const body = network.body.edges[e.id];
      const mid = body && body.edgeType && body.edgeType.getPoint ? body.edgeType.getPoint(0.5) : { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const cx = 2 * mid.x - (a.x + b.x) / 2, cy = 2 * mid.y - (a.y + b.y) / 2;
      const dx = b.x - cx, dy = b.y - cy, len = Math.hypot(dx, dy) || 1;
      const r = radius(e.to) + 2;
      const tip = { x: b.x - dx / len * r, y: b.y - dy / len * r };
      const path = svg("path", { d: "M" + a.x + "," + a.y + " Q" + cx + "," + cy + " " + tip.x + "," + tip.y, fill: "none",
        stroke: colour, "stroke-width": e.width, "stroke-opacity": e.color.opacity });
      if (e.dashes) path.setAttribute("stroke-dasharray", e.dashes.join(" "));
      root.append(path);
      const arrow = e.arrows && e.arrows.to && e.arrows.to.enabled ? e.arrows.to.type : null;
      const ux = dx / len, uy = dy / len, s = 9 + e.width;
      if (arrow === "bar") {
        root.append(svg("line", { x1: tip.x - uy * s * 0.6, y1: tip.y + ux * s * 0.6, x2: tip.x + uy * s * 0.6, y2: tip.y - ux * s * 0.6, stroke: colour, "stroke-width": 3, "stroke-opacity": e.color.opacity }));
      } else if (arrow === "circle") {
        root.append(svg("circle", { cx: tip.x - ux * 4, cy: tip.y - uy * 4, r: 4, fill: colour, "fill-opacity": e.color.opacity }));
      } else if (arrow) {
        const bx = tip.x - ux * s, by = tip.y - uy * s;
        root.append(svg("polygon", { points: [tip.x, tip.y, bx - uy * s / 2, by + ux * s / 2, bx + uy * s / 2, by - ux * s / 2].join(" "), fill: colour, "fill-opacity": e.color.opacity }));
      }
      if (e.label) {
        const t = svg("text", { x: mid.x, y: mid.y - 4, "font-size": 11, "text-anchor": "middle", fill: "#555555" });
        t.textContent = e.label;
        root.append(t);
      }
    }
    for (const n of shown) {
      const p = at[n.id];
      const type = DATA.types[DATA.entities[n.id].type] || ["#9c9c9c"];
      const focus = DATA.focus.includes(n.id);
      root.append(svg("circle", { cx: p.x, cy: p.y, r: Math.min(radius(n.id), 30), fill: type[0], "fill-opacity": n.opacity === undefined ? 1 : n.opacity,
        stroke: focus ? "#0b6fb8" : "#2b2b2b", "stroke-width": focus ? 5 : 1.5 }));
      const t = svg("text", { x: p.x, y: p.y + Math.min(radius(n.id), 30) + 16, "font-size": 15, "text-anchor": "middle", fill: "#1d1d1d",
        stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke", "fill-opacity": n.opacity === undefined ? 1 : n.opacity });
      t.textContent = DATA.entities[n.id].label;
      root.append(t);
    }
    return new XMLSerializer().serializeToString(root);
  }
  const fileName = (ext) => (DATA.title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "mechkg") + "." + ext;
  function download(url, name) {
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  }
  $("save-png").addEventListener("click", () => download(pngDataURL(), fileName("png")));
  $("save-svg").addEventListener("click", () => download("data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText()), fileName("svg")));
  $("fit").addEventListener("click", () => fitAll(false));

  /* ---------- start ---------- */
  window.mechkg = {
    data: DATA, nodes: nodes, edges: edges, state: STATE, edgeOf: edgeOf, paths: PATHS,
    focusEntity: focusEntity, setMinEvidence: setMinEvidence, setColour: setColour, setFilter: setFilter,
    selectPath: selectPath, showEdge: showEdge, showSource: showSource, showClaim: showClaim,
    pngDataURL: pngDataURL, svgText: svgText, overlay: () => overlay, stateParams: () => stateParams().toString(),
    shown: () => ({ claims: shownClaims, edges: shownEdges }),
  };
  const selectOnLoad = readHash();
  minSelect.value = String(STATE.min);
  colourSelect.value = STATE.colour;
  syncFilterBoxes();
  render();
  fitAll(false);
  network.redraw(); // draw now, not on the next animation frame: the page is complete at "load"
  restoring = false;
  if (selectOnLoad && DATA.entities[selectOnLoad]) focusEntity(selectOnLoad);
  else if (PATHS.length) { showPaths(); if (STATE.path !== null) selectPath(STATE.path); }
  else if (DATA.focus.length === 1) showEntity(DATA.focus[0]);
  writeHash();
})();
