// The run page: renders the tail of the log, follows new lines over Server-Sent Events, loads earlier ranges on
// demand, searches, jumps to the first failure. Never holds more than MAX_DOM lines in the page.
// URLs come from the page (data-api) or are relative to this file, so a servlet context path works.
import { AnsiUp } from '../vendor/ansi_up/ansi_up.js';

const MAX_DOM = 5000;
const PAGE = 1000;

const root = document.getElementById('run');
const runId = root.dataset.runId;
const multiHost = root.dataset.multiHost === 'true';
const ansibleRun = root.dataset.kind === 'ansible';
const api = root.dataset.api || `/api/v1/runs/${runId}`;
const linesEl = document.getElementById('log-lines');
const panel = document.getElementById('log');
const empty = document.getElementById('log-empty');
const earlier = document.getElementById('load-earlier');
const follow = document.getElementById('follow');
const followSwitch = document.getElementById('follow-switch'); // the run page's and the drill page's
const statusEl = document.getElementById('run-status');
const countEl = document.getElementById('line-count');
const csrfToken = document.querySelector('meta[name="_csrf"]')?.content;
const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content;

let first = 0;      // seq of the first line in the page
let last = 0;       // seq of the last line in the page
let lastSeq = 0;    // highest seq known to exist
let live = null;    // EventSource
let loadingEarlier = false;
let ansi = new AnsiUp();
let firstFailure = Number(root.dataset.firstFailure) || 0;
let durationBase = Number(root.dataset.duration) || 0;   // seconds, from the server
let durationSince = performance.now();                   // when durationBase was read
let ticking = null;  // timer that advances the duration while the run is running

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
  if (status === 'RUNNING' && root.dataset.status === 'QUEUED') { durationBase = 0; durationSince = performance.now(); }
  statusEl.textContent = status;
  statusEl.className = `badge badge-status fs-6 flex-shrink-0 status-${status}`;
  root.dataset.status = status;
  tick();
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
  // Scroll events fire in bursts: one request at a time, or the same range would be inserted twice.
  if (first <= 1 || loadingEarlier) return;
  loadingEarlier = true;
  try {
    const page = await getJson(`${api}/lines?before=${first}&limit=${PAGE}`);
    if (!page.lines.length) { first = 1; updateCount(); return; }
    const height = panel.scrollHeight;
    const converter = new AnsiUp();
    const fragment = document.createDocumentFragment();
    page.lines.forEach((line) => fragment.appendChild(render(line, converter)));
    linesEl.insertBefore(fragment, linesEl.firstChild);
    first = page.lines[0].seq;
    // Keep at most MAX_DOM lines: drop the newest ones; following resumes with a fresh tail.
    if (linesEl.childElementCount > MAX_DOM) {
      while (linesEl.childElementCount > MAX_DOM) linesEl.removeChild(linesEl.lastElementChild);
      last = Number(linesEl.lastElementChild.dataset.seq);
      follow.checked = false;
    }
    panel.scrollTop += panel.scrollHeight - height;
    updateCount();
  } finally {
    loadingEarlier = false;
  }
}

async function jumpTo(seq) {
  // The event stream stays open so the badge still flips; with "Follow live" off it appends nothing.
  follow.checked = false;
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
  // Following: continue after the last line shown; otherwise after the last line known (they are not shown anyway).
  const stream = new EventSource(`${api}/events?after=${follow.checked ? last : lastSeq}`);
  live = stream;
  stream.addEventListener('line', (event) => {
    const line = JSON.parse(event.data);
    lastSeq = Math.max(lastSeq, line.seq);
    if (follow.checked && line.seq === last + 1) append([line]);
    else updateCount();
  });
  stream.addEventListener('status', (event) => setStatus(JSON.parse(event.data).status));
  stream.addEventListener('end', (event) => {
    const end = JSON.parse(event.data);
    if (end.reason === 'access-ended') {
      // the run goes on; this stream's credential may no longer see it (signed out, disabled, role lost)
      stopLive();
      showError(new Error(end.message));
      return;
    }
    setStatus(end.status);
    root.dataset.ended = 'true';
    // nothing more will come: following an ended run means nothing
    followSwitch?.classList.add('d-none');
    stopLive();
    refreshSummary().catch(showError);
  });
  stream.addEventListener('error', () => {
    // A dropped connection is retried by the browser (with Last-Event-ID); an error answer (signed out, server
    // gone) closes the stream for good: say so rather than show a frozen page.
    if (live !== stream || stream.readyState !== EventSource.CLOSED) return;
    live = null;
    showError(new Error('live updates stopped; reload the page'));
  });
}

function stopLive() {
  if (live) { live.close(); live = null; }
}

function showError(error) {
  const message = document.getElementById('run-message');
  message.textContent = `Could not reach Opsdeck: ${error.message}.`;
  message.classList.remove('d-none');
}

function tick() {
  const running = root.dataset.status === 'RUNNING' && root.dataset.ended !== 'true';
  if (running && !ticking) {
    ticking = setInterval(() => {
      const seconds = durationBase + Math.floor((performance.now() - durationSince) / 1000);
      document.getElementById('run-duration').textContent = seconds;
    }, 1000);
  } else if (!running && ticking) {
    clearInterval(ticking);
    ticking = null;
  }
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
      const cells = ansibleRun
        ? [h.host, h.status, h.ok, h.changed, h.failed, h.unreachable, h.skipped, h.message ?? '']
        : [h.host, h.status, h.exitCode ?? '–', h.message ?? ''];
      cells.forEach((value, i) => {
        const td = document.createElement('td');
        if (i === 1) {
          const badge = document.createElement('span');
          badge.className = `badge badge-status status-${value}`;
          badge.textContent = value;
          td.appendChild(badge);
        } else {
          td.textContent = value;
          if (i === cells.length - 1) td.className = 'small';
          else if (i === 2 && !ansibleRun) td.className = 'mono';
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
  let found;
  try {
    found = await getJson(`${api}/search?q=${encodeURIComponent(q)}&limit=200`);
  } catch (error) {
    showError(error);
    return;
  }
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
    item.addEventListener('click', () => jumpTo(match.seq).catch(showError));
    results.appendChild(item);
  }
  results.classList.remove('d-none');
});

document.getElementById('jump-failure').addEventListener('click', async () => {
  try {
    if (!firstFailure) {
      const run = await getJson(api);
      firstFailure = run.firstFailureSeq || 0;
    }
    if (firstFailure) await jumpTo(firstFailure);
    else countEl.textContent = 'No failure so far.';
  } catch (error) {
    showError(error);
  }
});

follow.addEventListener('change', () => { if (follow.checked) loadTail().catch(showError); });
earlier.querySelector('button').addEventListener('click', () => loadEarlier().catch(showError));
panel.addEventListener('scroll', () => { if (panel.scrollTop === 0 && first > 1) loadEarlier().catch(showError); });

const cancelForm = document.getElementById('cancel-form');
if (cancelForm) {
  cancelForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = cancelForm.querySelector('button');
    button.disabled = true;
    button.textContent = 'Cancelling…';
    const headers = { Accept: 'application/json' };
    if (csrfHeader && csrfToken) headers[csrfHeader] = csrfToken;
    try {
      const response = await fetch(`${api}/cancel`, { method: 'POST', headers, credentials: 'same-origin' });
      // 409: it ended meanwhile; the event stream brings the final status.
      if (!response.ok && response.status !== 409) throw new Error(`${response.status} ${api}/cancel`);
    } catch (error) {
      button.disabled = false;
      button.textContent = 'Cancel';
      showError(error);
    }
  });
}

tick();
loadTail().catch((error) => { empty.textContent = `Could not load the output: ${error.message}`; });
