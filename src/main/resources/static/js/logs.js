// The logs page of a server: reads GET /api/v1/servers/{id}/logs with fetch() and shows the lines; with Follow the
// response stays open and new entries are appended as they arrive. Stop (or leaving the page) aborts the request;
// the server then stops journalctl on the server. Empty lines are the server's keep-alive and are skipped.
// Export links are the same API URL with format=text|json and download=true.
const MAX_DOM = 5000;

const root = document.getElementById('logs');
const api = root.dataset.api;
const form = document.getElementById('log-query');
const panel = document.getElementById('log');
const statusEl = document.getElementById('log-status');
const countEl = document.getElementById('log-count');
const errorEl = document.getElementById('log-error');
const stopButton = document.getElementById('stop');
const exportText = document.getElementById('export-text');
const exportJson = document.getElementById('export-json');
const select = document.getElementById('container');

let controller = null;
let count = 0;

function query(extra) {
  const params = new URLSearchParams();
  params.set('container', select.value);
  for (const name of ['lines', 'since', 'until', 'grep']) {
    const value = document.getElementById(name).value.trim();
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return `${api}?${params}`;
}

function updateExports() {
  exportText.href = query({ format: 'text', download: 'true' });
  exportJson.href = query({ format: 'json', download: 'true' });
}

function append(line) {
  const div = document.createElement('div');
  div.className = 'log-line';
  const text = document.createElement('span');
  text.className = 'txt';
  text.textContent = line;
  div.appendChild(text);
  const atBottom = panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 20;
  panel.appendChild(div);
  while (panel.childElementCount > MAX_DOM) panel.firstElementChild.remove();
  count += 1;
  countEl.textContent = `${count} lines`;
  if (atBottom) panel.scrollTop = panel.scrollHeight;
}

async function problem(response) {
  try {
    const body = await response.json();
    const field = body.errors && body.errors.length ? `${body.errors[0].field}: ` : '';
    return field + (body.errors && body.errors.length ? body.errors[0].message : body.detail || response.statusText);
  } catch (e) {
    return `${response.status} ${response.statusText}`;
  }
}

function stop(message) {
  if (controller) {
    controller.abort();
    controller = null;
  }
  stopButton.hidden = true;
  if (message) statusEl.textContent = message;
}

async function show(event) {
  if (event) event.preventDefault();
  stop();
  const follow = document.getElementById('follow').checked;
  panel.replaceChildren();
  count = 0;
  countEl.textContent = '';
  errorEl.hidden = true;
  updateExports();
  controller = new AbortController();
  const mine = controller;
  statusEl.textContent = follow ? 'Following… (Stop ends it)' : 'Loading…';
  stopButton.hidden = !follow;
  let response;
  try {
    response = await fetch(query(follow ? { follow: 'true' } : {}), { signal: mine.signal, headers: { Accept: 'text/plain, application/problem+json' } });
  } catch (e) {
    if (mine.signal.aborted) return;
    stop('Could not reach Opsdeck.');
    return;
  }
  if (!response.ok) {
    errorEl.textContent = await problem(response);
    errorEl.hidden = false;
    stop('Not shown.');
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (line.length > 0) append(line);
      }
    }
    if (pending.length > 0) append(pending);
    if (controller === mine) stop(follow ? 'The server ended the follow.' : 'Done.');
  } catch (e) {
    if (!mine.signal.aborted) stop('The connection was lost.');
  }
  if (count === 0 && !follow) statusEl.textContent = 'No entries.';
}

async function loadJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(await problem(response));
  return response.json();
}

async function loadContainers() {
  try {
    const body = await loadJson(root.dataset.containersApi);
    const current = select.value;
    select.replaceChildren();
    for (const name of body.containers) {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      select.appendChild(option);
    }
    select.value = body.containers.includes(current) ? current : body.containers[0];
    select.dataset.loaded = 'true';
    updateExports();
  } catch (e) {
    select.dataset.loaded = 'failed';
  }
}

async function loadUsage() {
  const usage = document.getElementById('journal-usage');
  try {
    const body = await loadJson(root.dataset.journalApi);
    usage.textContent = body.bytes == null ? body.text : `${(body.bytes / 1048576).toFixed(1)} MiB`;
    usage.title = body.text;
  } catch (e) {
    usage.textContent = `unknown (${e.message})`;
  }
}

form.addEventListener('submit', show);
stopButton.addEventListener('click', () => stop('Stopped.'));
form.addEventListener('input', updateExports);
window.addEventListener('pagehide', () => stop());
updateExports();
loadContainers();
loadUsage();
