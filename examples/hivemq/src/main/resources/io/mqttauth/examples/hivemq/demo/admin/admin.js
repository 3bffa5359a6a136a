// The admin page: reads the JSON API every 5 seconds and renders it. Every value from a client (client id, user
// name) is set as text, never as HTML.
"use strict";

let clients = [];
let newestFirst = true;

function cell(row, text, className) {
  const td = document.createElement("td");
  if (className) {
    td.className = className;
  }
  td.textContent = text === null || text === undefined ? "" : String(text);
  row.appendChild(td);
  return td;
}

function local(iso) {
  return new Date(iso).toLocaleString();
}

function renderClients() {
  const filter = document.getElementById("reason-filter");
  const chosen = filter.value;
  const reasons = [...new Set(clients.map(c => c.reason))].sort();
  if (chosen && !reasons.includes(chosen)) {
    reasons.push(chosen);
  }
  // Rebuilt only when the reasons change, so that a refresh does not close a list the user has open.
  if (Array.from(filter.options).map(o => o.value).join("\n") !== ["", ...reasons].join("\n")) {
    const options = [["", "All reasons"], ...reasons.map(r => [r, r])];
    filter.replaceChildren(...options.map(([value, label]) => {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = label;
      return o;
    }));
    filter.value = chosen;
  }

  const shown = clients.filter(c => !chosen || c.reason === chosen)
    .sort((a, b) => (newestFirst ? -1 : 1) * (Date.parse(a.lastSeen) - Date.parse(b.lastSeen)));
  const body = document.querySelector("#clients tbody");
  body.replaceChildren(...shown.map(c => {
    const tr = document.createElement("tr");
    tr.dataset.reason = c.reason;
    cell(tr, local(c.lastSeen), "last-seen");
    cell(tr, c.clientId, "client-id");
    cell(tr, c.username, "username");
    cell(tr, c.address, "address");
    const reason = cell(tr, "", "reason");
    const code = document.createElement("code");
    code.textContent = c.reason;
    const description = document.createElement("span");
    description.className = "description";
    description.textContent = c.description;
    reason.append(code, description);
    reason.title = c.detail;
    cell(tr, c.remedy, "remedy");
    cell(tr, c.attempts, "attempts");
    cell(tr, local(c.firstSeen), "first-seen");
    return tr;
  }));
  document.getElementById("client-count").textContent = shown.length + " of " + clients.length + " shown";
  document.getElementById("no-clients").hidden = clients.length > 0;
  document.getElementById("sort-arrow").textContent = newestFirst ? "▼" : "▲";
}

function renderDecisions(decisions) {
  const body = document.querySelector("#decisions tbody");
  body.replaceChildren(...decisions.map(d => {
    const tr = document.createElement("tr");
    tr.dataset.reason = d.reason;
    cell(tr, d.kind, "kind");
    cell(tr, d.reason === "none" ? "allowed" : d.reason, "reason");
    cell(tr, d.count, "count");
    cell(tr, d.remedy, "remedy");
    return tr;
  }));
}

function renderProblems(problems) {
  const list = document.getElementById("problems");
  if (problems.length === 0) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = "None: every file is in force.";
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...problems.map(p => {
    const li = document.createElement("li");
    const where = p.file ? p.file + (p.line > 0 ? ":" + p.line : "") : p.key;
    li.textContent = where + ": " + p.message + (p.fix ? "; fix: " + p.fix : "");
    return li;
  }));
}

async function getJson(path) {
  // Resolved against the origin, which never holds user info: a page opened as http://user:token@host/ (the token as
  // a Basic password) may not fetch URLs with credentials; the browser sends its cached credentials by itself.
  const response = await fetch(new URL(path, location.origin + location.pathname), { cache: "no-store" });
  if (!response.ok) {
    throw new Error(path + ": HTTP " + response.status);
  }
  return response.json();
}

async function refresh() {
  try {
    const [list, decisions, problems] = await Promise.all([
      getJson("api/unauthorized-clients"), getJson("api/decisions"), getJson("api/problems")]);
    clients = list;
    renderClients();
    renderDecisions(decisions);
    renderProblems(problems);
    document.getElementById("updated").textContent = "Updated " + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById("updated").textContent = "Update failed: " + e.message;
  }
}

document.getElementById("reason-filter").addEventListener("change", renderClients);
document.getElementById("sort-last-seen").addEventListener("click", () => {
  newestFirst = !newestFirst;
  renderClients();
});
refresh();
setInterval(refresh, 5000);
