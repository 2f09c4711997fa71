'use strict';
// The operator's console: plain DOM, no framework, no network access beyond this server. Every value from the API
// is put in the page as text (textContent), never as HTML.

const view = document.getElementById('view');
const statusLine = document.getElementById('status');
let me = { name: '', roles: [], tenants: [], simulator: false };

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

/** Calls the API with the session; X-Requested-With makes an expired session answer 401, not a login page. */
async function api(path, options = {}) {
  const headers = Object.assign({ 'X-Requested-With': 'fetch', 'Accept': 'application/json' }, options.headers || {});
  if (options.method && options.method !== 'GET') {
    headers['X-XSRF-TOKEN'] = csrfToken();
  }
  const response = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  if (response.status === 401) {
    window.location.assign('/login');
    throw new Error('not logged in');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  return { ok: response.ok, status: response.status, body };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function table(caption, headers, rows, id) {
  return el('table', { id },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: headers.length, class: 'muted', text: 'Nothing to show' }))));
}

function problemList(body) {
  const errors = body && body.errors ? body.errors : [body && body.detail ? body.detail : String(body)];
  return el('ul', { class: 'errors', role: 'alert' }, errors.map(e => el('li', { text: e })));
}

function say(message) { statusLine.textContent = message; }
const isAdmin = () => me.roles.includes('ADMIN');
const when = value => value ? new Date(value).toLocaleString() : '';

// ---------------------------------------------------------------- tenants and onboarding
async function showTenants() {
  const [tenants] = await Promise.all([api('/api/tenants')]);
  const expiries = {};
  const certSection = el('section', { 'aria-labelledby': 'check-title' }, el('h2', { id: 'check-title', text: 'Configuration check' }));
  const checkButton = el('button', { type: 'button', class: 'secondary', id: 'run-check', text: 'Run the configuration check' });
  certSection.append(checkButton);
  checkButton.addEventListener('click', async () => {
    say('Checking the configuration…');
    const result = await api('/api/config-check');
    if (!result.ok) { certSection.append(problemList(result.body)); return; }
    const report = result.body;
    report.certificates.forEach(c => { expiries[c.subject] = c; });
    certSection.append(
      el('p', { text: `${report.errors} error(s), ${report.warnings} warning(s) at ${when(report.checkedAt)}` }),
      table('Findings', ['Severity', 'Subject', 'Check', 'Finding'], report.findings.map(f => el('tr', {},
        el('td', { class: f.severity === 'ERROR' ? 'bad' : 'warn', text: f.severity }), el('td', { text: f.subject }),
        el('td', { text: f.check }), el('td', { text: f.message })))),
      table('Certificates', ['Subject', 'File', 'Expires', 'Days left'], report.certificates.map(c => el('tr', {},
        el('td', { text: c.subject }), el('td', { text: c.file || '' }), el('td', { text: when(c.notAfter) }),
        el('td', { class: c.daysLeft < 30 ? 'bad' : '', text: c.daysLeft })))));
    say('Configuration checked');
  });

  const rows = tenants.body.map(t => el('tr', { 'data-tenant': t.id },
    el('th', { scope: 'row', text: t.id }), el('td', { text: t.name || '' }), el('td', { text: t.siret || '' }),
    el('td', { class: 'state-' + t.state, text: t.state }),
    el('td', {}, t.errors.length ? el('ul', { class: 'errors' }, t.errors.map(e => el('li', { text: e }))) : ''),
    el('td', { text: (t.formats || []).join(', ') }),
    el('td', { text: t.returnsChannel ? `${t.returnsChannel} / ${t.returnsFormat}` : '' }),
    el('td', {}, el('a', { href: `#/invoices?tenant=${encodeURIComponent(t.id)}`, text: 'Invoices' }), ' ',
      el('a', { href: `/api/tenants/${encodeURIComponent(t.id)}/summary?format=csv`, download: '',
        'aria-label': `Monthly summary of ${t.id} (CSV)`, text: 'Month (CSV)' }), ' ',
      isAdmin() ? el('button', { type: 'button', class: 'danger', 'aria-label': `Remove tenant ${t.id}`, text: 'Remove',
        onclick: async () => {
          if (!window.confirm(`Remove tenant ${t.id}? Its file is deleted and its routes stop.`)) return;
          const r = await api(`/api/tenants/${encodeURIComponent(t.id)}`, { method: 'DELETE' });
          say(r.ok ? `Tenant ${t.id} removed` : `Tenant ${t.id} not removed`);
          route();
        } }) : null)));
  const archiveSection = el('section', { 'aria-labelledby': 'archive-title' }, el('h2', { id: 'archive-title', text: 'Archive' }));
  archiveSection.append(el('button', { type: 'button', class: 'secondary', id: 'verify-archive', text: 'Verify the archive',
    onclick: async () => {
      say('Verifying the archive…');
      const r = await api('/api/archive/verify');
      if (!r.ok) { archiveSection.append(problemList(r.body)); return; }
      archiveSection.append(el('p', { class: r.body.intact ? 'ok' : 'bad', text: r.body.intact
          ? `Intact: ${r.body.files} file(s) over ${r.body.days} day(s)` : `${r.body.problems.length} problem(s) found` }),
        r.body.problems.length ? table('Problems', ['Day', 'File', 'Problem'], r.body.problems.map(p => el('tr', {},
          el('td', { text: p.day }), el('td', { text: p.path }), el('td', { class: 'bad', text: p.problem })))) : null);
      say('Archive verified');
    } }));
  view.replaceChildren(
    el('section', { 'aria-labelledby': 'tenants-title' }, el('h2', { id: 'tenants-title', text: 'Tenants' }),
      table(`${tenants.body.length} tenant file(s)`, ['Id', 'Name', 'SIRET', 'State', 'Validation errors', 'Formats', 'Returns', ''], rows, 'tenants')),
    isAdmin() ? onboardingForm() : null,
    isAdmin() ? importForm() : null,
    certSection,
    archiveSection);
}

function field(label, name, attrs = {}) {
  return el('label', {}, label, el('input', Object.assign({ name, id: 'f-' + name }, attrs)));
}

function onboardingForm() {
  const result = el('div', { id: 'onboard-result' });
  const form = el('form', { class: 'grid', id: 'onboard' },
    field('Id', 'id', { required: true, pattern: '[a-z0-9-]{2,40}' }),
    field('Name', 'name', { required: true }),
    field('SIRET', 'siret', { required: true, inputmode: 'numeric' }),
    field('Formats (space separated)', 'formats', { value: 'UBL CII' }),
    field('SFTP host', 'sftpHost'), field('SFTP port', 'sftpPort', { type: 'number', value: '22' }),
    field('SFTP user', 'sftpUser'), field('SFTP private key file', 'sftpPrivateKey'),
    field('SFTP known_hosts file', 'sftpKnownHosts'), field('SFTP folder', 'sftpDir', { value: '/out/invoices' }),
    el('label', {}, 'Returns format', el('select', { name: 'returnsFormat', id: 'f-returnsFormat' },
      ['cppstatut', 'json', 'csv'].map(f => el('option', { value: f, text: f })))),
    field('Returns folder', 'returnsDir', { value: '/in/returns' }),
    el('button', { type: 'submit', text: 'Create tenant' }));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    const tenant = { id: v.id, name: v.name, siret: v.siret, formats: v.formats.split(/\s+/).filter(Boolean) };
    if (v.sftpHost) {
      tenant.inbound = { sftp: { host: v.sftpHost, port: Number(v.sftpPort), user: v.sftpUser, dir: v.sftpDir } };
      if (v.sftpPrivateKey) tenant.inbound.sftp['private-key'] = v.sftpPrivateKey;
      if (v.sftpKnownHosts) tenant.inbound.sftp['known-hosts'] = v.sftpKnownHosts;
    }
    tenant.returns = { format: v.returnsFormat, channel: v.sftpHost ? 'sftp' : 'none' };
    if (v.sftpHost) tenant.returns.sftp = { dir: v.returnsDir };
    const r = await api('/api/tenants', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tenant) });
    if (r.ok) { say(`Tenant ${r.body.id} created: ${r.body.state}`); route(); }
    else { result.replaceChildren(el('p', { class: 'bad', text: 'The tenant was not created:' }), problemList(r.body)); say('Tenant not created'); }
  });
  return el('section', { 'aria-labelledby': 'onboard-title' }, el('h2', { id: 'onboard-title', text: 'Onboard a tenant' }), form, result);
}

function importForm() {
  const result = el('div', { id: 'import-result' });
  const file = el('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv', required: true });
  const form = el('form', { class: 'grid', id: 'import' }, el('label', { for: 'import-file' }, 'Supplier CSV', file),
    el('button', { type: 'submit', text: 'Import' }));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!file.files.length) return;
    const r = await api('/api/tenants/import', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: await file.files[0].text() });
    if (r.body && r.body.rows) {
      result.replaceChildren(el('p', { class: r.body.applied ? 'ok' : 'bad', text: r.body.applied
          ? `Imported: ${r.body.created} created, ${r.body.updated} updated`
          : `Nothing imported: ${r.body.invalid} invalid row(s)` }),
        table('Rows', ['Line', 'Id', 'Action', 'Errors'], r.body.rows.map(row => el('tr', {},
          el('td', { text: row.line }), el('td', { text: row.id }), el('td', { text: row.action }),
          el('td', {}, row.errors.length ? el('ul', { class: 'errors' }, row.errors.map(e => el('li', { text: e }))) : '')))));
    } else {
      result.replaceChildren(problemList(r.body));
    }
  });
  return el('section', { 'aria-labelledby': 'import-title' }, el('h2', { id: 'import-title', text: 'Import suppliers (CSV)' }),
    el('p', { class: 'muted', text: 'All or nothing: if any row is invalid, no tenant is written. Columns: see the README.' }), form, result);
}

// ---------------------------------------------------------------- invoices
const STATUSES = ['', 'RECUE', 'REJETEE_GATEWAY', 'TRANSMISE', 'DEPOSEE', 'MISE_A_DISPOSITION', 'REJETEE', 'SUSPENDUE',
  'A_RECYCLER', 'SERVICE_FAIT', 'MANDATEE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT'];

function invoiceRows(items) {
  return items.map(i => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: `#/invoice/${i.id}`, text: i.number || `#${i.id}` })),
    el('td', { text: i.tenantId }), el('td', { text: i.status }), el('td', { text: when(i.statusAt) }),
    el('td', { text: i.buyerSiret || '' }), el('td', { text: i.totalWithVat != null ? `${i.totalWithVat} ${i.currency || ''}` : '' }),
    el('td', { text: when(i.createdAt) })));
}
const INVOICE_HEADERS = ['Number', 'Tenant', 'Status', 'Since', 'Buyer SIRET', 'Total', 'Received'];

async function showInvoices(params) {
  const form = el('form', { class: 'grid', id: 'search', role: 'search' },
    field('Tenant', 'tenant', { value: params.get('tenant') || '' }),
    el('label', {}, 'Status', el('select', { name: 'status', id: 'f-status' }, STATUSES.map(s =>
      el('option', { value: s, text: s || 'any', selected: s === (params.get('status') || '') })))),
    field('Invoice number', 'number', { value: params.get('number') || '' }),
    field('Received from', 'from', { type: 'date', value: params.get('from') || '' }),
    field('Received to', 'to', { type: 'date', value: params.get('to') || '' }),
    el('button', { type: 'submit', text: 'Search' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const query = new URLSearchParams([...new FormData(form).entries()].filter(([, v]) => v));
    window.location.hash = '#/invoices?' + query.toString();
  });
  const query = new URLSearchParams([...params.entries()].filter(([, v]) => v));
  query.set('size', '100');
  const r = await api('/api/invoices?' + query.toString());
  view.replaceChildren(el('section', { 'aria-labelledby': 'inv-title' }, el('h2', { id: 'inv-title', text: 'Invoices' }), form,
    r.ok ? table(`${r.body.total} invoice(s)${r.body.total > r.body.items.length ? `, the ${r.body.items.length} latest shown` : ''}`,
      INVOICE_HEADERS, invoiceRows(r.body.items), 'invoices') : problemList(r.body)));
}

async function showInvoice(id) {
  const r = await api(`/api/invoices/${encodeURIComponent(id)}`);
  if (!r.ok) { view.replaceChildren(el('section', {}, el('h2', { text: `Invoice ${id}` }), problemList(r.body))); return; }
  const { invoice, history, documents, deliveries } = r.body;
  const docs = [el('li', {}, el('a', { href: documents.original, download: '', text: 'Original (as received)' }))];
  if (documents.flow) {
    docs.push(el('li', {}, el('a', { href: documents.flow, download: '', text: 'Chorus Pro flow' })));
    docs.push(el('li', {}, el('a', { href: documents.signature, download: '', text: 'Flow signature (.p7s)' })));
  }
  (documents.returnFiles || []).forEach(f => docs.push(el('li', {}, el('a', { href: f.href, download: '', text: `Return file ${f.name}` }))));
  const facts = [['Number', invoice.number], ['Tenant', invoice.tenantId], ['Status', invoice.status], ['Syntax', invoice.syntax],
    ['Seller SIRET', invoice.sellerSiret], ['Buyer SIRET', invoice.buyerSiret], ['Service code', invoice.serviceCode],
    ['Engagement', invoice.engagementNumber], ['Total incl. VAT', `${invoice.totalWithVat ?? ''} ${invoice.currency ?? ''}`],
    ['Received', when(invoice.createdAt)], ['Flow', invoice.flowId ?? '']];
  view.replaceChildren(
    el('section', { 'aria-labelledby': 'invoice-title' }, el('h2', { id: 'invoice-title', text: `Invoice ${invoice.number}` }),
      el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v ?? '' })])),
      me.simulator ? el('a', { id: 'simulate-status', href: `#/simulator?number=${encodeURIComponent(invoice.number)}`, text: 'Push a status from the simulator' }) : null),
    el('section', { 'aria-labelledby': 'timeline-title' }, el('h2', { id: 'timeline-title', text: 'Status timeline' }),
      el('ol', { class: 'timeline', id: 'timeline' }, history.map(h => el('li', {},
        el('strong', { text: h.status }), ` ${h.code ? '(' + h.code + ') ' : ''}${when(h.occurredAt)} `,
        el('span', { class: 'muted', text: `${h.level}${h.detail ? ' — ' + h.detail : ''}` }))))),
    el('section', { 'aria-labelledby': 'docs-title' }, el('h2', { id: 'docs-title', text: 'Documents' }), el('ul', { id: 'documents' }, docs)),
    el('section', { 'aria-labelledby': 'deliveries-title' }, el('h2', { id: 'deliveries-title', text: 'Answers delivered to the supplier' }),
      table('Deliveries', ['Kind', 'Channel', 'File', 'Delivered'], deliveries.map(d => el('tr', {},
        el('td', { text: d.kind }), el('td', { text: d.channel }), el('td', { text: d.fileName }), el('td', { text: when(d.deliveredAt) }))))));
}

// ---------------------------------------------------------------- work list
async function showWorklist() {
  const section = el('section', { 'aria-labelledby': 'wl-title' }, el('h2', { id: 'wl-title', text: 'Work list' }),
    el('p', { class: 'muted', text: 'Invoices waiting for an action of their supplier.' }));
  view.replaceChildren(section);
  const dedicated = await api('/api/worklist');
  if (dedicated.ok && Array.isArray(dedicated.body.items || dedicated.body)) {
    const items = dedicated.body.items || dedicated.body;
    section.append(table(`${items.length} invoice(s)`, INVOICE_HEADERS, invoiceRows(items.map(i => i.invoice || i)), 'worklist'));
    return;
  }
  for (const status of ['A_RECYCLER', 'SUSPENDUE', 'REJETEE']) {
    const r = await api(`/api/invoices?status=${status}&size=200`);
    if (r.ok) section.append(table(`${status}: ${r.body.total}`, INVOICE_HEADERS, invoiceRows(r.body.items), 'worklist-' + status));
  }
}

// ---------------------------------------------------------------- dead letters
async function showDeadLetters() {
  const r = await api('/api/dead-letters');
  const rows = (r.ok ? r.body : []).map(d => el('tr', { 'data-id': d.id },
    el('th', { scope: 'row', text: d.id }), el('td', { text: d.originalAddress }), el('td', { text: d.tenant || '' }),
    el('td', { text: when(d.sentAt) }), el('td', { text: d.reason }),
    el('td', {}, el('details', {}, el('summary', { text: 'Headers and body' }),
      el('pre', { text: JSON.stringify(d.headers, null, 1) }), el('pre', { text: d.body }))),
    el('td', {}, isAdmin() ? el('button', { type: 'button', 'aria-label': `Replay ${d.id}`, text: 'Replay', onclick: async () => {
      const result = await api(`/api/dead-letters/${encodeURIComponent(d.id)}/replay`, { method: 'POST' });
      say(result.ok ? `Replayed ${d.id} to ${result.body.address}` : `Not replayed: ${result.body.detail || result.status}`);
      showDeadLetters();
    } }) : '')));
  view.replaceChildren(el('section', { 'aria-labelledby': 'dl-title' }, el('h2', { id: 'dl-title', text: 'Dead letters' }),
    el('button', { type: 'button', class: 'secondary', text: 'Refresh', onclick: showDeadLetters }),
    r.ok ? table(`${r.body.length} message(s) the broker gave up on`, ['Message', 'Address', 'Tenant', 'Sent', 'Reason', 'Details', ''], rows, 'dead-letters')
      : problemList(r.body)));
}

// ---------------------------------------------------------------- directory
function showDirectory() {
  const result = el('div', { id: 'directory-result', 'aria-live': 'polite' });
  const form = el('form', { class: 'grid', id: 'directory-lookup', role: 'search' },
    field('SIRET of a public buyer', 'siret', { required: true, inputmode: 'numeric' }), el('button', { type: 'submit', text: 'Look up' }));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const siret = new FormData(form).get('siret').trim();
    const r = await api(`/api/directory/structures/${encodeURIComponent(siret)}`);
    result.replaceChildren(r.ok ? el('pre', { text: JSON.stringify(r.body, null, 2) }) : problemList(r.body));
  });
  view.replaceChildren(el('section', { 'aria-labelledby': 'dir-title' }, el('h2', { id: 'dir-title', text: 'Chorus Pro directory' }), form, result));
}

// ---------------------------------------------------------------- simulator (demo only: the routes exist when it runs)
const SIMULATED_STATUSES = ['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'REJETEE_ACHEMINEMENT', 'REJETEE', 'SUSPENDUE',
  'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT', 'COMPLETEE', 'A_RECYCLER'];

async function showSimulator(params) {
  if (!me.simulator) { view.replaceChildren(el('p', { text: 'The Chorus Pro simulator is not running.' })); return; }
  const pushed = el('div', { id: 'push-result', 'aria-live': 'polite' });
  const statusSelect = el('select', { name: 'status', id: 'f-status' }, SIMULATED_STATUSES.map(s => el('option', { value: s, text: s })));
  const push = el('form', { class: 'grid', id: 'push-status' },
    field('Invoice number', 'number', { required: true, value: params.get('number') || '' }),
    el('label', {}, 'Status', statusSelect),
    field('Comment (optional)', 'comment', { maxlength: 500 }),
    field('Supplier SIRET (when the number is ambiguous)', 'supplierSiret', { inputmode: 'numeric' }),
    el('button', { type: 'submit', text: 'Push the status', disabled: !isAdmin() }));
  push.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(push);
    const r = await api(`/api/simulator/invoices/${encodeURIComponent(data.get('number').trim())}/statuses`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: data.get('status'), comment: data.get('comment'), supplierSiret: data.get('supplierSiret') }) });
    pushed.replaceChildren(r.ok ? el('p', { text: `${r.body.status} (${r.body.code}) for ${r.body.invoiceNumber} in return file ${r.body.returnFile}` })
      : problemList(r.body));
  });

  const faultsView = el('pre', { id: 'faults' });
  const showFaults = r => { faultsView.textContent = r.ok ? JSON.stringify(r.body, null, 1) : `(${r.status}) ${r.body.detail || r.body.error || ''}`; };
  const kind = el('select', { name: 'kind', id: 'f-kind' }, ['5xx', 'timeout', '413', 'token-expired', 'maintenance'].map(k => el('option', { value: k, text: k })));
  const faults = el('form', { class: 'grid', id: 'piste-faults' },
    el('label', {}, 'Fault', kind), field('Times', 'count', { type: 'number', min: 1, value: 1 }),
    field('Operation (optional, e.g. deposer/flux)', 'operation'), field('Seconds (timeout, maintenance)', 'seconds', { type: 'number', min: 1, value: 60 }),
    el('button', { type: 'submit', text: 'Inject', disabled: !isAdmin() }),
    el('button', { type: 'button', class: 'secondary', text: 'Clear faults', disabled: !isAdmin(), onclick: async () => showFaults(await api('/simulator/piste/faults', { method: 'DELETE' })) }));
  faults.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(faults);
    const body = { kind: data.get('kind'), count: Number(data.get('count') || 1), seconds: Number(data.get('seconds') || 60) };
    if (data.get('operation')) body.operation = data.get('operation').trim();
    const r = await api('/simulator/piste/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    showFaults(r);
    say(r.ok ? `Fault ${body.kind} injected` : 'Fault not injected');
  });
  const faultSection = el('section', { 'aria-labelledby': 'faults-title' }, el('h3', { id: 'faults-title', text: 'Chorus Pro API (PISTE) faults' }));
  if (isAdmin()) {
    faultSection.append(faults, faultsView);
    showFaults(await api('/simulator/piste/faults'));
  } else {
    faultSection.append(el('p', { class: 'muted', text: 'Injecting faults needs the ADMIN role.' }));
  }
  view.replaceChildren(el('section', { 'aria-labelledby': 'sim-title' }, el('h2', { id: 'sim-title', text: 'Chorus Pro simulator' }),
    el('section', { 'aria-labelledby': 'push-title' }, el('h3', { id: 'push-title', text: 'Push an invoice status' }),
      el('p', { class: 'muted', text: 'The simulator emits it in a CPPStatut return file, which the gateway takes like any other.' }), push, pushed),
    faultSection));
}

// ---------------------------------------------------------------- routing
async function route() {
  const hash = window.location.hash || '#/tenants';
  const [path, query] = hash.substring(1).split('?');
  const params = new URLSearchParams(query || '');
  document.querySelectorAll('nav a').forEach(a => a.removeAttribute('aria-current'));
  const section = path.split('/')[1] === 'invoice' ? 'invoices' : path.split('/')[1];
  const current = document.getElementById('nav-' + section);
  if (current) current.setAttribute('aria-current', 'page');
  try {
    if (path.startsWith('/invoice/')) await showInvoice(path.substring('/invoice/'.length));
    else if (path === '/invoices') await showInvoices(params);
    else if (path === '/worklist') await showWorklist();
    else if (path === '/dead-letters') await showDeadLetters();
    else if (path === '/directory') showDirectory();
    else if (path === '/simulator') await showSimulator(params);
    else await showTenants();
    document.title = `Facteur — ${current ? current.textContent : 'console'}`;
  } catch (e) {
    say('Error: ' + e.message);
  }
}

(async function start() {
  const r = await api('/api/console/me');
  me = r.body;
  document.getElementById('who').textContent = `${me.name} (${me.roles.join(', ')}${me.tenants.length ? ' — ' + me.tenants.join(', ') : ''})`;
  document.getElementById('simulator').hidden = !me.simulator;
  document.getElementById('nav-simulator').parentElement.hidden = !me.simulator;
  document.getElementById('logout-csrf').value = csrfToken();
  window.addEventListener('hashchange', route);
  route();
})();
