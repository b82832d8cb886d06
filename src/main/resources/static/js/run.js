// The run page: renders the tail of the log, follows new lines over Server-Sent Events, loads earlier ranges on
// demand, searches, jumps to the first failure. Never holds more than MAX_DOM lines in the page.
import { AnsiUp } from '/vendor/ansi_up/ansi_up.js';

const MAX_DOM = 5000;
const PAGE = 1000;

const root = document.getElementById('run');
const runId = root.dataset.runId;
const multiHost = root.dataset.multiHost === 'true';
const api = `/api/v1/runs/${runId}`;
const linesEl = document.getElementById('log-lines');
const panel = document.getElementById('log');
const empty = document.getElementById('log-empty');
const earlier = document.getElementById('load-earlier');
const follow = document.getElementById('follow');
const statusEl = document.getElementById('run-status');
const countEl = document.getElementById('line-count');
const csrfToken = document.querySelector('meta[name="_csrf"]')?.content;
const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content;

let first = 0;      // seq of the first line in the page
let last = 0;       // seq of the last line in the page
let lastSeq = 0;    // highest seq known to exist
let live = null;    // EventSource
let ansi = new AnsiUp();
let firstFailure = Number(root.dataset.firstFailure) || 0;

function visible(text) {
  // A line redrawn with carriage returns shows what a terminal would: the last non-empty segment.
  if (text.indexOf('\r') < 0) return text;
  const parts = text.split('\r').filter((p) => p.length > 0);
  return parts.length ? parts[parts.length - 1] : '';
}

function render(line, converter = ansi) {
  const row = document.createElement('div');
  row.className = `log-line ${line.stream}${line.wrapped ? ' wrapped' : ''}`;
  row.dataset.seq = line.seq;
  const ln = document.createElement('span');
  ln.className = 'ln';
  ln.textContent = line.seq;
  row.appendChild(ln);
  if (multiHost && line.host) {
    const host = document.createElement('span');
    host.className = 'host';
    host.textContent = line.host;
    row.appendChild(host);
  }
  const txt = document.createElement('span');
  txt.className = 'txt';
  txt.innerHTML = converter.ansi_to_html(visible(line.text));   // ansi_up escapes HTML
  row.appendChild(txt);
  return row;
}

function updateCount() {
  countEl.textContent = lastSeq ? `${lastSeq} lines` : '';
  empty.classList.toggle('d-none', linesEl.childElementCount > 0);
  earlier.classList.toggle('d-none', first <= 1);
}

function append(lines) {
  const atBottom = panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 40;
  const fragment = document.createDocumentFragment();
  for (const line of lines) {
    if (last && line.seq <= last) continue;
    if (!first) first = line.seq;
    fragment.appendChild(render(line));
    last = line.seq;
    lastSeq = Math.max(lastSeq, line.seq);
  }
  linesEl.appendChild(fragment);
  while (linesEl.childElementCount > MAX_DOM) {
    linesEl.removeChild(linesEl.firstElementChild);
    first = Number(linesEl.firstElementChild.dataset.seq);
  }
  updateCount();
  if (follow.checked && atBottom) panel.scrollTop = panel.scrollHeight;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

function setStatus(status) {
  statusEl.textContent = status;
  statusEl.className = `badge badge-status fs-6 status-${status}`;
  root.dataset.status = status;
}

async function loadTail() {
  stopLive();
  linesEl.replaceChildren();
  first = 0; last = 0; ansi = new AnsiUp();
  const page = await getJson(`${api}/lines?limit=${PAGE}`);
  lastSeq = page.lastSeq;
  append(page.lines);
  panel.scrollTop = panel.scrollHeight;
  startLive();
}

async function loadEarlier() {
  if (first <= 1) return;
  const page = await getJson(`${api}/lines?before=${first}&limit=${PAGE}`);
  if (!page.lines.length) { first = 1; updateCount(); return; }
  const height = panel.scrollHeight;
  const converter = new AnsiUp();
  const fragment = document.createDocumentFragment();
  page.lines.forEach((line) => fragment.appendChild(render(line, converter)));
  linesEl.insertBefore(fragment, linesEl.firstChild);
  first = page.lines[0].seq;
  panel.scrollTop += panel.scrollHeight - height;
  updateCount();
}

async function jumpTo(seq) {
  follow.checked = false;
  stopLive();
  linesEl.replaceChildren();
  first = 0; last = 0; ansi = new AnsiUp();
  const from = Math.max(0, seq - 200);
  const page = await getJson(`${api}/lines?after=${from}&limit=400`);
  lastSeq = Math.max(lastSeq, page.lastSeq);
  append(page.lines);
  const target = linesEl.querySelector(`[data-seq="${seq}"]`);
  if (target) {
    target.classList.add('highlight');
    target.scrollIntoView({ block: 'center' });
  }
}

function startLive() {
  if (live || root.dataset.ended === 'true') return;
  live = new EventSource(`${api}/events?after=${last}`);
  live.addEventListener('line', (event) => {
    const line = JSON.parse(event.data);
    lastSeq = Math.max(lastSeq, line.seq);
    if (follow.checked && line.seq === last + 1) append([line]);
    else updateCount();
  });
  live.addEventListener('status', (event) => setStatus(JSON.parse(event.data).status));
  live.addEventListener('end', (event) => {
    const end = JSON.parse(event.data);
    setStatus(end.status);
    root.dataset.ended = 'true';
    stopLive();
    refreshSummary();
  });
}

function stopLive() {
  if (live) { live.close(); live = null; }
}

async function refreshSummary() {
  const run = await getJson(api);
  setStatus(run.status);
  document.getElementById('run-exit').textContent = run.exitCode ?? '–';
  document.getElementById('run-duration').textContent = run.durationSeconds;
  const message = document.getElementById('run-message');
  message.textContent = run.message ?? '';
  message.classList.toggle('d-none', !run.message);
  firstFailure = run.firstFailureSeq || 0;
  document.getElementById('cancel-form')?.remove();
  const body = document.getElementById('hosts-body');
  if (run.hosts.length) {
    body.replaceChildren(...run.hosts.map((h) => {
      const tr = document.createElement('tr');
      const cells = [h.host, h.status, h.exitCode ?? '', h.ok, h.changed, h.failed, h.unreachable, h.skipped, h.message ?? ''];
      cells.forEach((value, i) => {
        const td = document.createElement('td');
        if (i === 1) {
          const badge = document.createElement('span');
          badge.className = `badge badge-status status-${value}`;
          badge.textContent = value;
          td.appendChild(badge);
        } else {
          td.textContent = value;
        }
        tr.appendChild(td);
      });
      return tr;
    }));
  }
}

document.getElementById('search-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = document.getElementById('search-input').value.trim();
  const results = document.getElementById('search-results');
  if (!q) { results.classList.add('d-none'); return; }
  const found = await getJson(`${api}/search?q=${encodeURIComponent(q)}&limit=200`);
  results.replaceChildren();
  if (!found.matches.length) {
    const none = document.createElement('div');
    none.className = 'list-group-item small text-muted';
    none.textContent = 'No matches.';
    results.appendChild(none);
  }
  for (const match of found.matches) {
    const item = document.createElement('button');
    item.type = 'button';
    item.className = 'list-group-item list-group-item-action mono small text-truncate';
    item.textContent = `${match.seq}: ${visible(match.text).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')}`;
    item.addEventListener('click', () => jumpTo(match.seq));
    results.appendChild(item);
  }
  results.classList.remove('d-none');
});

document.getElementById('jump-failure').addEventListener('click', async () => {
  if (!firstFailure) {
    const run = await getJson(api);
    firstFailure = run.firstFailureSeq || 0;
  }
  if (firstFailure) jumpTo(firstFailure);
  else countEl.textContent = 'No failure so far.';
});

follow.addEventListener('change', () => { if (follow.checked) loadTail(); });
earlier.querySelector('button').addEventListener('click', loadEarlier);
panel.addEventListener('scroll', () => { if (panel.scrollTop === 0 && first > 1) loadEarlier(); });

const cancelForm = document.getElementById('cancel-form');
if (cancelForm) {
  cancelForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const headers = {};
    if (csrfHeader && csrfToken) headers[csrfHeader] = csrfToken;
    await fetch(`${api}/cancel`, { method: 'POST', headers, credentials: 'same-origin' });
  });
}

loadTail().catch((error) => { empty.textContent = `Could not load the output: ${error.message}`; });
