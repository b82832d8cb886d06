// The live drill page: polls the drill every two seconds while it runs and redraws the step progress bar and the
// step table; when the drill ends, reloads once so the checks, findings and recommendations render server-side.
// The run output below is run.js's.
const root = document.getElementById('drill');
const api = root.dataset.api;
const POLL_MS = 2000;

function seconds(value) {
  return (Math.round(value * 10) / 10).toFixed(1);
}

function time(iso) {
  return iso ? new Date(iso).toISOString().substring(11, 19) : '';
}

function render(drill) {
  const status = document.getElementById('drill-status');
  status.textContent = drill.status;
  status.className = `badge badge-status fs-6 status-${drill.status}`;
  document.getElementById('drill-duration').textContent = seconds(drill.durationSeconds);
  let current = null;
  for (const step of drill.steps) {
    const segment = document.querySelector(`.drill-step[data-step="${step.name}"]`);
    if (segment) {
      segment.dataset.status = step.status;
      segment.firstElementChild.className = `progress-bar step-${step.status}`;
    }
    const row = document.querySelector(`#steps-body tr[data-step="${step.name}"]`);
    if (row) {
      const cells = row.children;
      cells[1].firstElementChild.className = `badge step-${step.status}`;
      cells[1].firstElementChild.textContent = step.status;
      cells[2].textContent = time(step.startedAt);
      cells[3].textContent = seconds(step.durationSeconds);
      cells[4].textContent = step.message ?? '';
    }
    if (step.status === 'running') current = step;
  }
  const label = document.getElementById('current-step');
  label.textContent = current ? `Now: ${current.name} (${seconds(current.durationSeconds)} s)` :
    (drill.status === 'QUEUED' ? 'Waiting for a worker…' : '\u00a0');
}

async function poll() {
  try {
    const response = await fetch(api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (response.ok) {
      const drill = await response.json();
      render(drill);
      if (['SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED'].includes(drill.status)) {
        window.location.reload();
        return;
      }
    }
  } catch (error) {
    // a network hiccup: try again at the next tick
  }
  setTimeout(poll, POLL_MS);
}

if (root.dataset.finished !== 'true') {
  setTimeout(poll, POLL_MS);
}
