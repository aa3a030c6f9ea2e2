// The inspector's page: plain JavaScript, no build step, no dependency. It reads the JSON API beside it
// (api/...), follows the timeline as server-sent events (api/stream), and acts through the same API
// (send = PostToConnection, disconnect = DeleteConnection). Every value from the server goes into the page
// as text (textContent), never as markup.
"use strict";

const MAX_ROWS = 500; // timeline rows in the page; the ring on the server holds its own number
const state = {
  apis: [],
  connections: [],
  events: [], // oldest first, at most status.events.size
  size: 1000,
  lastSeq: 0,
  source: null,
  client: null,
  refreshTimer: null,
  refreshing: false,
  refreshAgain: false,
};

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function call(path, options = {}) {
  const response = await fetch("api/" + path, options);
  if (response.status === 204) return null;
  const body = await response.json().catch(() => ({ message: response.statusText }));
  if (!response.ok) throw new Error(body.message || `${response.status} ${response.statusText}`);
  return body;
}

function showError(message) {
  const box = $("error-message");
  box.textContent = message || "";
  box.hidden = !message;
}

function formatTime(epochMs) {
  if (epochMs === null || epochMs === undefined) return "-";
  const date = new Date(epochMs);
  return date.toLocaleTimeString(undefined, { hour12: false }) + "." + String(date.getMilliseconds()).padStart(3, "0");
}

function formatBytes(count) {
  return count === null || count === undefined ? "-" : `${count} B`;
}

function previewText(preview) {
  if (!preview) return "";
  const text = preview.binary ? `base64:${preview.base64}` : preview.text;
  return text + (preview.truncated ? "…" : "");
}

// APIs ----------------------------------------------------------------------------------------------------

async function loadApis() {
  try {
    state.apis = (await call("apis")).apis;
  } catch (error) {
    showError(`APIs: ${error.message}`);
    return;
  }
  renderApis();
  renderStageChoices();
}

function keyValues(object) {
  const entries = Object.entries(object || {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(", ") : "none";
}

function renderApis() {
  const list = $("api-list");
  list.replaceChildren();
  $("api-empty").hidden = state.apis.length > 0;
  for (const api of state.apis) {
    const stages = el("table", {},
      el("caption", { className: "visually-hidden" }, `Stages of ${api.name}`),
      el("thead", {}, el("tr", {},
        ...["Stage", "Deployment", "Auto-deploy", "Stage variables"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...api.stages.map((stage) => el("tr", { dataset: { stage: stage.stageName } },
        el("td", {}, stage.stageName),
        el("td", { className: "mono" }, stage.deploymentId || "not deployed"),
        el("td", {}, stage.autoDeploy ? "yes" : "no"),
        el("td", { className: "mono" }, keyValues(stage.stageVariables))))));
    const routes = el("table", {},
      el("caption", { className: "visually-hidden" }, `Routes of ${api.name}`),
      el("thead", {}, el("tr", {},
        ...["Route", "Integration", "Target", "Route responses", "Authorization"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...api.routes.map((route) => el("tr", { dataset: { route: route.routeKey } },
        el("td", { className: "mono" }, route.routeKey),
        el("td", {}, route.integration ? route.integration.type : "none"),
        el("td", { className: "mono" }, route.integration ? route.integration.target || "-" : "-"),
        el("td", { className: "mono" }, route.routeResponses.map((r) => r.routeResponseKey).join(", ") || "one-way"),
        el("td", {}, route.authorizer
          ? `${route.authorizationType}: ${route.authorizer.name} (${route.authorizer.identitySource.join(", ")})`
          : route.authorizationType || "NONE")))));
    list.append(el("details", { className: "api", open: true, dataset: { apiId: api.apiId } },
      el("summary", {}, `${api.name} `, el("span", { className: "tag mono" }, api.apiId),
        " ", el("span", { className: "tag" }, `${api.accountId} / ${api.region}`)),
      el("p", { className: "muted" }, `Route selection: `, el("code", {}, api.routeSelectionExpression || "-")),
      stages, routes));
  }
}

function renderStageChoices() {
  const stageSelect = $("client-stage");
  const previous = stageSelect.value;
  stageSelect.replaceChildren();
  const apiFilter = $("filter-api");
  const previousApi = apiFilter.value;
  apiFilter.replaceChildren(el("option", { value: "" }, "all"));
  for (const api of state.apis) {
    apiFilter.append(el("option", { value: api.apiId }, `${api.name} (${api.apiId})`));
    for (const stage of api.stages) {
      stageSelect.append(el("option", { value: stage.path }, `${api.name} (${api.apiId}) / ${stage.stageName}`));
    }
  }
  if (previous) stageSelect.value = previous;
  apiFilter.value = previousApi;
}

// Connections ---------------------------------------------------------------------------------------------

function scheduleConnectionsRefresh(delay = 100) {
  if (state.refreshTimer) return;
  state.refreshTimer = setTimeout(async () => {
    state.refreshTimer = null;
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    state.refreshing = true;
    try {
      state.connections = (await call("connections")).connections;
      renderConnections();
    } catch (error) {
      showError(`Connections: ${error.message}`);
    } finally {
      state.refreshing = false;
      if (state.refreshAgain) {
        state.refreshAgain = false;
        scheduleConnectionsRefresh();
      }
    }
  }, delay);
}

function renderConnections() {
  const body = $("connection-table").tBodies[0];
  body.replaceChildren();
  $("connection-count").textContent = String(state.connections.length);
  const select = $("send-connection");
  const selected = select.value;
  select.replaceChildren();
  for (const c of state.connections) {
    const principal = c.principalId ? `${c.principalId}; ${keyValues(c.authorizerContext)}` : "-";
    body.append(el("tr", { dataset: { connectionId: c.connectionId, state: c.state } },
      el("th", { scope: "row", className: "mono" }, c.connectionId, c.state !== "open" ? ` (${c.state})` : ""),
      el("td", {}, `${c.apiId} / ${c.stage}`),
      el("td", {}, formatTime(c.connectedAt)),
      el("td", {}, formatTime(c.lastActiveAt)),
      el("td", {}, `${c.sourceIp} `, el("span", { className: "muted" }, c.userAgent || "")),
      el("td", {}, c.subprotocol || "-"),
      el("td", { className: "mono" }, principal),
      el("td", { className: "in" }, c.framesIn === null ? "-" : `${c.framesIn} / ${formatBytes(c.bytesIn)}`),
      el("td", { className: "out" }, c.framesOut === null ? "-" : `${c.framesOut} / ${formatBytes(c.bytesOut)}`),
      el("td", { className: "actions" },
        el("button", { type: "button", className: "secondary", dataset: { action: "select", connection: c.connectionId },
          "aria-label": `Send to ${c.connectionId}` }, "Send…"),
        el("button", { type: "button", className: "danger", dataset: { action: "disconnect", connection: c.connectionId },
          "aria-label": `Disconnect ${c.connectionId}` }, "Disconnect"))));
    if (c.state === "open") select.append(el("option", { value: c.connectionId }, `${c.connectionId} (${c.apiId}/${c.stage})`));
  }
  if (selected && state.connections.some((c) => c.connectionId === selected)) select.value = selected;
}

async function disconnect(connectionId) {
  try {
    await call(`connections/${encodeURIComponent(connectionId)}`, { method: "DELETE" });
    showError("");
  } catch (error) {
    showError(`Disconnect ${connectionId}: ${error.message}`);
  }
  scheduleConnectionsRefresh();
}

async function sendToConnection(event) {
  event.preventDefault();
  const connectionId = $("send-connection").value;
  if (!connectionId) return showError("Choose a connection first");
  try {
    await call(`connections/${encodeURIComponent(connectionId)}/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ data: $("send-data").value }),
    });
    showError("");
  } catch (error) {
    showError(`Send to ${connectionId}: ${error.message}`);
  }
}

// Timeline ------------------------------------------------------------------------------------------------

function filters() {
  return {
    api: $("filter-api").value,
    stage: $("filter-stage").value.trim(),
    connection: $("filter-connection").value.trim(),
    route: $("filter-route").value.trim(),
    type: $("filter-type").value,
    errors: $("filter-errors").checked,
  };
}

function matches(event, f) {
  return (!f.api || event.apiId === f.api)
    && (!f.stage || event.stage === f.stage)
    && (!f.connection || event.connectionId === f.connection)
    && (!f.route || event.routeKey === f.route)
    && (!f.type || event.type === f.type)
    && (!f.errors || event.error);
}

function eventRow(event) {
  const kind = ["POST", "GET", "DELETE"].includes(event.type) ? `@connections ${event.type}` : event.type;
  const payload = [];
  if (event.payloadIn) payload.push(`← ${previewText(event.payloadIn)}`);
  if (event.payloadOut) payload.push(`→ ${previewText(event.payloadOut)}`);
  if (event.error) payload.push(`${event.errorType}: ${event.errorMessage}`);
  const bytes = "bytesIn" in event || "bytesOut" in event ? `${formatBytes(event.bytesIn)} / ${formatBytes(event.bytesOut)}` : "";
  return el("tr", {
    className: event.error ? "error" : "",
    dataset: {
      seq: event.seq, type: event.type, connectionId: event.connectionId || "", route: event.routeKey || "",
      status: event.status === null || event.status === undefined ? "" : event.status,
    },
  },
  el("td", { className: "mono" }, event.seq),
  el("td", {}, formatTime(event.time)),
  el("td", { className: "type" }, kind, event.via === "inspector" ? el("span", { className: "tag" }, "inspector") : null),
  el("td", {}, `${event.apiId || "?"} / ${event.stage || "?"}`),
  el("td", { className: "mono" }, event.connectionId || "-"),
  el("td", { className: "mono route" }, event.routeKey || "-"),
  el("td", {}, event.integrationType || "-", event.integrationStatus ? ` ${event.integrationStatus}` : ""),
  el("td", { className: "status" }, event.status ?? "-"),
  el("td", { className: "latency" }, `${Number(event.latencyMs || 0).toFixed(1)} ms`),
  el("td", {}, bytes),
  el("td", {}, event.closeCode !== undefined && event.closeCode !== null ? `${event.closeCode} ${event.closeReason || ""}` : ""),
  el("td", { className: "payload mono" }, payload.join("\n")));
}

function renderTimeline() {
  const body = $("timeline-table").tBodies[0];
  const f = filters();
  const rows = [];
  for (let i = state.events.length - 1; i >= 0 && rows.length < MAX_ROWS; i--) {
    if (matches(state.events[i], f)) rows.push(eventRow(state.events[i]));
  }
  body.replaceChildren(...rows);
  $("event-count").textContent = String(state.events.length);
}

function addEvents(events) {
  if (!events.length) return;
  state.events.push(...events);
  if (state.events.length > state.size) state.events.splice(0, state.events.length - state.size);
  let connectionsChanged = false;
  for (const event of events) {
    state.lastSeq = Math.max(state.lastSeq, event.seq);
    if (event.type !== "GET") connectionsChanged = true;
    if (event.type === "CONNECT" && event.apiId && !state.apis.some((a) => a.apiId === event.apiId)) loadApis();
  }
  if (connectionsChanged) scheduleConnectionsRefresh();
  if ($("pause").checked) {
    $("event-count").textContent = String(state.events.length);
    return;
  }
  const body = $("timeline-table").tBodies[0];
  const f = filters();
  for (const event of events) {
    if (matches(event, f)) body.prepend(eventRow(event));
  }
  while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
  $("event-count").textContent = String(state.events.length);
}

function setStreamStatus(text, streamState) {
  const status = $("stream-status");
  status.textContent = text;
  status.dataset.state = streamState;
}

function followStream() {
  const source = new EventSource(`api/stream?after=${state.lastSeq}`);
  state.source = source;
  source.onopen = () => setStreamStatus("Live", "live");
  source.onmessage = (message) => addEvents([JSON.parse(message.data)]);
  source.addEventListener("gap", (message) => {
    const lost = JSON.parse(message.data).lost;
    setStreamStatus(`Live (${lost} events were dropped by the server's ring buffer)`, "live");
  });
  source.onerror = () => setStreamStatus("Reconnecting to the live stream…", "error");
}

// Test client ---------------------------------------------------------------------------------------------

function logFrame(direction, text) {
  const log = $("client-log");
  const prefix = { out: "→ ", in: "← ", info: "", error: "" }[direction];
  log.append(el("li", { dataset: { direction } }, prefix + text));
  while (log.children.length > 200) log.firstElementChild.remove();
  log.scrollTop = log.scrollHeight;
}

function setClientState(text, open) {
  const output = $("client-state");
  output.textContent = text;
  output.dataset.state = open ? "open" : text;
  $("client-send").disabled = !open;
  $("client-close").disabled = !state.client;
  $("client-connect").disabled = Boolean(state.client);
}

function connectClient(event) {
  event.preventDefault();
  const path = $("client-stage").value;
  if (!path) return showError("There is no stage to connect to");
  const query = $("client-query").value.trim().replace(/^\?/, "");
  const url = new URL(path + (query ? `?${query}` : ""), location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const cookie = $("client-cookie").value.trim();
  if (cookie) document.cookie = `${cookie}; path=${path}; max-age=3600; samesite=strict`;
  const protocols = $("client-subprotocol").value.split(",").map((p) => p.trim()).filter(Boolean);
  let socket;
  try {
    socket = protocols.length ? new WebSocket(url, protocols) : new WebSocket(url);
  } catch (error) {
    logFrame("error", `cannot connect: ${error.message}`);
    return;
  }
  socket.binaryType = "arraybuffer";
  state.client = socket;
  setClientState("connecting", false);
  logFrame("info", `connecting to ${url}`);
  socket.onopen = () => {
    setClientState("open", true);
    logFrame("info", `open${socket.protocol ? ` (subprotocol ${socket.protocol})` : ""}`);
  };
  socket.onmessage = (message) => {
    const text = typeof message.data === "string"
      ? message.data
      : `binary ${message.data.byteLength} B`;
    logFrame("in", text);
  };
  socket.onclose = (close) => {
    const refused = close.code === 1006 && socket.protocol === "" && !close.wasClean;
    logFrame(close.wasClean ? "info" : "error",
      `closed ${close.code}${close.reason ? ` ${close.reason}` : ""}` +
      (refused ? " (a refused handshake looks like this: its status is in the timeline's CONNECT event)" : ""));
    if (state.client === socket) state.client = null;
    setClientState("closed", false);
  };
}

function sendClientFrame(event) {
  event.preventDefault();
  if (!state.client || state.client.readyState !== WebSocket.OPEN) return;
  const text = $("client-frame").value;
  state.client.send(text);
  logFrame("out", text);
}

// Start ---------------------------------------------------------------------------------------------------

async function start() {
  $("not-started").hidden = true;
  $("reload-apis").addEventListener("click", loadApis);
  $("send-form").addEventListener("submit", sendToConnection);
  $("client-form").addEventListener("submit", connectClient);
  $("client-close").addEventListener("click", () => state.client && state.client.close(1000, "closed from the page"));
  $("client-send-form").addEventListener("submit", sendClientFrame);
  $("clear-timeline").addEventListener("click", () => { state.events = []; renderTimeline(); });
  for (const id of ["filter-api", "filter-type", "filter-errors", "pause"]) $(id).addEventListener("change", renderTimeline);
  for (const id of ["filter-stage", "filter-connection", "filter-route"]) $(id).addEventListener("input", renderTimeline);
  $("connection-table").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const connectionId = button.dataset.connection;
    if (button.dataset.action === "disconnect") disconnect(connectionId);
    else {
      $("send-connection").value = connectionId;
      $("send-data").focus();
    }
  });
  try {
    const status = await call("status");
    state.size = status.events.size;
    const history = await call("events");
    state.events = history.events;
    state.lastSeq = history.lastSeq;
  } catch (error) {
    showError(`The inspector's API does not answer: ${error.message}`);
  }
  renderTimeline();
  await loadApis();
  scheduleConnectionsRefresh(0);
  followStream();
}

document.addEventListener("DOMContentLoaded", start);
