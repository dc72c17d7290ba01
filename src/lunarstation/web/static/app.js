// lunarstation dashboard: plain JavaScript over the /api routes; the key stays in
// sessionStorage (gone when the tab closes). Every value from the server is put in the
// page as text (textContent), never as HTML.
"use strict";

const KEY = "lunarstation.key";
const main = document.getElementById("main");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "onclick" || name === "onsubmit" || name === "onchange") node[name] = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: "Bearer " + sessionStorage.getItem(KEY) }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : String(response.status);
    const lines = body && body.errors && body.errors.length ? "\n" + body.errors.join("\n") : "";
    const error = new Error(detail + lines);
    error.status = response.status;
    throw error;
  }
  return { body, headers: response.headers };
}

function show(...nodes) { main.replaceChildren(...nodes); }
function problem(error) { return el("p", { class: "error", role: "alert" }, error.message); }

// --- sign in ---------------------------------------------------------------------------
function signInPage(message) {
  const input = el("input", { type: "password", id: "key", placeholder: "ls_…", size: "50", autocomplete: "off" });
  const form = el("form", { id: "signin" }, el("label", { for: "key" }, "Your API key"), input, " ",
    el("button", { type: "submit" }, "Sign in"));
  form.onsubmit = async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, input.value.trim());
    try { await api("/api/me"); route(); } catch (error) { sessionStorage.removeItem(KEY); signInPage(error.message); }
  };
  show(el("h2", {}, "Sign in"), el("p", {}, "Paste the key your partner admin gave you (lunarstation admin key create)."),
    form, message ? el("p", { class: "error" }, message) : "");
}

async function whoAmI() {
  const { body } = await api("/api/me");
  const out = el("button", { class: "secondary", id: "signout" }, "Sign out");
  out.onclick = () => { sessionStorage.removeItem(KEY); location.hash = "#/"; route(); };
  document.getElementById("who").replaceChildren(`${body.member} · ${body.partner} · ${body.role} `, out);
}

// --- scenarios -------------------------------------------------------------------------
async function scenariosPage() {
  const { body } = await api("/api/scenarios?limit=500");
  const rows = body.items.map((s) => el("tr", {},
    el("td", {}, el("a", { href: `#/scenario/${s.id}` }, s.name)), el("td", {}, s.owner),
    el("td", {}, s.visibility), el("td", {}, s.latest_version), el("td", {}, s.updated_at)));
  const table = el("table", { id: "scenarios" }, el("thead", {}, el("tr", {}, ...["name", "owner", "visibility", "versions", "updated"].map((h) => el("th", {}, h)))), el("tbody", {}, ...rows));
  const { body: runs } = await api("/api/runs?limit=20");
  const runRows = runs.items.map((r) => el("tr", {}, el("td", {}, el("a", { href: `#/run/${r.id}` }, r.id)),
    el("td", {}, r.scenario_id + " v" + r.version), el("td", { class: "status-" + r.status }, r.status), el("td", {}, r.created_at)));
  show(el("h2", {}, `Scenarios you may see (${body.count})`), table, uploadForm(),
    el("h2", {}, "Recent runs"), el("table", { id: "runs" }, el("tbody", {}, ...runRows)));
}

function uploadForm() {
  const name = el("input", { id: "scenario-name", required: "required", maxlength: "200" });
  const visibility = el("select", { id: "scenario-visibility" }, el("option", { value: "private" }, "private"), el("option", { value: "shared" }, "shared"));
  const files = el("input", { id: "scenario-files", type: "file", multiple: "multiple", accept: ".yaml,.yml,.json", required: "required" });
  const status = el("div", { id: "upload-status", "aria-live": "polite" });
  const form = el("form", { id: "upload" }, el("label", { for: "scenario-name" }, "Name"), name,
    el("label", { for: "scenario-visibility" }, "Visibility"), visibility,
    el("label", { for: "scenario-files" }, "Files (base first, then overlays)"), files, el("p", {}, el("button", { type: "submit" }, "Upload")), status);
  form.onsubmit = async (event) => {
    event.preventDefault();
    const payload = { name: name.value, visibility: visibility.value, files: [] };
    for (const file of files.files) payload.files.push({ name: file.name, content: await file.text() });
    try {
      const { body } = await api("/api/scenarios", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
      location.hash = `#/scenario/${body.id}`;
    } catch (error) { status.replaceChildren(problem(error)); }
  };
  return el("section", {}, el("h2", {}, "Upload a scenario"), form);
}

async function scenarioPage(id) {
  const { body: s } = await api(`/api/scenarios/${id}`);
  const { body: versions } = await api(`/api/scenarios/${id}/versions?limit=500`);
  const rows = versions.items.map((v) => el("tr", {}, el("td", {}, "v" + v.version), el("td", {}, v.author),
    el("td", {}, v.message), el("td", {}, v.created_at), el("td", {}, v.derived_from ?? "")));
  const numbers = versions.items.map((v) => v.version);
  const pick = (id_, chosen) => el("select", { id: id_ }, ...numbers.map((n) => { const o = el("option", { value: n }, "v" + n); if (n === chosen) o.selected = true; return o; }));
  const from = pick("diff-from", Math.max(1, s.latest_version - 1)), to = pick("diff-to", s.latest_version);
  const diffOut = el("div", { id: "diff" });
  const diffButton = el("button", { class: "secondary" }, "Show diff");
  diffButton.onclick = async () => {
    try {
      const { body } = await api(`/api/scenarios/${id}/diff?from=${from.value}&to=${to.value}`);
      diffOut.replaceChildren(...body.files.map((f) => el("div", {}, el("h3", {}, `${f.name} (${f.change})`), el("pre", {}, f.diff || "no change"))));
    } catch (error) { diffOut.replaceChildren(problem(error)); }
  };
  const runVersion = pick("run-version", s.latest_version);
  const runStatus = el("div", { id: "run-status" });
  const runButton = el("button", { id: "start-run" }, "Start a run");
  runButton.onclick = async () => {
    try {
      const { body } = await api("/api/runs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ scenario_id: s.id, version: Number(runVersion.value) }) });
      location.hash = `#/run/${body.id}`;
    } catch (error) { runStatus.replaceChildren(problem(error)); }
  };
  show(el("h2", {}, s.name), el("p", {}, `owner ${s.owner} · ${s.visibility} · ETag "${s.etag}"`),
    el("table", { id: "versions" }, el("thead", {}, el("tr", {}, ...["version", "author", "message", "time", "derived from"].map((h) => el("th", {}, h)))), el("tbody", {}, ...rows)),
    el("div", { class: "row" }, el("span", {}, "Diff "), from, el("span", {}, "→"), to, diffButton), diffOut,
    el("div", { class: "row" }, el("span", {}, "Run version "), runVersion, runButton), runStatus);
}

// --- runs ------------------------------------------------------------------------------
const SECTION_TITLES = { programme: "Programme", logistics: "Logistics", interop: "Compatibility matrix (interop)", ledger: "Ledger", science: "Science", orbits: "Orbits", findings: "Findings" };

async function runPage(id) {
  const { body: run } = await api(`/api/runs/${id}`);
  const header = [el("h2", {}, `Run ${run.id}`), el("p", { id: "status" }, "status: ", el("span", { class: "status-" + run.status, id: "run-state" }, run.status), run.reason ? " — " + run.reason : "",
    ` · scenario `, el("a", { href: `#/scenario/${run.scenario_id}` }, `${run.scenario_id} v${run.version}`))];
  if (run.status === "queued" || run.status === "running") {
    show(...header, el("p", {}, "Watching… this page refreshes every second."));
    setTimeout(() => { if (location.hash === `#/run/${id}`) runPage(id); }, 1000);
    return;
  }
  if (run.status !== "done") { show(...header); return; }
  const summary = run.summary || {};
  const compare = el("input", { id: "compare-with", placeholder: "another run id", size: "14" });
  const go = el("button", { class: "secondary" }, "Compare");
  go.onclick = () => { location.hash = `#/compare/${id}/${compare.value.trim()}`; };
  const { body: findings } = await api(`/api/runs/${id}/findings`);
  const figuresBox = el("div", { id: "figures" });
  show(...header, el("p", {}, `verdict: ${summary.verdict} · `, el("a", { href: `/api/runs/${id}/report`, id: "report-link" }, "HTML report")),
    el("ul", {}, ...(summary.highlights || []).map((h) => el("li", {}, h))),
    el("div", { class: "row" }, compare, go), figuresBox, el("h2", {}, `Findings (${findings.length})`), findingsTable(findings));
  const { body: figures } = await api(`/api/runs/${id}/figures`);
  let section = null;
  for (const spec of figures) {
    if (spec.section !== section) { section = spec.section; figuresBox.append(el("h2", {}, SECTION_TITLES[section] || section.replace("site:", "Site "))); }
    const plot = el("div", { class: "plot", id: "plot-" + spec.id });
    figuresBox.append(el("div", { class: "figure", id: spec.id }, el("h3", {}, spec.title), el("p", {}, spec.caption), spec.reduction ? el("p", {}, el("em", {}, spec.reduction)) : "", plot));
    const layout = Object.assign({}, spec.plotly.layout || {}, { autosize: true });
    Plotly.newPlot(plot, spec.plotly.data || [], layout, { responsive: true, displaylogo: false });
  }
}

function findingsTable(findings) {
  return el("table", { id: "findings" }, el("thead", {}, el("tr", {}, ...["severity", "engine", "code", "subject", "time", "message"].map((h) => el("th", {}, h)))),
    el("tbody", {}, ...findings.map((f) => el("tr", {}, el("td", { class: "sev-" + f.severity }, f.severity), el("td", {}, f.engine || ""), el("td", {}, f.code), el("td", {}, f.subject), el("td", {}, f.time || ""), el("td", {}, f.message)))));
}

async function comparePage(left, right) {
  const runs = await Promise.all([left, right].map((id) => api(`/api/runs/${id}`).then((r) => r.body)));
  const column = (run) => {
    const s = run.summary || {};
    const counts = s.findings_by_severity || {};
    return el("section", {}, el("h2", {}, el("a", { href: `#/run/${run.id}` }, `Run ${run.id}`)), el("p", {}, `scenario ${run.scenario_id} v${run.version} · ${run.status}`),
      el("p", {}, `verdict: ${s.verdict ?? "—"}`), el("table", {}, el("tbody", {}, ...Object.entries(counts).map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))))),
      el("ul", {}, ...(s.highlights || []).map((h) => el("li", {}, h))));
  };
  show(el("h2", {}, "Compare two runs"), el("div", { class: "columns", id: "compare" }, ...runs.map(column)));
}

// --- routing ---------------------------------------------------------------------------
async function route() {
  if (!sessionStorage.getItem(KEY)) { document.getElementById("who").replaceChildren(); signInPage(); return; }
  try {
    await whoAmI();
    const parts = location.hash.replace(/^#\/?/, "").split("/");
    if (parts[0] === "scenario" && parts[1]) await scenarioPage(parts[1]);
    else if (parts[0] === "run" && parts[1]) await runPage(parts[1]);
    else if (parts[0] === "compare" && parts[2]) await comparePage(parts[1], parts[2]);
    else await scenariosPage();
  } catch (error) {
    if (error.status === 401) { sessionStorage.removeItem(KEY); signInPage(error.message); return; }
    show(el("p", { class: "error", id: "not-found", role: "alert" }, error.message), el("p", {}, el("a", { href: "#/" }, "Back to the scenarios")));
  }
}

window.addEventListener("hashchange", route);
route();
