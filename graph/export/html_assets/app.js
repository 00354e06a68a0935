/* mechkg graph page: draws the embedded graph with vis-network and adds the legend,
   hover summaries, side panel, search and evidence filter.
   Graph text is untrusted: it is only ever inserted as text (textContent, Text nodes)
   or as a checked attribute value, never parsed as HTML. */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("mechkg-data").textContent);
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
  const levelRank = {};
  for (const [name, rank] of DATA.levels) levelRank[name] = rank;
  const speciesName = (curie) => DATA.species[curie] || curie;
  const claimsOf = {};
  for (const id of Object.keys(DATA.entities)) claimsOf[id] = { out: [], in: [] };
  for (const [cid, c] of Object.entries(DATA.claims)) {
    claimsOf[c.s].out.push(cid);
    claimsOf[c.o].in.push(cid);
  }
  function signColour(c) {
    if (c.negated) return DATA.legend.signs[5][1];
    const sign = DATA.relations[c.r][1];
    return { "1": DATA.legend.signs[0][1], "-1": DATA.legend.signs[1][1], "0": DATA.legend.signs[3][1] }[String(sign)]
      || DATA.legend.signs[2][1];
  }
  function statement(c) {
    return entityName(c.s) + (c.negated ? " does NOT " : " ") + relationLabel(c.r) + " " + entityName(c.o);
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
    if (c.anatomy) rows.push(["Anatomy", c.anatomy.map(entityName).join("; ")]);
    if (c.model) rows.push(["Model", entityName(c.model)]);
    if (c.method) rows.push(["Method", c.method.join("; ")]);
    return rows;
  }

  /* ---------- the network ---------- */
  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges);
  const container = $("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  window.network = network;
  window.mechkg = { data: DATA, nodes: nodes, edges: edges, focusEntity: focusEntity, setMinEvidence: setMinEvidence };
  network.once("afterDrawing", () => {
    window.mechkgReady = true;
    window.mechkgReadyAt = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
  // Show the whole graph, with a margin, until the reader moves the view.
  let touched = false;
  function fitAll(animate) {
    network.fit({ animation: animate ? { duration: 400 } : false });
    network.moveTo({ scale: network.getScale() * 0.94, animation: false });
  }
  fitAll(false);
  network.redraw(); // draw now, not on the next animation frame: the page is complete at "load"
  for (const event of ["dragStart", "zoom", "click"]) network.on(event, () => { touched = true; });
  network.on("resize", () => setTimeout(() => { if (!touched) fitAll(false); }, 0));

  $("title").textContent = DATA.title;
  const total = Object.keys(DATA.claims).length;
  const entityCount = Object.keys(DATA.entities).length;
  function showStats(visible) {
    $("stats").textContent = entityCount + " entities \u00b7 " +
      (visible === total ? total + " claims" : visible + " of " + total + " claims shown");
  }
  showStats(total);
  $("fit").addEventListener("click", () => fitAll(false));

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
  function claimTooltip(cid) {
    const c = DATA.claims[cid];
    const rows = [h("div", { class: "head", text: statement(c) })];
    rows.push(h("div", { class: "row", text: "Evidence: " + c.evidence.replace(/_/g, " ") + " (" + c.rank + " of 7)" }));
    for (const [key, value] of contextLines(c)) rows.push(h("div", { class: "row", text: key + ": " + value }));
    rows.push(h("div", { class: "row", text: "Source: " + sourceLine(c.source) }));
    if (c.quote) rows.push(h("div", { class: "row" }, h("q", { text: c.quote, lang: c.quote_lang || null, dir: "auto" })));
    return rows;
  }
  function entityTooltip(id) {
    const e = DATA.entities[id];
    const rows = [h("div", { class: "head", text: e.label })];
    rows.push(h("div", { class: "row", text: e.type + " \u00b7 " + claimsOf[id].out.length + " claims from, " + claimsOf[id].in.length + " about" }));
    const other = (e.labels || []).map(([lang, names]) => names[0] + " (" + lang + ")");
    if (other.length) rows.push(h("div", { class: "row", text: other.join(", ") }));
    rows.push(h("div", { class: "row", text: "Click for every claim and its sources." }));
    return rows;
  }
  network.on("hoverEdge", (p) => showTooltip(claimTooltip(p.edge), p.pointer.DOM));
  network.on("hoverNode", (p) => showTooltip(entityTooltip(p.node), p.pointer.DOM));
  network.on("blurEdge", () => { tooltip.hidden = true; });
  network.on("blurNode", () => { tooltip.hidden = true; });
  network.on("dragStart", () => { tooltip.hidden = true; });
  network.on("zoom", () => { tooltip.hidden = true; });

  /* ---------- side panel ---------- */
  const panel = $("panel");
  const body = $("panel-body");
  // The panel sits beside the graph: resize the drawing when it opens or closes.
  function setPanel(open) {
    if (panel.hidden === !open) return;
    panel.hidden = !open;
    network.redraw();
  }
  function openPanel(children) {
    body.replaceChildren(...children);
    setPanel(true);
    panel.scrollTop = 0;
  }
  $("panel-close").addEventListener("click", () => { setPanel(false); network.unselectAll(); });
  function entityLink(id) {
    return h("span", { class: "entity-link", text: entityName(id), role: "link", onclick: () => focusEntity(id) });
  }
  function claimCard(cid) {
    const c = DATA.claims[cid];
    const card = h("div", { class: "claim" });
    card.style.borderLeftColor = signColour(c);
    card.append(h("div", { class: "statement" },
      entityLink(c.s), c.negated ? " does NOT " : " ", relationLabel(c.r), " ", entityLink(c.o)));
    card.append(h("div", null,
      h("span", { class: "badge", text: "evidence: " + c.evidence.replace(/_/g, " ") + " (" + c.rank + "/7)" }),
      c.negated ? h("span", { class: "badge negated", text: "negated" }) : null));
    if (c.quote) card.append(h("blockquote", { lang: c.quote_lang || null, dir: "auto", text: c.quote }));
    const dl = h("dl");
    const row = (key, value) => { dl.append(h("dt", { text: key }), h("dd", null, value)); };
    for (const [key, value] of contextLines(c)) row(key, value);
    const s = DATA.sources[c.source];
    const src = h("span", null, sourceLine(c.source));
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
  function showEntity(id) {
    const e = DATA.entities[id];
    const out = [h("h2", { text: e.label })];
    out.push(h("div", { class: "meta", text: e.type + " \u00b7 id " + id }));
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
    const sorted = (ids) => ids.slice().sort((a, b) => DATA.claims[b].rank - DATA.claims[a].rank || (a < b ? -1 : 1));
    out.push(h("h3", { text: "Claims with " + e.label + " as cause (" + claimsOf[id].out.length + ")" }));
    for (const cid of sorted(claimsOf[id].out)) out.push(claimCard(cid));
    out.push(h("h3", { text: "Claims about " + e.label + " (" + claimsOf[id].in.length + ")" }));
    for (const cid of sorted(claimsOf[id].in)) out.push(claimCard(cid));
    openPanel(out);
  }
  function showClaim(cid) {
    const c = DATA.claims[cid];
    const out = [h("h2", { text: statement(c) }), claimCard(cid)];
    const same = claimsOf[c.s].out.filter((other) => other !== cid && DATA.claims[other].o === c.o);
    const back = claimsOf[c.o].out.filter((other) => DATA.claims[other].o === c.s);
    if (same.length || back.length) {
      out.push(h("h3", { text: "Other claims between these two (" + (same.length + back.length) + ")" }));
      for (const other of same.concat(back)) out.push(claimCard(other));
    }
    openPanel(out);
  }
  function showPaths() {
    const out = [h("h2", { text: "Highlighted paths" })];
    DATA.paths.forEach((path, i) => {
      const names = [];
      let weakest = null;
      path.forEach((cid, k) => {
        const c = DATA.claims[cid];
        if (k === 0) names.push(entityName(c.s));
        const sign = DATA.relations[c.r][1];
        names.push(sign === -1 ? " \u22a3 " : " \u2192 ", entityName(c.o));
        if (weakest === null || c.rank < weakest.rank) weakest = c;
      });
      const item = h("div", { class: "path", role: "button", onclick: () => {
        network.selectEdges(path);
        network.fit({ nodes: [...new Set(path.flatMap((cid) => [DATA.claims[cid].s, DATA.claims[cid].o]))], animation: { duration: 400 } });
      } }, (i + 1) + ". " + names.join(""));
      if (weakest) item.append(h("div", { class: "meta", text: "weakest link: " + weakest.evidence.replace(/_/g, " ") }));
      out.push(item);
    });
    out.push(h("p", { class: "meta", text: "Click a path to zoom to it; click a node or an edge for its claims." }));
    openPanel(out);
  }
  network.on("click", (p) => {
    tooltip.hidden = true;
    if (p.nodes.length) showEntity(p.nodes[0]);
    else if (p.edges.length) showClaim(p.edges[0]);
    else if (DATA.paths.length) showPaths();
    else setPanel(false);
  });

  /* ---------- search ---------- */
  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const names = [];
  for (const [id, e] of Object.entries(DATA.entities)) {
    names.push([fold(e.label), id, e.label, ""]);
    names.push([fold(id), id, id, "id"]);
    for (const s of e.synonyms || []) names.push([fold(s), id, s, "synonym"]);
    for (const [lang, list] of e.labels || []) for (const s of list) names.push([fold(s), id, s, lang]);
  }
  const search = $("search");
  const results = $("results");
  let hits = [];
  let active = 0;
  function find(query) {
    const q = fold(query.trim());
    if (!q) return [];
    const best = new Map();
    for (const [folded, id, name, kind] of names) {
      const at = folded.indexOf(q);
      if (at < 0) continue;
      const score = folded === q ? 0 : at === 0 ? 1 : /[\s\-_/(]/.test(folded[at - 1]) ? 2 : 3;
      const seen = best.get(id);
      if (!seen || score < seen[0]) best.set(id, [score, name, kind]);
    }
    return [...best.entries()]
      .sort((a, b) => a[1][0] - b[1][0] || entityName(a[0]).localeCompare(entityName(b[0])) || (a[0] < b[0] ? -1 : 1))
      .slice(0, 30);
  }
  function renderResults() {
    results.replaceChildren();
    if (!search.value.trim()) { results.hidden = true; return; }
    if (!hits.length) results.append(h("li", { class: "empty", text: "No entity answers to that name" }));
    hits.forEach(([id, [, name, kind]], i) => {
      const e = DATA.entities[id];
      const item = h("li", { role: "option", onclick: () => pick(i) }, e.label);
      const hint = name !== e.label ? name + (kind && kind !== "synonym" ? " (" + kind + ")" : "") + " \u00b7 " : "";
      item.append(h("span", { class: "hint", text: hint + e.type }));
      item.setAttribute("aria-selected", i === active ? "true" : "false");
      results.append(item);
    });
    results.hidden = false;
  }
  function pick(i) {
    if (!hits[i]) return;
    results.hidden = true;
    focusEntity(hits[i][0]);
  }
  search.addEventListener("input", () => { hits = find(search.value); active = 0; renderResults(); });
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); pick(active); }
    else if (ev.key === "ArrowDown") { ev.preventDefault(); active = Math.min(active + 1, hits.length - 1); renderResults(); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); active = Math.max(active - 1, 0); renderResults(); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  document.addEventListener("click", (ev) => { if (!$("find").contains(ev.target)) results.hidden = true; });
  function focusEntity(id) {
    if (!DATA.entities[id]) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350 } });
    showEntity(id);
  }

  /* ---------- minimum evidence ---------- */
  const select = $("min-evidence");
  for (const [name, rank, definition] of DATA.levels) {
    select.append(h("option", { text: (rank === 0 ? "all (" + name + " and up)" : name.replace(/_/g, " ") + " and up"), title: definition }));
    select.lastChild.value = String(rank);
  }
  function setMinEvidence(rank) {
    const edgeUpdates = [];
    const live = {};
    for (const edge of DATA.edges) {
      const c = DATA.claims[edge.id];
      const show = c.rank >= rank;
      edgeUpdates.push({ id: edge.id, hidden: !show });
      if (show) { live[c.s] = true; live[c.o] = true; }
    }
    edges.update(edgeUpdates);
    const nodeUpdates = [];
    for (const id of Object.keys(DATA.entities)) {
      const used = claimsOf[id].out.length + claimsOf[id].in.length > 0;
      nodeUpdates.push({ id: id, hidden: used && !live[id] });
    }
    nodes.update(nodeUpdates);
    select.value = String(rank);
    showStats(edgeUpdates.filter((u) => !u.hidden).length);
  }
  select.addEventListener("change", () => setMinEvidence(Number(select.value)));

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
  legend.append(h("h3", { text: "Effect (edge colour, arrowhead)" }));
  DATA.legend.signs.forEach(([label, colour, arrow], i) => {
    const dashes = i === 5 ? DATA.legend.dash_negated : null;
    legend.append(h("div", { class: "item" }, edgeGlyph(colour, 2.5, dashes, arrow), label));
  });
  legend.append(h("h3", { text: "Evidence (edge width; dashed = no data)" }));
  for (const [name, rank, width, weak, definition] of DATA.legend.evidence) {
    legend.append(h("div", { class: "item", title: definition },
      edgeGlyph("#555", width, weak ? DATA.legend.dash_weak : null, null), rank + " " + name.replace(/_/g, " ")));
  }
  if (DATA.paths.length) {
    legend.append(h("h3", { text: "Highlighted" }));
    legend.append(h("div", { class: "item" }, edgeGlyph("#ffae00", 6, null, null), "on a highlighted path"));
  }
  $("legend-toggle").addEventListener("click", (ev) => {
    const open = legend.hidden;
    legend.hidden = !open;
    ev.currentTarget.setAttribute("aria-expanded", String(open));
    $("legend").setAttribute("data-collapsed", String(!open));
    network.redraw();
  });
  if (DATA.paths.length) {
    showPaths();
    fitAll(false);
  }
})();
