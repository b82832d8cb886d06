// The server page's host-key card: reads GET /api/v1/servers/{id}/host-key and shows the known-hosts entry and,
// when the server offered a key Opsdeck does not trust, a warning with the offered key. Admins of the environment
// can accept the offered fingerprint (POST .../host-key/accept). No inline script: the CSP forbids it.
const root = document.getElementById('host-key');
const api = root.dataset.api;
const csrfToken = document.querySelector('meta[name="_csrf"]')?.content;
const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function row(label, value, testid) {
  return el('div', { class: 'row small mb-1' },
    el('div', { class: 'col-3 text-muted' }, label),
    el('div', { class: 'col-9 font-monospace text-break', 'data-testid': testid }, value ?? '—'));
}

function render(state) {
  root.replaceChildren();
  const body = el('div', { class: 'card-body' });
  if (state.local) {
    body.append(el('div', { class: 'small text-muted' }, 'Local connection: no SSH, no host key.'));
    root.append(body);
    return;
  }
  if (state.warning) {
    const offered = state.offered;
    const alert = el('div', { class: 'alert alert-danger', role: 'alert', 'data-testid': 'host-key-warning' },
      el('div', { class: 'fw-semibold mb-2' }, state.warning));
    alert.append(row('Offered key', `${offered.keyType} ${offered.fingerprint}`, 'host-key-offered'));
    alert.append(row('Seen', `first ${new Date(offered.firstSeen).toLocaleString()}, last ${new Date(offered.lastSeen).toLocaleString()} (${offered.seenCount}×)`, 'host-key-seen'));
    alert.append(el('div', { class: 'small mb-2' },
      'Compare it with the key on the server itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before accepting.'));
    if (state.canManage) {
      const button = el('button', { type: 'button', class: 'btn btn-sm btn-danger', 'data-testid': 'host-key-accept' },
        `Accept ${offered.fingerprint}`);
      button.addEventListener('click', () => accept(offered.fingerprint, button));
      alert.append(button);
    }
    body.append(alert);
  }
  body.append(row('Policy', state.policy, 'host-key-policy'));
  body.append(row('Trusted fingerprint', state.fingerprint, 'host-key-fingerprint'));
  body.append(row('known_hosts', state.knownHosts, 'host-key-known-hosts'));
  root.append(body);
}

async function accept(fingerprint, button) {
  if (!window.confirm(`Trust ${fingerprint} as the host key of this server?`)) return;
  button.disabled = true;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (csrfHeader && csrfToken) headers[csrfHeader] = csrfToken;
  const response = await fetch(`${api}/accept`, { method: 'POST', headers, body: JSON.stringify({ fingerprint }) });
  if (response.ok) {
    render(await response.json());
  } else {
    const problem = await response.json().catch(() => ({}));
    button.disabled = false;
    button.after(el('div', { class: 'small mt-2', 'data-testid': 'host-key-error' }, problem.detail ?? `HTTP ${response.status}`));
  }
}

async function load() {
  const response = await fetch(api, { headers: { Accept: 'application/json' } });
  if (response.ok) render(await response.json());
  else root.replaceChildren(el('div', { class: 'card-body small text-muted' }, `Host key unavailable (HTTP ${response.status}).`));
}

load();
