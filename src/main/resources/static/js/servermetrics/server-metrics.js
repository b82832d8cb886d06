// The server page's metrics card: reads GET /api/v1/servers/{id}/metrics once a minute and shows the current CPU,
// memory, root disk and load with an SVG sparkline of the last hour (no inline script: the CSP forbids it).
const root = document.getElementById('server-metrics');
const api = root.dataset.api;
const REFRESH_MS = 60000;
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 160;
const HEIGHT = 32;

const METRICS = {
  cpu: { field: 'cpuPercent', format: (v) => `${v.toFixed(1)} %`, max: 100 },
  memory: { field: 'memoryPercent', format: (v) => `${v.toFixed(1)} %`, max: 100 },
  disk: { field: 'diskPercent', format: (v) => `${v.toFixed(1)} %`, max: 100 },
  load: { field: 'load1', format: (v) => v.toFixed(2), max: null },
};

// x: from the oldest reading (at most an hour ago) to now, so a server read for a few minutes fills the width too
function sparkline(points, field, max, start, end) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('width', WIDTH);
  svg.setAttribute('height', HEIGHT);
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('role', 'img');
  const values = points.filter((p) => known(p[field]));
  svg.setAttribute('aria-label', `${values.length} readings in the last hour`);
  if (values.length === 0) return svg;
  const top = max ?? Math.max(1, 1.25 * Math.max(...values.map((p) => p[field])));
  const span = Math.max(1000, end - start);
  const coords = values.map((p) => {
    const x = Math.max(0, Math.min(WIDTH, ((Date.parse(p.at) - start) / span) * WIDTH));
    const y = HEIGHT - 1 - (Math.min(p[field], top) / top) * (HEIGHT - 2);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', coords.length === 1 ? `${coords[0]} ${coords[0]}` : coords.join(' '));
  line.setAttribute('class', 'sparkline-line');
  svg.appendChild(line);
  return svg;
}

// null (unknown), undefined or anything not a finite number is shown as '–' and left out of the sparkline
function known(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

function render(view) {
  const status = root.querySelector('[data-testid="server-metrics-status"]');
  const checked = view.checkedAt ? new Date(view.checkedAt).toISOString().substring(11, 19) + ' UTC' : '';
  if (!view.enabled) {
    status.textContent = 'Opsdeck does not read this server\'s node_exporter.';
  } else if (view.status === 'UNREACHABLE' || view.status === 'NOT_EXPORTER') {
    // the error already names the port, e.g. "node_exporter not reachable on port 9100"
    status.textContent = `${view.error ?? `node_exporter on port ${view.exporterPort} did not answer`} `
      + `(checked ${checked}).` + (view.current ? ' The values below are older.' : '');
  } else if (view.status === 'NO_DATA') {
    status.textContent = `No readings yet from node_exporter on port ${view.exporterPort}.`;
  } else {
    status.textContent = `node_exporter on port ${view.exporterPort}, read ${checked}.`;
  }
  root.dataset.status = view.status;
  view.history = Array.isArray(view.history) ? view.history : [];
  const end = view.history.length ? Date.parse(view.history[view.history.length - 1].at) : Date.now();
  const start = view.history.length ? Math.max(end - 3600 * 1000, Date.parse(view.history[0].at)) : end;
  for (const [name, metric] of Object.entries(METRICS)) {
    const value = view.current ? view.current[metric.field] : null;
    root.querySelector(`[data-testid="server-metric-${name}"]`).textContent =
      known(value) ? metric.format(value) : '–';
    const box = root.querySelector(`[data-testid="server-sparkline-${name}"]`);
    box.replaceChildren(sparkline(view.history, metric.field, metric.max, start, end));
  }
}

async function load() {
  try {
    const response = await fetch(api, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
  } catch (error) {
    root.querySelector('[data-testid="server-metrics-status"]').textContent =
      `Server metrics could not be loaded (${error.message}).`;
  }
}

load();
setInterval(load, REFRESH_MS);
