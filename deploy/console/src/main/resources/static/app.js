// The AccessLedger web app: native ES module, no build step. It talks only to the console's /api/** and /console/**;
// the bearer token lives in an HttpOnly cookie the console adds to proxied calls, so this script never sees it.
import { $, call, text, showProblem, holdsOneOf } from './common.js';
import { pages } from './pages.js';
import { settle } from './settle.js';

const state = { me: null };

function show(page) {
  for (const id of ['sign-in', 'requester', 'approver', ...Object.keys(pages)]) $('#page-' + id).hidden = id !== page;
  $('#nav').hidden = page === 'sign-in';
  for (const b of document.querySelectorAll('nav [data-roles]')) b.hidden = !holdsOneOf(state.me, b.dataset.roles);
  if (pages[page]) pages[page](state.me);
  if (page === 'requester') loadRequester();
  if (page === 'approver') loadInbox();
}

// ---- sign-in ---------------------------------------------------------------------------------------------------
async function loadPeople() {
  try {
    const people = await call('GET', '/console/people');
    const select = $('#person');
    select.replaceChildren(...people.map((p) => {
      const o = text('option', `${p.name} — ${p.jobTitle} (${p.employeeId})`);
      o.value = p.employeeId;
      return o;
    }));
  } catch (e) {
    showProblem($('#sign-in-problem'), e);
  }
}

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    signedIn(await call('POST', '/console/session', { employeeId: form.get('employeeId'), roles: form.getAll('roles') }));
  } catch (e) {
    showProblem($('#sign-in-problem'), e);
  }
});

/** The sign-in page, offering what the console offers: the demo picker (local run) and/or the issuer's sign-in. */
async function showSignIn(message) {
  sessionStorage.removeItem('me');
  state.me = null;
  $('#who').textContent = '';
  show('sign-in');
  $('#sign-in-problem').replaceChildren(...(message ? [text('p', message)] : []));
  let options = { demo: true, oidc: false };
  try {
    options = await call('GET', '/console/sign-in-options');
  } catch (e) {
    showProblem($('#sign-in-problem'), e);
  }
  $('#sign-in-form').hidden = !options.demo;
  $('#oidc-sign-in-box').hidden = !options.oidc;
  if (options.demo) loadPeople();
}

$('#sign-out').addEventListener('click', async () => {
  const out = await call('DELETE', '/console/session');
  if (out && out.signOutUrl) {
    // Signed in at the issuer: end the session there too; it sends the browser back to the console.
    sessionStorage.removeItem('me');
    window.location.assign(out.signOutUrl);
    return;
  }
  showSignIn();
});

window.addEventListener('accessledger:signed-out', () => {
  if (state.me) showSignIn('Your session has ended: sign in again.');
});

for (const b of document.querySelectorAll('nav [data-page]')) b.addEventListener('click', () => show(b.dataset.page));

// ---- requester -------------------------------------------------------------------------------------------------
async function loadRequester() {
  $('#my-requests').setAttribute('aria-busy', 'true');
  try {
    const prefill = await call('POST', '/api/v1/access-requests/prefill', { beneficiaryId: state.me.employeeId });
    const box = document.createElement('div');
    box.className = 'prefill';
    const emp = prefill.employee || {};
    box.append(text('p', `${emp.jobTitle || ''}, ${emp.department || ''}; manager ${emp.managerId || '—'}`));
    const missing = (prefill.missingFromProfile || []).join(', ');
    box.append(text('p', missing ? `Usual for your role, not yet held: ${missing}` : 'You hold your role\'s standard access.'));
    $('#prefill').replaceChildren(box);
  } catch (e) {
    showProblem($('#prefill'), e);
  }
  await loadMyRequests();
}

/** Renders the signed-in person's requests; returns them, or null when they could not be read. */
async function loadMyRequests() {
  const body = $('#my-requests tbody');
  $('#my-requests').setAttribute('aria-busy', 'true');
  try {
    const page = await call('GET', `/api/v1/access-requests?beneficiaryId=${encodeURIComponent(state.me.employeeId)}&size=50`);
    const items = Array.isArray(page) ? page : (page.items || page.content || []);
    body.replaceChildren(...items.map((r) => {
      const row = document.createElement('tr');
      row.dataset.requestId = r.requestId;
      const open = text('button', r.requestId, 'secondary');
      open.type = 'button';
      open.addEventListener('click', () => loadDetail(r.requestId));
      const idCell = document.createElement('td');
      idCell.append(open);
      const actions = document.createElement('td');
      if (['SUBMITTED', 'IN_REVIEW', 'RETURNED'].includes(r.status)) {
        const withdraw = text('button', 'Withdraw', 'secondary');
        withdraw.type = 'button';
        withdraw.addEventListener('click', () => withdrawRequest(r.requestId));
        actions.append(withdraw);
      }
      row.append(idCell, text('td', `${r.resourceId} / ${r.accessLevel}`), text('td', r.status, 'status'), actions);
      return row;
    }));
    return items;
  } catch (e) {
    showProblem($('#request-problem'), e);
    return null;
  } finally {
    $('#my-requests').setAttribute('aria-busy', 'false');
  }
}

async function loadDetail(requestId) {
  const target = $('#detail');
  try {
    const r = await call('GET', `/api/v1/access-requests/${encodeURIComponent(requestId)}`);
    const heading = text('h3', `${r.resourceId} / ${r.accessLevel}: `);
    heading.append(text('span', r.status, 'status'));
    const list = document.createElement('ol');
    for (const e of r.timeline || []) list.append(text('li', `${e.at} ${e.type}${e.actorId ? ' by ' + e.actorId : ''}${e.reason ? ' — ' + e.reason : ''}`));
    target.replaceChildren(heading, list);
  } catch (e) {
    showProblem(target, e);
  }
}

async function withdrawRequest(requestId) {
  const reason = window.prompt('Why withdraw this request?');
  if (!reason) return;
  try {
    await call('POST', `/api/v1/access-requests/${encodeURIComponent(requestId)}/withdrawal`, { reason });
    await settle($('#request-progress'), loadMyRequests,
      (items) => items.some((r) => r.requestId === requestId && r.status === 'WITHDRAWN'), { done: 'Withdrawn.' });
  } catch (e) {
    showProblem($('#request-problem'), e);
  }
}

$('#request-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { resourceId: form.get('resourceId'), accessLevel: form.get('accessLevel'), justification: form.get('justification') };
  if (form.get('accessDuration')) body.accessDuration = form.get('accessDuration');
  $('#request-problem').replaceChildren();
  try {
    const accepted = await call('POST', '/api/v1/access-requests', body);
    event.target.reset();
    const shown = await settle($('#request-progress'), loadMyRequests,
      (items) => items.some((r) => r.requestId === accepted.requestId), { done: 'Submitted.' });
    if (shown) await loadDetail(accepted.requestId);
  } catch (e) {
    showProblem($('#request-problem'), e);
  }
});

// ---- approver --------------------------------------------------------------------------------------------------
/** Renders the open tasks of the signed-in person; returns them, or null when they could not be read. */
async function loadInbox() {
  const body = $('#inbox tbody');
  $('#inbox-problem').replaceChildren();
  $('#inbox').setAttribute('aria-busy', 'true');
  try {
    const tasks = (await call('GET', '/api/v1/approvals/tasks?status=OPEN')).slice()
      .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)));
    body.replaceChildren(...tasks.map((t) => {
      const row = document.createElement('tr');
      row.dataset.requestId = t.requestId;
      const req = t.request || {};
      const flags = document.createElement('td');
      for (const f of t.flags || []) flags.append(text('span', typeof f === 'string' ? f : (f.code || JSON.stringify(f)), 'flag'));
      const decide = document.createElement('td');
      const reasonId = `reason-${t.taskId}`;
      const label = text('label', 'Reason');
      label.htmlFor = reasonId;
      const reason = document.createElement('input');
      reason.id = reasonId;
      const approve = text('button', 'Approve');
      approve.type = 'button';
      approve.addEventListener('click', () => decideTask(t.taskId, 'APPROVE', reason.value));
      const deny = text('button', 'Deny', 'secondary');
      deny.type = 'button';
      deny.addEventListener('click', () => decideTask(t.taskId, 'DENY', reason.value));
      decide.append(label, reason, approve, text('span', ' '), deny);
      row.append(text('td', t.dueAt), text('td', t.stage),
        text('td', `${req.beneficiaryId || ''} ${req.entitlement || ''}: ${req.justification || ''}`),
        flags, decide);
      return row;
    }));
    if (!tasks.length) {
      const row = document.createElement('tr');
      const cell = text('td', 'Nothing to decide.');
      cell.colSpan = 5;
      row.append(cell);
      body.replaceChildren(row);
    }
    return tasks;
  } catch (e) {
    showProblem($('#inbox-problem'), e);
    return null;
  } finally {
    $('#inbox').setAttribute('aria-busy', 'false');
  }
}

async function decideTask(taskId, outcome, reason) {
  try {
    await call('POST', `/api/v1/approvals/tasks/${encodeURIComponent(taskId)}/decision`, reason ? { outcome, reason } : { outcome });
    await settle($('#inbox-progress'), loadInbox, (tasks) => !tasks.some((t) => t.taskId === taskId),
      { done: outcome === 'APPROVE' ? 'Approved.' : 'Denied.' });
  } catch (e) {
    showProblem($('#inbox-problem'), e);
  }
}

$('#refresh-inbox').addEventListener('click', loadInbox);

// ---- start -----------------------------------------------------------------------------------------------------
function signedIn(me) {
  state.me = me;
  sessionStorage.setItem('me', JSON.stringify(me));
  $('#who').textContent = `Signed in as ${me.employeeId}`;
  show('requester');
}

const saved = sessionStorage.getItem('me');
if (saved) {
  signedIn(JSON.parse(saved));
} else {
  // Back from the issuer's sign-in the session is already in the HttpOnly cookie: ask the console who it is for.
  call('GET', '/console/session').then(signedIn, () => showSignIn());
}
