// credrec review workbench. Plain modern JS, no build step, no dependencies.
// Safety rules: every value from the server is rendered with textContent / createTextNode (never as
// markup); the token lives in sessionStorage and travels only as an Authorization header; record
// ids (hashes) are the only data in the URL.
"use strict";

(() => {
  const TOKEN_KEY = "credrec.reviewerToken";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);

  const state = {
    me: null,
    queue: [],          // queue items in display order
    cursor: null,
    selected: 0,
    current: null,      // the record view being shown
    claimTimer: null,
    zoom: { scale: 1, x: 0, y: 0 },
    imageUrl: null,
    deciding: null,     // "REJECT" | "REQUEST_DOCUMENT" while the form is open
  };

  // ------------------------------------------------------------------ helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key.startsWith("on")) throw new Error("no inline handlers");
      if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function toast(message, kind) {
    const box = $("toast");
    box.textContent = message;
    box.className = "toast show " + (kind || "");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.className = "toast"; }, 3500);
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(path, options) {
    const opts = options || {};
    const headers = { Authorization: "Bearer " + (opts.token || token() || "") };
    let body;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    const response = await fetch(path, {
      method: opts.method || "GET", headers, body, cache: "no-store", credentials: "omit",
      referrerPolicy: "no-referrer",
    });
    if (response.status === 401 && !opts.token) {
      signOut("Your session ended: sign in again.");
      throw new ApiError(401, "UNAUTHORIZED", "sign in again");
    }
    if (!response.ok) {
      let code = "HTTP_" + response.status;
      let message = response.statusText;
      try {
        const payload = await response.json();
        code = payload.error.code;
        message = payload.error.message;
      } catch (ignored) { /* not JSON */ }
      throw new ApiError(response.status, code, message);
    }
    if (opts.blob) return response.blob();
    return response.json();
  }

  function show(view) {
    for (const name of ["signin", "queue", "record", "dashboard"]) {
      $("view-" + name).hidden = name !== view;
    }
    $("nav").hidden = view === "signin";
    $("signout").hidden = view === "signin";
    $("help").hidden = true;
    document.body.dataset.view = view;
  }

  // ------------------------------------------------------------------ sign-in

  async function signIn(candidate) {
    const me = await api("/review/me", { token: candidate });
    sessionStorage.setItem(TOKEN_KEY, candidate);
    state.me = me;
    $("who").textContent = "Signed in as " + me.reviewer;
    return me;
  }

  function signOut(message) {
    releaseCurrent();
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    $("who").textContent = "";
    $("signin-error").textContent = message || "";
    location.hash = "#/signin";
    show("signin");
    $("signin-token").value = "";
    $("signin-token").focus();
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const candidate = $("signin-token").value.trim();
    if (!candidate) return;
    $("signin-error").textContent = "";
    try {
      await signIn(candidate);
      $("signin-token").value = "";
      location.hash = "#/queue";
      route();
    } catch (err) {
      $("signin-error").textContent = err.status === 401 ? "That token is not a reviewer token." : "Sign-in failed: " + err.message;
    }
  });
  $("signout").addEventListener("click", () => signOut("Signed out."));

  // ------------------------------------------------------------------ queue

  function filterQuery(cursor) {
    const params = new URLSearchParams();
    const pairs = { view: $("f-view").value, status: $("f-status").value, decision: $("f-decision").value,
      fraud: $("f-fraud").value, since: $("f-since").value, until: $("f-until").value };
    for (const [key, value] of Object.entries(pairs)) if (value) params.set(key, value);
    params.set("limit", "50");
    if (cursor) params.set("cursor", cursor);
    return params.toString();
  }

  async function loadCounts() {
    try {
      const stats = await api("/review/stats");
      const box = $("counts");
      clear(box);
      box.appendChild(el("span", { class: "count", id: "count-queue" }, el("b", {}, String(stats.queue)), " to review"));
      box.appendChild(el("span", { class: "count" }, el("b", {}, String(stats.claimed)), " claimed now"));
      box.appendChild(el("span", { class: "count" }, el("b", {}, String(stats.decided)), " decided by people"));
      box.appendChild(el("span", { class: "count" }, el("b", {}, String(stats.scanned)), " records" + (stats.complete ? "" : " (first part only)")));
    } catch (err) {
      if (err.status !== 401) toast("Counts unavailable: " + err.message, "bad");
    }
  }

  async function loadQueue(append) {
    const page = await api("/review/queue?" + filterQuery(append ? state.cursor : null));
    state.queue = append ? state.queue.concat(page.records) : page.records;
    state.cursor = page.cursor;
    if (!append) state.selected = Math.min(state.selected, Math.max(0, state.queue.length - 1));
    renderQueue();
  }

  function flagLabel(flag) {
    return { decision_review: "machine: review", fraud_flagged: "fraud flagged", no_text: "no text" }[flag] || flag;
  }

  function renderQueue() {
    const body = $("queue-body");
    clear(body);
    state.queue.forEach((item, index) => {
      const flags = el("td", {}, ...item.flags.map((f) => el("span", { class: "tag tag-" + f }, flagLabel(f))));
      const fraud = item.fraud.checked ? (item.fraud.suspicious ? "flagged " + item.fraud.types.join(", ") : "clear") : "not checked";
      const claim = item.claim ? item.claim.reviewer + " (" + Math.ceil(item.claim.seconds_left / 60) + " min)" : "";
      const reviewed = item.last_review ? item.last_review.action.toLowerCase() + " by " + item.last_review.reviewer : "";
      const row = el("tr", { class: "queue-row" + (index === state.selected ? " selected" : ""), "data-id": item.id, tabindex: "-1" },
        flags, el("td", {}, item.created_at.replace("T", " ").slice(0, 16)), el("td", {}, item.status),
        el("td", {}, item.decision || "—"), el("td", {}, fraud), el("td", { class: "name" }, item.name || ""),
        el("td", {}, claim), el("td", {}, reviewed));
      row.addEventListener("click", () => { state.selected = index; openRecord(item.id); });
      body.appendChild(row);
    });
    $("queue-empty").hidden = state.queue.length > 0;
    $("queue-more").hidden = !state.cursor;
  }

  function moveSelection(delta) {
    if (!state.queue.length) return;
    state.selected = Math.max(0, Math.min(state.queue.length - 1, state.selected + delta));
    renderQueue();
    const row = $("queue-body").children[state.selected];
    if (row) row.scrollIntoView({ block: "nearest" });
  }

  $("f-apply").addEventListener("click", () => { state.selected = 0; loadQueue(false).catch(report); });
  $("queue-more").addEventListener("click", () => loadQueue(true).catch(report));

  // ------------------------------------------------------------------ record

  function openRecord(id) {
    location.hash = "#/record/" + id;
  }

  function releaseCurrent() {
    clearInterval(state.claimTimer);
    state.claimTimer = null;
    const current = state.current;
    if (current && current.claim && state.me && current.claim.reviewer === state.me.reviewer) {
      api("/review/records/" + current.record.id + "/release", { method: "POST" }).catch(() => {});
    }
    state.current = null;
    if (state.imageUrl) {
      URL.revokeObjectURL(state.imageUrl);
      state.imageUrl = null;
    }
  }

  async function showRecord(id) {
    if (state.current && state.current.record.id !== id) releaseCurrent();
    show("record");
    closeDecideForm();
    $("decide-error").textContent = "";
    const index = state.queue.findIndex((item) => item.id === id);
    if (index >= 0) state.selected = index;
    let view;
    try {
      view = await api("/review/records/" + id + "/claim", { method: "POST" });
    } catch (err) {
      if (err.status !== 409) throw err;
      view = await api("/review/records/" + id);
      $("decide-error").textContent = err.message;
    }
    state.current = view;
    renderRecord(view);
    loadImage(view);
    if (view.claim && view.claim.reviewer === state.me.reviewer) {
      const every = Math.max(15, Math.floor(state.me.claim_seconds / 2)) * 1000;
      state.claimTimer = setInterval(renewClaim, every);
    }
  }

  async function renewClaim() {
    if (!state.current) return;
    try {
      const view = await api("/review/records/" + state.current.record.id + "/claim", { method: "POST" });
      state.current = view;
      renderClaim(view);
    } catch (err) {
      clearInterval(state.claimTimer);
      $("decide-error").textContent = "Claim lost: " + err.message;
    }
  }

  function mine(view) {
    return !!(view.claim && state.me && view.claim.reviewer === state.me.reviewer);
  }

  function renderClaim(view) {
    const box = $("rec-claim");
    if (!view.claim) box.textContent = "not claimed";
    else if (mine(view)) box.textContent = "claimed by you (" + Math.ceil(view.claim.seconds_left / 60) + " min)";
    else box.textContent = view.claim.reviewer + " is reviewing this record";
    box.className = "claim " + (view.claim ? (mine(view) ? "mine" : "other") : "");
    const blocked = !!view.claim && !mine(view);
    for (const id of ["act-approve", "act-reject", "act-request"]) $(id).disabled = blocked;
  }

  function renderRecord(view) {
    const record = view.record;
    renderClaim(view);
    const flags = $("rec-flags");
    clear(flags);
    flags.appendChild(el("span", { class: "tag status-" + record.status }, record.status));
    for (const f of view.flags) flags.appendChild(el("span", { class: "tag tag-" + f }, flagLabel(f)));
    if (!view.needs_review && !record.review.trail.length) flags.appendChild(el("span", { class: "tag" }, "not in the queue"));

    // machine decision (decision layer)
    const decision = $("rec-decision");
    clear(decision);
    if (view.decision) {
      decision.appendChild(el("p", {}, el("span", { class: "tag outcome-" + text(view.decision.outcome) }, text(view.decision.outcome))));
      const reasons = el("ul", { class: "reasons-list" });
      for (const reason of view.decision.reasons || []) {
        const line = reason && typeof reason === "object" ? text(reason.code) + (reason.message ? ": " + text(reason.message) : "") : text(reason);
        reasons.appendChild(el("li", {}, line));
      }
      decision.appendChild(reasons);
      if (view.decision.policy) decision.appendChild(el("p", { class: "hint" }, "policy " + text(view.decision.policy.name) + " " + text(view.decision.policy.version)));
    } else {
      decision.appendChild(el("p", { class: "hint" }, "No machine decision on this record."));
    }

    // fields beside expected data and verdicts
    const checks = (view.decision && view.decision.checks) || {};
    const expected = view.expected || {};
    const body = $("fields-body");
    clear(body);
    const details = {};
    for (const f of view.overlays.fields) details[f.key] = f;
    const keys = ["name", "address"];
    for (const f of view.overlays.fields) if (!keys.includes(f.key)) keys.push(f.key);
    for (const [key, value] of Object.entries(record.fields.extra || {})) {
      if (!keys.includes(key) && key !== "fieldDetails" && (typeof value !== "object" || value === null)) keys.push(key);
    }
    for (const key of keys) {
      const value = key === "name" || key === "address" ? record.fields[key] : (details[key] ? details[key].value : (record.fields.extra || {})[key]);
      const detail = details[key];
      const check = checks[key];
      const verdict = check ? [text(check.verdict), check.score !== undefined && check.score !== null ? "(" + text(check.score) + ")" : ""].join(" ") : "";
      body.appendChild(el("tr", { "data-field": key },
        el("th", {}, key), el("td", { class: "value" }, text(value)),
        el("td", {}, detail && detail.confidence !== null ? text(detail.confidence) : ""),
        el("td", { class: "value" }, text(expected[key])),
        el("td", { class: check ? "verdict-" + text(check.verdict) : "" }, verdict)));
    }
    for (const [key, check] of Object.entries(checks)) {
      if (keys.includes(key)) continue;
      body.appendChild(el("tr", { "data-field": key }, el("th", {}, key + " check"), el("td", {}, text(check.why || "")), el("td", {}, ""),
        el("td", {}, ""), el("td", { class: "verdict-" + text(check.verdict) }, text(check.verdict))));
    }

    // signals
    const list = $("signals-list");
    clear(list);
    if (!view.overlays.signals.length) list.appendChild(el("li", { class: "hint" }, record.fraud.checked ? "No forgery signal." : "The fraud check did not run."));
    for (const s of view.overlays.signals) {
      list.appendChild(el("li", { class: s.informational ? "informational" : "" },
        el("b", {}, s.kind), " " + (s.score !== null ? s.score.toFixed(2) : "") + (s.tag ? " [" + s.tag + "]" : "") + (s.region ? "" : " (no region)"),
        el("br"), el("span", {}, s.reason)));
    }
    $("no-boxes").hidden = view.overlays.boxes_available;
    $("no-boxes").textContent = "The recognition service returned no boxes for this document: there is nothing to draw over the image.";

    // trail
    const trail = $("trail-list");
    clear(trail);
    if (!record.review.trail.length) trail.appendChild(el("li", { class: "hint" }, "No decision yet."));
    for (const entry of record.review.trail) {
      trail.appendChild(el("li", {}, el("b", {}, entry.action), " by " + entry.reviewer + " at " + entry.at,
        entry.reasons.length ? el("div", {}, "reasons: " + entry.reasons.join(", ")) : null,
        entry.comment ? el("div", { class: "comment" }, entry.comment) : null));
    }

    // meta and raw answer
    const meta = $("rec-meta");
    clear(meta);
    const rows = [["id", record.id], ["uploaded", record.created_at], ["source", record.source.kind + (record.source.key ? " " + record.source.key : "")],
      ["sub code", record.sub_code], ["note", record.note], ["error", record.error ? record.error.code + ": " + record.error.message : null]];
    for (const [k, v] of rows) if (v) { meta.appendChild(el("dt", {}, k)); meta.appendChild(el("dd", {}, text(v))); }
    let raw = record.ext_id_info || "(none)";
    try { raw = JSON.stringify(JSON.parse(raw), null, 2); } catch (ignored) { /* keep as it came */ }
    $("raw-ext").textContent = raw;
    $("raw-details").open = false;
    drawOverlays(view);
  }

  async function loadImage(view) {
    const img = $("doc-image");
    const message = $("viewer-message");
    img.removeAttribute("src");
    img.hidden = true;
    message.textContent = "";
    if (!view.image.available) {
      message.textContent = "No image: " + view.image.why_not;
      return;
    }
    try {
      const blob = await api("/review/records/" + view.record.id + "/image", { blob: true });
      if (!state.current || state.current.record.id !== view.record.id) return;
      if (state.imageUrl) URL.revokeObjectURL(state.imageUrl);
      state.imageUrl = URL.createObjectURL(blob);
      img.onload = null;
      img.addEventListener("load", () => { img.hidden = false; drawOverlays(state.current); fit(); }, { once: true });
      img.src = state.imageUrl;
    } catch (err) {
      message.textContent = "The image cannot be shown: " + err.message;
    }
  }

  function drawOverlays(view) {
    const svg = $("overlay");
    const img = $("doc-image");
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!view || !img.naturalWidth) return;
    svg.setAttribute("viewBox", "0 0 " + img.naturalWidth + " " + img.naturalHeight);
    svg.setAttribute("width", img.naturalWidth);
    svg.setAttribute("height", img.naturalHeight);
    const add = (box, cls, label, detail) => {
      const g = document.createElementNS(SVG_NS, "g");
      g.setAttribute("class", cls);
      const rect = document.createElementNS(SVG_NS, "rect");
      rect.setAttribute("x", box[0]);
      rect.setAttribute("y", box[1]);
      rect.setAttribute("width", box[2] - box[0]);
      rect.setAttribute("height", box[3] - box[1]);
      const title = document.createElementNS(SVG_NS, "title");
      title.textContent = label + " — " + detail;
      rect.appendChild(title);
      g.appendChild(rect);
      const caption = document.createElementNS(SVG_NS, "text");
      caption.setAttribute("x", box[0]);
      caption.setAttribute("y", Math.max(12, box[1] - 4));
      caption.textContent = label;
      g.appendChild(caption);
      g.addEventListener("mouseenter", () => { $("hover-info").textContent = label + " — " + detail; });
      svg.appendChild(g);
    };
    for (const f of view.overlays.fields) {
      if (f.box) add(f.box, "ov ov-field", f.key, "confidence " + (f.confidence !== null ? f.confidence.toFixed(3) : "?") + (f.rule ? " (" + f.rule + ")" : ""));
    }
    for (const s of view.overlays.signals) {
      if (s.region) add(s.region, "ov ov-signal" + (s.informational ? " ov-info" : ""), s.kind, "score " + (s.score !== null ? s.score.toFixed(2) : "?") + ": " + s.reason);
    }
    applyToggles();
  }

  function applyToggles() {
    const svg = $("overlay");
    svg.classList.toggle("hide-fields", !$("tg-fields").checked);
    svg.classList.toggle("hide-signals", !$("tg-signals").checked);
  }

  $("tg-fields").addEventListener("change", applyToggles);
  $("tg-signals").addEventListener("change", applyToggles);

  function toggle(id) {
    $(id).checked = !$(id).checked;
    applyToggles();
  }

  // zoom and pan: CSS transform on the stage (set through the CSSOM, allowed by the CSP)
  function applyZoom() {
    const z = state.zoom;
    $("stage").style.transform = "translate(" + z.x + "px," + z.y + "px) scale(" + z.scale + ")";
  }

  function fit() {
    const img = $("doc-image");
    const viewer = $("viewer");
    if (!img.naturalWidth) return;
    state.zoom.scale = Math.min(2, viewer.clientWidth / img.naturalWidth);  // fit the width; drag to pan down
    state.zoom.x = 0;
    state.zoom.y = 0;
    applyZoom();
  }

  function zoomBy(factor) {
    state.zoom.scale = Math.max(0.05, Math.min(8, state.zoom.scale * factor));
    applyZoom();
  }

  $("zoom-in").addEventListener("click", () => zoomBy(1.25));
  $("zoom-out").addEventListener("click", () => zoomBy(0.8));
  $("zoom-fit").addEventListener("click", fit);
  $("viewer").addEventListener("wheel", (event) => { event.preventDefault(); zoomBy(event.deltaY < 0 ? 1.1 : 0.9); }, { passive: false });
  (() => {
    let drag = null;
    $("viewer").addEventListener("pointerdown", (event) => { drag = { x: event.clientX - state.zoom.x, y: event.clientY - state.zoom.y }; });
    window.addEventListener("pointerup", () => { drag = null; });
    $("viewer").addEventListener("pointermove", (event) => {
      if (!drag) return;
      state.zoom.x = event.clientX - drag.x;
      state.zoom.y = event.clientY - drag.y;
      applyZoom();
    });
  })();

  // ------------------------------------------------------------------ decisions

  function openDecideForm(action) {
    if (!state.current || $("act-reject").disabled) return;
    state.deciding = action;
    $("decide-form").hidden = false;
    $("decide-title").textContent = action === "REJECT" ? "Reject: pick at least one reason" : "Ask for a new document";
    const list = $("reason-list");
    clear(list);
    for (const [code, label] of Object.entries(state.me.reject_reasons)) {
      const box = el("input", { type: "checkbox", value: code, id: "reason-" + code });
      list.appendChild(el("label", { for: "reason-" + code }, box, " " + label));
    }
    $("decide-comment").value = "";
    const first = list.querySelector("input");
    if (first) first.focus();
  }

  function closeDecideForm() {
    state.deciding = null;
    $("decide-form").hidden = true;
  }

  async function decide(action, reasons, comment) {
    const view = state.current;
    if (!view) return;
    $("decide-error").textContent = "";
    try {
      const updated = await api("/review/records/" + view.record.id + "/decision", {
        method: "POST", json: { action, reasons, comment: comment || null, seen_decisions: view.record.review.trail.length },
      });
      clearInterval(state.claimTimer);
      state.current = updated;
      closeDecideForm();
      toast({ APPROVE: "Approved", REJECT: "Rejected", REQUEST_DOCUMENT: "New document requested" }[action] + ".", "good");
      const item = state.queue.find((q) => q.id === view.record.id);
      if (item) item.last_review = { reviewer: state.me.reviewer, action };
      nextRecord();
    } catch (err) {
      $("decide-error").textContent = err.message;
    }
  }

  $("act-approve").addEventListener("click", () => decide("APPROVE", [], null));
  $("act-reject").addEventListener("click", () => openDecideForm("REJECT"));
  $("act-request").addEventListener("click", () => openDecideForm("REQUEST_DOCUMENT"));
  $("decide-cancel").addEventListener("click", closeDecideForm);
  $("decide-confirm").addEventListener("click", confirmDecideForm);

  function confirmDecideForm() {
    const reasons = Array.from($("reason-list").querySelectorAll("input:checked")).map((box) => box.value);
    decide(state.deciding, reasons, $("decide-comment").value);
  }

  function nextRecord() {
    const index = state.queue.findIndex((item) => state.current && item.id === state.current.record.id);
    const next = state.queue[index + 1];
    if (next) {
      state.selected = index + 1;
      openRecord(next.id);
    } else {
      location.hash = "#/queue";
    }
  }

  function previousRecord() {
    const index = state.queue.findIndex((item) => state.current && item.id === state.current.record.id);
    if (index > 0) {
      state.selected = index - 1;
      openRecord(state.queue[index - 1].id);
    }
  }

  $("rec-back").addEventListener("click", () => { location.hash = "#/queue"; });
  $("rec-next").addEventListener("click", nextRecord);
  $("rec-prev").addEventListener("click", previousRecord);

  // ------------------------------------------------------------------ dashboard

  async function showDashboard() {
    show("dashboard");
    const stats = await api("/review/stats");
    const box = $("dash-numbers");
    clear(box);
    const median = stats.median_upload_to_decision_seconds;
    const human = Object.entries(stats.human_decisions).map(([k, v]) => k.toLowerCase() + " " + v).join(", ") || "none";
    box.appendChild(el("span", { class: "count", id: "dash-queue" }, el("b", {}, String(stats.queue)), " in the queue"));
    box.appendChild(el("span", { class: "count" }, el("b", {}, median === null ? "—" : formatDuration(median)), " median upload → human decision"));
    box.appendChild(el("span", { class: "count" }, "human decisions: " + human));
    for (const [id, chart] of [["chart-status", "status"], ["chart-decisions", "decisions"]]) {
      const blob = await api("/review/charts/" + chart + ".svg", { blob: true });
      const img = $(id);
      if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
      img.src = URL.createObjectURL(blob);
    }
  }

  function formatDuration(seconds) {
    if (seconds < 90) return Math.round(seconds) + " s";
    if (seconds < 5400) return Math.round(seconds / 60) + " min";
    if (seconds < 172800) return (seconds / 3600).toFixed(1) + " h";
    return (seconds / 86400).toFixed(1) + " days";
  }

  // ------------------------------------------------------------------ routing and keys

  function report(err) {
    if (err && err.status === 401) return;
    toast(err && err.message ? err.message : String(err), "bad");
  }

  async function route() {
    const hash = location.hash || "#/queue";
    if (!token()) { show("signin"); $("signin-token").focus(); return; }
    if (!state.me) {
      try { await signIn(token()); } catch (err) { signOut(); return; }
    }
    const match = hash.match(/^#\/record\/([0-9a-f]{32})$/);
    if (match) { await showRecord(match[1]).catch(report); return; }
    releaseCurrent();
    if (hash === "#/dashboard") { await showDashboard().catch(report); return; }
    show("queue");
    loadCounts();
    await loadQueue(false).catch(report);
  }

  window.addEventListener("hashchange", () => { route(); });
  window.addEventListener("pagehide", releaseCurrent);

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target && (target.tagName === "INPUT" && target.type !== "checkbox" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    const view = document.body.dataset.view;
    if (view === "record" && state.deciding && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      confirmDecideForm();
      return;
    }
    if (event.key === "Escape") {
      if (state.deciding) { closeDecideForm(); return; }
      if (view === "record") { location.hash = "#/queue"; return; }
      $("help").hidden = true;
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey || view === "signin") return;
    const key = event.key;
    if (key === "?") { $("help").hidden = !$("help").hidden; return; }
    if (key === "1") { location.hash = "#/queue"; return; }
    if (key === "2") { location.hash = "#/dashboard"; return; }
    if (view === "queue") {
      if (key === "j" || key === "ArrowDown") { event.preventDefault(); moveSelection(1); }
      else if (key === "k" || key === "ArrowUp") { event.preventDefault(); moveSelection(-1); }
      else if (key === "Enter" || key === "o") { const item = state.queue[state.selected]; if (item) openRecord(item.id); }
      else if (key === "r") { loadCounts(); loadQueue(false).catch(report); }
    } else if (view === "record" && !state.deciding) {
      if (key === "j") nextRecord();
      else if (key === "k") previousRecord();
      else if (key === "a") { if (!$("act-approve").disabled) decide("APPROVE", [], null); }
      else if (key === "r") openDecideForm("REJECT");
      else if (key === "d") openDecideForm("REQUEST_DOCUMENT");
      else if (key === "f") toggle("tg-fields");
      else if (key === "s") toggle("tg-signals");
      else if (key === "o") {
        const on = !($("tg-fields").checked || $("tg-signals").checked);
        $("tg-fields").checked = on;
        $("tg-signals").checked = on;
        applyToggles();
      } else if (key === "+" || key === "=") zoomBy(1.25);
      else if (key === "-") zoomBy(0.8);
      else if (key === "0") fit();
    }
  });

  route();
})();
