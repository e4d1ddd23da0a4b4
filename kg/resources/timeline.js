// kg timeline page: builds both views from the JSON in #kg-data.
// Every piece of article text is written with textContent, never as markup.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = Object.create(null);
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  var status = document.getElementById("kg-status");
  var empty = document.getElementById("kg-empty");
  var progress = document.getElementById("kg-progress");
  var details = document.getElementById("kg-details");
  var filterActor = document.getElementById("kg-filter-actor");
  var chipsBox = document.getElementById("kg-chips");
  var filterType = document.getElementById("kg-filter-type");
  var filterSince = document.getElementById("kg-filter-since");
  var filterUntil = document.getElementById("kg-filter-until");
  var undatedBox = document.getElementById("kg-show-undated");
  // Below this zoom, event labels are too small to read: the page opens no
  // further out than this, showing the start of the timeline.
  var READABLE_SCALE = data.readableScale || 0.7;
  // Fitting everything in is still readable down to this zoom (11 CSS px labels).
  var LEGIBLE_SCALE = Math.min(data.legibleScale || READABLE_SCALE, READABLE_SCALE);
  var showUndated = Boolean(data.showUndated);
  var laneActors = Object.create(null);
  data.nodes.forEach(function (n) {
    if (n.kg.kind === "entity" && n.kg.lane) { laneActors[n.id] = true; }
  });
  var badges = data.nodes.filter(function (n) { return n.kg.kind === "badge"; });

  // --- DOM helpers -------------------------------------------------------------

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(url) {
    if (typeof url !== "string") { return null; }
    return /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
  }

  function fact(list, name, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    list.appendChild(el("dt", null, name));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else {
      dd.textContent = Array.isArray(value) ? value.join("; ") : String(value);
    }
    list.appendChild(dd);
  }

  function articleLink(info) {
    var label = info.articleTitle || info.article || "article";
    var url = safeUrl(info.articleUrl);
    if (!url) { return el("span", null, label); }
    var a = el("a", null, label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // How a date was obtained, in words (kg.types.DATE_SOURCES).
  var SOURCE_TEXT = {
    "explicit": "stated in the text",
    "relative": "said relative to the publication date",
    "event-relative": "counted from another event",
    "inherited": "from the passage",
    "publication": "the publication date"
  };

  // The date as people read it ("until 12 Dec 2017, evening"), with the days a
  // period covers; TIMEX3 codes stay in the data, never on the page.
  function resolvedDate(info) {
    if (!info.date) { return "none"; }
    var text = info.dateLabel || "";
    if (info.start && info.period) { text += " (" + info.period + ")"; }
    if (!info.start) { text += " (not on the calendar)"; }
    if (info.inferred) { text += ", inferred"; }
    if (info.dateSource) {
      text += " (" + (SOURCE_TEXT[info.dateSource] || info.dateSource);
      if (info.dateConfidence !== null && info.dateConfidence !== undefined) {
        text += ", confidence " + Number(info.dateConfidence).toFixed(2);
      }
      text += ")";
    }
    return text;
  }

  // The events drawn under a pile's labelled one ("ban +3"): same lane, same or next days.
  function pileText(info) {
    return (info.pile || []).map(function (id) {
      var other = byId[id];
      if (!other) { return id; }
      var who = (other.kg.agents || []).join("; ");
      return (other.kg.label || other.kg.action) + (who ? " (" + who + ")" : "");
    });
  }

  function card(node) {
    var info = node.kg || {};
    var box = el("div", "kg-card");
    var head = el("div", "kg-card-head");
    if (info.kind === "event") {
      var badge = el("span", "kg-badge", info.type);
      badge.style.background = info.color || "#777";
      head.appendChild(badge);
      head.appendChild(el("span", null, info.trigger || info.action || ""));
      box.appendChild(head);
      box.appendChild(el("div", "kg-sentence", info.sentence || ""));
      var facts = el("dl", "kg-facts");
      fact(facts, "date as written", info.dateText);
      fact(facts, "date", resolvedDate(info));
      fact(facts, "who", info.agents);
      fact(facts, "whom", info.patients);
      fact(facts, "where", info.places);
      fact(facts, "confidence", typeof info.confidence === "number" ? info.confidence.toFixed(2) : info.confidence);
      fact(facts, "modality", info.modality);
      fact(facts, "article", articleLink(info));
      fact(facts, "under this one", pileText(info));
      // A canonical event: its sources, what they disagree on, and every report.
      fact(facts, "disputed", info.disputes);
      if (typeof info.sources === "number") {
        fact(facts, "sources", info.sources + " (" + (info.outlets || []).join(", ") + ")");
      }
      if (info.reports && info.reports.length > 1) {
        fact(facts, "reports", info.reports.map(function (r) {
          return r.article + (r.dateText ? " (" + r.dateText + ")" : "") + ": " + r.sentence;
        }));
      }
      box.appendChild(facts);
    } else if (info.kind === "badge") {
      head.appendChild(el("span", null, node.label));
      box.appendChild(head);
      box.appendChild(el("div", null, "Events of this lane with no date. Click to show them."));
    } else {
      head.appendChild(el("span", null, info.name || node.label));
      box.appendChild(head);
      var efacts = el("dl", "kg-facts");
      fact(efacts, "type", info.type);
      fact(efacts, "also called", info.aliases);
      fact(efacts, "events", info.events);
      fact(efacts, "id", node.id);
      box.appendChild(efacts);
    }
    return box;
  }

  // --- legend and filter choices -------------------------------------------------

  function legendKey(swatch, text) {
    var key = el("span", "kg-key");
    key.appendChild(swatch);
    key.appendChild(el("span", null, text));
    return key;
  }

  (function buildLegend() {
    var legend = document.getElementById("kg-legend");
    data.types.forEach(function (t) {
      var sw = el("span", "kg-swatch");
      sw.style.background = t.color;
      legend.appendChild(legendKey(sw, t.type + " (" + t.count + ")"));
    });
    legend.appendChild(el("span", "kg-legend-sep", "|"));
    legend.appendChild(legendKey(el("span", "kg-swatch kg-period"), "dashed box = date known only to the year, month or week, drawn across that period; solid box = a day"));
    legend.appendChild(legendKey(el("span", "kg-swatch kg-inferred"), "pale dotted box = a date the text does not state (inferred; the tooltip says from what)"));
    [["agent", "actor \u2192 event", false], ["patient", "event \u2192 target", false], ["place", "event \u2192 place", true]]
      .forEach(function (r) {
        var sw = el("span", "kg-swatch kg-line" + (r[2] ? " kg-dashed" : ""));
        sw.style.borderTopColor = data.roleColors[r[0]] || "#999";
        legend.appendChild(legendKey(sw, r[1]));
      });
  })();

  data.actors.forEach(function (a) {
    filterActor.appendChild(new Option(a.label + " (" + a.events + ")", a.id));
  });
  data.types.forEach(function (t) { filterType.appendChild(new Option(t.type, t.type)); });
  if (data.range.min) {
    [filterSince, filterUntil].forEach(function (input) {
      input.min = data.range.min;
      input.max = data.range.max;
    });
  }

  // --- views -----------------------------------------------------------------------

  // Tooltips are filled in when first needed: building thousands of cards up
  // front would delay the first drawing.
  function lazyTooltips(network, tips) {
    function fill(id) {
      var tip = tips[id];
      if (tip && !tip.firstChild && byId[id]) { tip.appendChild(card(byId[id])); }
    }
    network.on("hoverNode", function (params) { fill(params.node); });
    network.on("showPopup", function (id) { fill(id); });
  }

  // Entities that head no lane are drawn in the network view only; the
  // timeline names them in tooltips and in the list.
  function onTimeline(n) { return n.kg.kind !== "entity" || Boolean(n.kg.lane); }

  var timelineTips = Object.create(null);
  var timelineNodes = new vis.DataSet(data.nodes.map(function (n) {
    var v = Object.assign({}, n);
    v.title = timelineTips[n.id] = el("div", "kg-tip");
    if (!onTimeline(n)) { v.hidden = true; }
    return v;
  }));
  // Big graphs: draw the events first and add the edges right after, in one batch
  // (vis-network sets edges up faster on a drawn network than in its constructor,
  // and redraws once per batch).
  var lateEdges = data.edges.length > 1500;
  var timelineEdges = new vis.DataSet(lateEdges ? [] : data.edges);

  function addEdges() {
    timelineEdges.add(data.edges);
    edgesDone();
  }

  function edgesDone() {
    window.kgEdgesReadyAt = performance.now();
    window.kgEdgesReady = true;
  }

  // The axis labels drawn last, for tests and notebooks.
  var axisLabels = [];

  function drawAxis(ctx) {
    var lanes = data.lanes.filter(function (l) { return !l.hidden; });
    if (!lanes.length) { return; }
    var top = lanes[0].top, bottom = lanes[lanes.length - 1].bottom;
    var x0 = data.axis.left;
    var x1 = Math.max(data.axis.x1, data.undated ? data.undated.x1 : 0) + 60;
    // Axis text keeps its size on screen whatever the zoom: px() turns screen
    // pixels into canvas units. Labels that would overlap one already drawn are
    // skipped, so a zoomed-out axis thins out instead of smudging.
    var k = 1 / Math.max(timeline.getScale(), 0.05);
    function px(n) { return n * k; }
    function font(style, size) { return style + " " + px(size).toFixed(2) + "px sans-serif"; }
    var labelY = top - px(9);
    ctx.save();
    lanes.forEach(function (lane, i) {
      ctx.fillStyle = i % 2 ? "#ffffff" : "#f4f6f9";
      ctx.fillRect(x0, lane.top, x1 - x0, lane.bottom - lane.top);
      if (!lane.actor) {
        ctx.fillStyle = "#666";
        ctx.font = font("italic", 14);
        ctx.textAlign = "right";
        ctx.fillText(lane.label, data.axis.x0 - 24, (lane.top + lane.bottom) / 2 + px(5));
      }
    });
    ctx.textAlign = "center";
    var taken = [];
    var drawn = [];
    function place(text, x) {
      var half = ctx.measureText(text).width / 2 + px(6);
      for (var i = 0; i < taken.length; i++) {
        if (x + half > taken[i][0] && x - half < taken[i][1]) { return false; }
      }
      taken.push([x - half, x + half]);
      return true;
    }
    function label(text, x, style, size, color) {
      ctx.font = font(style, size);
      if (!place(text, x)) { return; }
      ctx.fillStyle = color;
      ctx.fillText(text, x, labelY);
      drawn.push(text);
    }
    data.breaks.forEach(function (b) {
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(b.x0 + 4, top - px(30), b.x1 - b.x0 - 8, bottom - top + px(30));
      ctx.strokeStyle = "#b0b6bd";
      ctx.lineWidth = px(1);
      ctx.setLineDash([px(4), px(4)]);
      [b.x0 + 4, b.x1 - 4].forEach(function (x) {
        ctx.beginPath(); ctx.moveTo(x, top - px(6)); ctx.lineTo(x, bottom); ctx.stroke();
      });
      ctx.setLineDash([]);
    });
    // Labels naming a year first, then months, then days: the coarser label
    // wins a clash, and every stretch of the axis keeps its year.
    function rank(t) { return t.major || t.named ? 0 : t.day ? 2 : 1; }
    var ranked = data.ticks.slice().sort(function (a, b) { return rank(a) - rank(b); });
    ranked.forEach(function (t) {
      if (t.float) { return; }
      ctx.strokeStyle = t.major ? "#9aa3ad" : (t.day ? "#eef0f3" : "#dde1e6");
      ctx.lineWidth = px(t.major ? 1.5 : 1);
      ctx.beginPath();
      ctx.moveTo(t.x, top - px(t.label ? 6 : 3));
      ctx.lineTo(t.x, bottom);
      ctx.stroke();
    });
    if (data.undated) {
      ctx.fillStyle = "#fbf7ee";
      ctx.fillRect(data.undated.x0 - 10, top, data.undated.x1 - data.undated.x0 + 20, bottom - top);
      ctx.strokeStyle = "#c9b98f";
      ctx.lineWidth = px(1);
      ctx.beginPath(); ctx.moveTo(data.undated.x0 - 10, top - px(6)); ctx.lineTo(data.undated.x0 - 10, bottom); ctx.stroke();
    }
    // Zoomed in past a stretch's first year label: name the year at the left
    // edge of the view, so no stretch of the axis is without its year.
    var left = timeline.DOMtoCanvas({x: 0, y: 0}).x;
    (data.segments || []).forEach(function (seg) {
      if (left <= seg.x0 || left >= seg.x1) { return; }
      var year = null;
      data.ticks.forEach(function (t) { if (t.x <= left + px(30) && t.x >= seg.x0 && !t.day) { year = t.year; } });
      if (year === null) {
        data.ticks.forEach(function (t) { if (year === null && t.x >= seg.x0 && t.x <= seg.x1) { year = t.year; } });
      }
      if (year !== null) {
        ctx.textAlign = "left";
        ctx.font = font("bold", 14);
        var text = String(year);
        var w = ctx.measureText(text).width;
        taken.push([left + px(4), left + px(16) + w]);
        ctx.fillStyle = "#222";
        ctx.fillText(text, left + px(10), labelY);
        drawn.push(text);
        ctx.textAlign = "center";
      }
    });
    // A lane whose heading is out of view is named at the view's left edge.
    ctx.textAlign = "left";
    lanes.forEach(function (lane) {
      if (!lane.actor) { return; }
      var head = timeline.getBoundingBox(lane.actor);
      if (head && head.right > left) { return; }
      ctx.font = font("bold", 12);
      ctx.fillStyle = "rgba(40,50,60,0.75)";
      ctx.fillText(lane.label, left + px(8), lane.top + px(13));
    });
    ctx.textAlign = "center";
    ranked.forEach(function (t) {
      if (!t.label || rank(t) !== 0) { return; }
      label(t.label, t.x, "bold", 14, "#222");
    });
    if (data.undated) {
      label("undated", (data.undated.x0 + data.undated.x1) / 2, "bold", 13, "#7a6a3a");
    }
    data.breaks.forEach(function (b) {
      label("\u2248 " + b.label, (b.x0 + b.x1) / 2, "italic", 12, "#777");
    });
    ranked.forEach(function (t) {
      if (!t.label || rank(t) === 0) { return; }
      label(t.label, t.x, "", t.day ? 11 : 12, "#555");
    });
    ctx.restore();
    axisLabels = drawn;
  }

  var timelineContainer = document.getElementById("kg-timeline");
  var timeline = new vis.Network(timelineContainer, {nodes: timelineNodes, edges: timelineEdges}, data.options);
  timeline.on("beforeDrawing", drawAxis);
  lazyTooltips(timeline, timelineTips);
  frame(timeline, timelineContainer, data.view, READABLE_SCALE);
  // Keep the opening view when the window changes size, until the reader pans
  // or zooms.
  var framedByUser = false;
  timeline.on("dragStart", function () { framedByUser = true; });
  timeline.on("zoom", function () { framedByUser = true; });
  timeline.on("resize", function () {
    // vis-network restores its own view right after this event: frame after it.
    if (!framedByUser) { setTimeout(function () { if (!framedByUser) { openView(); } }, 0); }
  });
  timeline.once("afterDrawing", function () {
    // Node sizes are known only once drawn: frame again so no label is cut off.
    openView();
    window.kgReadyAt = performance.now();
    window.kgReady = true;
    if (lateEdges) { setTimeout(addEdges, 0); } else { edgesDone(); }
    document.body.setAttribute("data-kg-ready", "1");
  });

  var network = null;
  var networkNodes = null;
  // What the network view shows: every event the filters keep, dated or not
  // (collapsing undated events is a matter of the timeline's layout), and the
  // entities they involve.
  var networkShown = Object.create(null);

  function ensureNetwork() {
    if (network) { return; }
    var tips = Object.create(null);
    networkNodes = new vis.DataSet(data.nodes.filter(function (n) {
      return n.kg.kind !== "badge";
    }).map(function (n) {
      // Start from the timeline's positions: physics then has less to do, and
      // the layout keeps a hint of time running left to right.
      var p = n.kg.pos && n.kg.pos.full ? n.kg.pos.full : [n.x, n.y];
      var v = {id: n.id, label: n.kg.kind === "event" ? n.kg.label : (n.kg.name || n.label),
               group: n.group, x: p[0], y: p[1], hidden: !networkShown[n.id]};
      if (n.kg.kind === "event") {
        v.shape = "dot";
        v.size = 9;
        v.color = {background: n.kg.color, border: n.kg.color};
        v.font = {size: 14};
      }
      v.title = tips[n.id] = el("div", "kg-tip");
      return v;
    }));
    var edges = new vis.DataSet(data.edges);
    network = new vis.Network(document.getElementById("kg-network"), {nodes: networkNodes, edges: edges}, data.networkOptions);
    lazyTooltips(network, tips);
    progress.hidden = false;
    progress.textContent = "laying out\u2026";
    network.on("stabilizationProgress", function (p) {
      progress.textContent = "laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      // Settled: freeze the layout so nodes stay where the reader left them.
      network.setOptions({physics: {enabled: false}});
      progress.hidden = true;
      window.kgNetworkSettled = true;
    });
    network.on("click", onClick);
  }

  function onClick(params) {
    if (!params.nodes.length) { return; }
    var node = byId[params.nodes[0]];
    if (!node) { return; }
    if (node.kg.kind === "badge") { openBadge(node); return; }
    details.replaceChildren(card(node));
    if (node.kg.kind === "event") { selectRow(node.id, true); }
  }

  // A badge stands for its lane's undated events: show them all, then frame
  // that lane's.
  function openBadge(node) {
    undatedBox.checked = true;
    setUndated(true);
    var ids = node.kg.events.filter(function (id) { return !timelineNodes.get(id).hidden; });
    if (ids.length) { fitTo(ids, 1); }
  }
  timeline.on("click", onClick);

  function showTab(name) {
    var isTimeline = name === "timeline";
    document.getElementById("kg-timeline").hidden = !isTimeline;
    document.getElementById("kg-network").hidden = isTimeline;
    document.getElementById("kg-tab-timeline").classList.toggle("active", isTimeline);
    document.getElementById("kg-tab-network").classList.toggle("active", !isTimeline);
    document.getElementById("kg-tab-timeline").setAttribute("aria-selected", String(isTimeline));
    document.getElementById("kg-tab-network").setAttribute("aria-selected", String(!isTimeline));
    if (!isTimeline) { ensureNetwork(); network.redraw(); } else { timeline.redraw(); }
    // The list follows the view: the network shows undated events too.
    applyFilters(true);
  }

  function onNetworkTab() { return !document.getElementById("kg-network").hidden; }
  document.getElementById("kg-tab-timeline").addEventListener("click", function () { showTab("timeline"); });
  document.getElementById("kg-tab-network").addEventListener("click", function () { showTab("network"); });

  // --- the list beside the chart -------------------------------------------------

  var listBody = document.getElementById("kg-list-body");
  var listCount = document.getElementById("kg-list-count");
  var listScroll = document.getElementById("kg-list-scroll");
  var listRows = Object.create(null);
  var listIds = [];
  var selectedRow = null;

  function who(info) {
    var text = (info.agents || []).join("; ");
    if (info.patients && info.patients.length) { text += " \u2192 " + info.patients.join("; "); }
    return text;
  }

  function listRow(node) {
    var info = node.kg;
    var tr = el("tr");
    tr.setAttribute("data-id", node.id);
    tr.appendChild(el("td", null, info.dateLabel));
    tr.appendChild(el("td", null, who(info)));
    var action = el("td");
    var dot = el("span", "kg-type-dot");
    dot.style.background = info.color || "#777";
    dot.title = info.type;
    action.appendChild(dot);
    action.appendChild(document.createTextNode(info.label || info.action || info.type));
    tr.appendChild(action);
    var source = el("td");
    source.appendChild(articleLink(info));
    tr.appendChild(source);
    return tr;
  }

  function renderList(ids) {
    listIds = ids.slice().sort(function (a, b) { return byId[a].kg.order - byId[b].kg.order; });
    var rows = document.createDocumentFragment();
    listRows = Object.create(null);
    listIds.forEach(function (id) {
      var tr = listRows[id] = listRow(byId[id]);
      rows.appendChild(tr);
    });
    listBody.replaceChildren(rows);
    listCount.textContent = listIds.length + " event" + (listIds.length === 1 ? "" : "s") + " in date order";
    if (selectedRow && listRows[selectedRow]) { listRows[selectedRow].classList.add("kg-selected"); }
  }

  function selectRow(id, scroll) {
    if (selectedRow && listRows[selectedRow]) { listRows[selectedRow].classList.remove("kg-selected"); }
    selectedRow = id;
    var tr = listRows[id];
    if (!tr) { return; }
    tr.classList.add("kg-selected");
    if (scroll) {
      var top = tr.offsetTop - listScroll.clientHeight / 3;
      listScroll.scrollTop = Math.max(0, top);
    }
  }

  // A row clicked: select its event in the chart that is shown, centre it
  // there (no further out than readable), and show its details.
  function focusEvent(id) {
    var node = byId[id];
    if (!node) { return; }
    selectRow(id, false);
    details.replaceChildren(card(node));
    var onNetwork = network && !document.getElementById("kg-network").hidden;
    var view = onNetwork ? network : timeline;
    view.selectNodes([id]);
    view.focus(id, {scale: Math.max(view.getScale(), READABLE_SCALE), animation: false});
    if (!onNetwork) { framedByUser = true; }
  }

  listBody.addEventListener("click", function (e) {
    if (e.target.closest("a")) { return; }
    var tr = e.target.closest("tr");
    if (tr) { focusEvent(tr.getAttribute("data-id")); }
  });

  function csvCell(value) {
    var text = Array.isArray(value) ? value.join("; ") : (value === null || value === undefined ? "" : String(value));
    return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  var CSV_COLUMNS = [
    ["date", function (i) { return i.dateLabel; }],
    ["first_day", function (i) { return i.start; }],
    ["last_day", function (i) { return i.end; }],
    ["type", function (i) { return i.type; }],
    ["action", function (i) { return i.action; }],
    ["agents", function (i) { return i.agents; }],
    ["patients", function (i) { return i.patients; }],
    ["places", function (i) { return i.places; }],
    ["modality", function (i) { return i.modality; }],
    ["confidence", function (i) { return i.confidence; }],
    ["article", function (i) { return i.article; }],
    ["title", function (i) { return i.articleTitle; }],
    ["url", function (i) { return i.articleUrl; }],
    ["sentence", function (i) { return i.sentence; }]
  ];

  // The rows of the list, as CSV (the event IRI last, for joining with kg's output).
  function listCsv() {
    var lines = [CSV_COLUMNS.map(function (c) { return c[0]; }).concat(["event"]).join(",")];
    listIds.forEach(function (id) {
      var info = byId[id].kg;
      lines.push(CSV_COLUMNS.map(function (c) { return csvCell(c[1](info)); }).concat([csvCell(id)]).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  document.getElementById("kg-download").addEventListener("click", function () {
    var blob = new Blob([listCsv()], {type: "text/csv;charset=utf-8"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = ((data.title || "kg timeline").replace(/[^\w.-]+/g, "-") || "events") + ".csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });

  // --- filters ---------------------------------------------------------------------

  // Actors and types chosen so far: an event passes with any of the actors and any
  // of the types (the select adds one; "all ..." clears them; a chip's x removes one).
  var chosen = {actor: [], type: []};

  function currentFilters() {
    return {actor: chosen.actor.slice(), type: chosen.type.slice(),
            since: filterSince.value, until: filterUntil.value};
  }

  function filtersActive(f) {
    return Boolean(f.actor.length || f.type.length || f.since || f.until);
  }

  function choose(key, select) {
    if (!select.value) { chosen[key] = []; } else if (chosen[key].indexOf(select.value) < 0) {
      chosen[key].push(select.value);
    }
    renderChips();
  }

  function optionLabel(select, value) {
    var o = Array.prototype.find.call(select.options, function (x) { return x.value === value; });
    return o ? o.textContent : value;
  }

  function renderChips() {
    var chips = document.createDocumentFragment();
    [["actor", filterActor], ["type", filterType]].forEach(function (pair) {
      var key = pair[0], select = pair[1];
      if (chosen[key].length < 2) { return; }  // one choice: the select says it
      chosen[key].forEach(function (value) {
        var chip = el("span", "kg-chip", optionLabel(select, value));
        var drop = el("button", null, "\u00d7");
        drop.type = "button";
        drop.title = "remove this " + key;
        drop.setAttribute("data-" + key, value);
        drop.addEventListener("click", function () {
          chosen[key] = chosen[key].filter(function (v) { return v !== value; });
          select.value = chosen[key].length ? chosen[key][chosen[key].length - 1] : "";
          renderChips();
          applyFilters();
        });
        chip.appendChild(drop);
        chips.appendChild(chip);
      });
    });
    chipsBox.replaceChildren(chips);
  }

  function eventVisible(info, f) {
    if (f.type.length && f.type.indexOf(info.type) < 0) { return false; }
    if (f.actor.length && !f.actor.some(function (a) { return info.entities.indexOf(a) >= 0; })) {
      return false;
    }
    if (f.since || f.until) {
      if (!info.start) { return false; }
      if (f.since && info.end < f.since) { return false; }
      if (f.until && info.start > f.until) { return false; }
    }
    return true;
  }

  // Lay the lanes out again for what is shown: a lane with nothing to show
  // goes, rows left empty close up, and everything below moves up.
  function relayout(shown) {
    var name = showUndated ? "full" : "compact";
    var layout = data.layouts[name];
    var used = layout.lanes.map(function () { return Object.create(null); });
    var filled = layout.lanes.map(function () { return false; });
    data.nodes.forEach(function (n) {
      if (!shown[n.id]) { return; }
      if (n.kg.kind === "event" && n.kg.row && n.kg.row[name] !== undefined && n.kg.row[name] !== null) {
        used[n.kg.lane][n.kg.row[name]] = true;
        filled[n.kg.lane] = true;
      } else if (n.kg.kind === "badge") {
        filled[n.kg.lane] = true;
      }
    });
    var top = layout.lanes.length ? layout.lanes[0].top : 0;
    var rowMap = [];
    data.lanes = layout.lanes.map(function (lane, i) {
      var rows = Object.keys(used[i]).map(Number).sort(function (a, b) { return a - b; });
      var map = Object.create(null);
      rows.forEach(function (r, j) { map[r] = j; });
      rowMap.push(map);
      var height = filled[i] ? Math.max(1, rows.length) * data.rowH + data.lanePad : 0;
      var box = {actor: lane.actor, label: lane.label, rows: rows.length, top: top, bottom: top + height, hidden: !filled[i]};
      top += height;
      return box;
    });
    var moves = [];
    data.nodes.forEach(function (n) {
      var y = null, lane;
      if (n.kg.kind === "event") {
        var row = n.kg.row ? n.kg.row[name] : undefined;
        if (row === undefined || row === null) { return; }
        lane = data.lanes[n.kg.lane];
        y = lane.top + data.lanePad / 2 + ((rowMap[n.kg.lane][row] || 0) + 0.5) * data.rowH + (n.kg.dy || 0);
      } else if (n.kg.kind === "badge") {
        lane = data.lanes[n.kg.lane];
        y = (lane.top + lane.bottom) / 2;
      } else if (n.kg.kind === "entity" && n.kg.lane) {
        var i = laneIndex[n.id];
        if (i === undefined) { return; }
        y = (data.lanes[i].top + data.lanes[i].bottom) / 2;
      }
      if (y === null) { return; }
      y = Math.round(y * 10) / 10;
      var x = n.kg.pos ? n.kg.pos[name][0] : n.x;
      var now = timelineNodes.get(n.id);
      if (now.x !== x || now.y !== y) { moves.push({id: n.id, x: x, y: y}); }
    });
    if (moves.length) { timelineNodes.update(moves); }
  }

  var laneIndex = Object.create(null);
  data.layouts.compact.lanes.forEach(function (lane, i) { if (lane.actor) { laneIndex[lane.actor] = i; } });

  function applyFilters(keepView) {
    var f = currentFilters();
    var active = filtersActive(f);
    var shown = Object.create(null);
    var visibleEvents = [];
    var collapsed = 0;
    var passing = Object.create(null);
    networkShown = Object.create(null);
    data.nodes.forEach(function (n) {
      if (n.kg.kind !== "event" || !eventVisible(n.kg, f)) { return; }
      passing[n.id] = true;
      networkShown[n.id] = true;
      n.kg.entities.forEach(function (e) { networkShown[e] = true; });
      if (!n.kg.start && !showUndated) { collapsed += 1; return; }
      visibleEvents.push(n.id);
      shown[n.id] = true;
      n.kg.entities.forEach(function (e) { if (laneActors[e]) { shown[e] = true; } });
    });
    var badgeLabels = [];
    badges.forEach(function (b) {
      var count = b.kg.events.filter(function (id) { return passing[id]; }).length;
      if (count && !showUndated) {
        shown[b.id] = true;
        if (b.kg.actor) { shown[b.kg.actor] = true; }
      }
      badgeLabels.push({id: b.id, label: count + " undated \u25b8"});
    });
    // A lane actor heads its lane while the lane has something to show, and only then.
    var name = showUndated ? "full" : "compact";
    var filled = Object.create(null);
    data.nodes.forEach(function (n) {
      if (shown[n.id] && (n.kg.kind === "badge" ||
          (n.kg.kind === "event" && n.kg.row && n.kg.row[name] !== undefined && n.kg.row[name] !== null))) {
        filled[n.kg.lane] = true;
      }
    });
    Object.keys(laneActors).forEach(function (a) {
      var lane = laneIndex[a];
      shown[a] = lane !== undefined && Boolean(filled[lane]);
    });
    var changes = [];
    data.nodes.forEach(function (n) {
      var hidden = !shown[n.id];
      if (Boolean(timelineNodes.get(n.id).hidden) !== hidden) { changes.push({id: n.id, hidden: hidden}); }
    });
    if (changes.length) { timelineNodes.update(changes); }
    if (networkNodes) {
      var netChanges = [];
      networkNodes.forEach(function (n) {
        var hidden = !networkShown[n.id];
        if (Boolean(n.hidden) !== hidden) { netChanges.push({id: n.id, hidden: hidden}); }
      });
      if (netChanges.length) { networkNodes.update(netChanges); }
    }
    if (badgeLabels.length) { timelineNodes.update(badgeLabels); }
    relayout(shown);
    renderList(onNetworkTab() ? Object.keys(passing) : visibleEvents);
    var total = data.counts.events;
    empty.hidden = visibleEvents.length + collapsed > 0;
    if (!total) { empty.firstChild.textContent = "No events to show. "; }
    status.textContent = active
      ? "showing " + visibleEvents.length + " of " + total + " events"
      : total + " events (" + data.counts.dated + " dated)";
    if (collapsed) { status.textContent += "; " + collapsed + " undated collapsed"; }
    writeFragment();
    if (!keepView && visibleEvents.length + collapsed) { openView(); }
    return visibleEvents.length;
  }

  // Switch between the compact layout (undated events collapsed into one badge
  // per lane) and the full one. The zoom and the centre of the view stay.
  function setUndated(show) {
    var scale = timeline.getScale(), centre = timeline.getViewPosition();
    showUndated = Boolean(show);
    var layout = data.layouts[showUndated ? "full" : "compact"];
    data.view = layout.view;
    data.undated = layout.undated;
    data.axis.left = layout.left;
    var name = showUndated ? "full" : "compact";
    timelineNodes.update(data.nodes.filter(function (n) { return n.kg.pos; }).map(function (n) {
      return {id: n.id, x: n.kg.pos[name][0], y: n.kg.pos[name][1]};
    }));
    applyFilters(true);
    timeline.moveTo({position: centre, scale: scale, animation: false});
  }

  function frame(view, container, box, minScale, maxScale) {
    var w = Math.max(box.right - box.left, 1), h = Math.max(box.bottom - box.top, 1);
    var width = container.clientWidth || 800, height = container.clientHeight || 600;
    // A little slack, so a slightly smaller window still shows every label.
    var scale = Math.min(0.97 * Math.min((width - 16) / w, (height - 16) / h), maxScale || 1.1);
    var centre = {x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2};
    if (minScale && scale < Math.min(minScale, LEGIBLE_SCALE)) {
      // Too much to read at once: open readable, at the start of the timeline
      // (top left, lane names in view); the reader pans on from there.
      scale = minScale;
      var halfW = width / 2 / scale, halfH = height / 2 / scale;
      centre.x = Math.min(centre.x, box.left - 8 / scale + halfW);
      centre.y = Math.min(centre.y, box.top - 8 / scale + halfH);
    }
    view.moveTo({position: centre, scale: scale, animation: false});
  }

  // The box around the given nodes as drawn, labels included (vis's own fit()
  // ignores how wide box labels are and cuts lane names off).
  function drawnBox(view, ids) {
    var box = {left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity};
    ids.forEach(function (id) {
      var b = view.getBoundingBox(id);
      if (!b) { return; }
      box.left = Math.min(box.left, b.left);
      box.right = Math.max(box.right, b.right);
      box.top = Math.min(box.top, b.top);
      box.bottom = Math.max(box.bottom, b.bottom);
    });
    return box;
  }

  function firstLaneTop() {
    var lanes = data.lanes.filter(function (l) { return !l.hidden; });
    return lanes.length ? lanes[0].top : null;
  }

  // The opening view: everything shown, if that is readable; else readable,
  // from the start of the timeline.
  function openView() {
    if (network && !document.getElementById("kg-network").hidden) { fitTo(null); return; }
    // Filtered, frame what the filters kept (lane names follow the view's left edge);
    // else the whole drawing, lane headings included.
    var focused = filtersActive(currentFilters());
    var ids = timelineNodes.getIds({filter: function (n) {
      return !n.hidden && (!focused || n.kg.kind !== "entity");
    }});
    if (!ids.length) { return; }
    var box = drawnBox(timeline, ids);
    var laneTop = firstLaneTop();
    // Room above the first lane for the axis labels.
    if (laneTop !== null) { box.top = Math.min(box.top, laneTop - 28); }
    frame(timeline, timelineContainer, box, READABLE_SCALE);
  }

  function fitTo(ids, maxScale) {
    var onNetwork = network && !document.getElementById("kg-network").hidden;
    var view = onNetwork ? network : timeline;
    var dataset = onNetwork ? networkNodes : timelineNodes;
    if (!ids) {
      ids = dataset.getIds({filter: function (n) { return !n.hidden; }});
    }
    if (!ids.length) { return; }
    var box = drawnBox(view, ids);
    var laneTop = firstLaneTop();
    if (!onNetwork && laneTop !== null) { box.top = Math.min(box.top, laneTop - 28); }
    frame(view, onNetwork ? document.getElementById("kg-network") : timelineContainer, box, 0, maxScale);
  }

  // --- the URL fragment records the filters, so a view can be shared ----------------

  var FRAGMENT_KEYS = ["actor", "type", "since", "until"];

  function writeFragment() {
    var f = currentFilters();
    var parts = [];
    FRAGMENT_KEYS.forEach(function (k) {
      var values = Array.isArray(f[k]) ? f[k] : (f[k] ? [f[k]] : []);
      if (values.length) { parts.push(k + "=" + values.map(encodeURIComponent).join(",")); }
    });
    if (showUndated && badges.length) { parts.push("undated=1"); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash === location.hash || (!hash && !location.hash)) { return; }
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (e) {
      // A sandboxed frame (a notebook) may refuse: the filters still apply.
    }
  }

  function readFragment() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i <= 0) { return; }
      try {
        out[part.slice(0, i)] = part.slice(i + 1).split(",").map(decodeURIComponent);
      } catch (e) { /* ignore a bad part */ }
    });
    return out;
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function listOf(value) { return Array.isArray(value) ? value : (value ? [value] : []); }

  function setControls(f) {
    [["actor", filterActor], ["type", filterType]].forEach(function (pair) {
      chosen[pair[0]] = listOf(f[pair[0]]).filter(function (v) { return hasOption(pair[1], v); });
      var last = chosen[pair[0]][chosen[pair[0]].length - 1];
      pair[1].value = last || "";
    });
    var since = listOf(f.since)[0] || "", until = listOf(f.until)[0] || "";
    filterSince.value = /^\d{4}-\d{2}-\d{2}$/.test(since) ? since : "";
    filterUntil.value = /^\d{4}-\d{2}-\d{2}$/.test(until) ? until : "";
    renderChips();
  }

  function applyFragment() {
    var f = readFragment();
    setControls(f);
    var wantUndated = listOf(f.undated)[0] === "1" || !badges.length && showUndated;
    if (badges.length && wantUndated !== showUndated) {
      undatedBox.checked = wantUndated;
      setUndated(wantUndated);
    }
    applyFilters();
  }

  function resetFilters() {
    setControls({});
    applyFilters();
  }

  filterActor.addEventListener("change", function () { choose("actor", filterActor); applyFilters(); });
  filterType.addEventListener("change", function () { choose("type", filterType); applyFilters(); });
  [filterSince, filterUntil].forEach(function (input) {
    input.addEventListener("change", function () { applyFilters(); });
  });
  document.getElementById("kg-filter-reset").addEventListener("click", resetFilters);
  document.getElementById("kg-empty-reset").addEventListener("click", resetFilters);
  document.getElementById("kg-fit").addEventListener("click", function () { fitTo(null); });
  undatedBox.checked = showUndated;
  undatedBox.disabled = !badges.length;
  document.getElementById("kg-undated-count").textContent =
    String(data.counts.events - data.counts.dated);
  undatedBox.addEventListener("change", function () { setUndated(undatedBox.checked); });
  document.getElementById("kg-filters").addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("hashchange", applyFragment);
  applyFragment();

  // A handle for notebooks and tests.
  window.kg = {
    data: data,
    timeline: {network: timeline, nodes: timelineNodes, edges: timelineEdges},
    network: function () { ensureNetwork(); return {network: network, nodes: networkNodes}; },
    showTab: showTab,
    showUndated: function (show) { undatedBox.checked = Boolean(show); setUndated(show); },
    setFilters: function (f) {
      setControls(f);
      return applyFilters();
    },
    visibleEvents: function () {
      return timelineNodes.get({filter: function (n) { return n.kg.kind === "event" && !n.hidden; }})
        .map(function (n) { return n.id; });
    },
    listed: function () { return listIds.slice(); },
    csv: listCsv,
    axisLabels: function () { return axisLabels.slice(); },
    focusEvent: focusEvent
  };
})();
