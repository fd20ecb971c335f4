// The AccessLedger web app: native ES module, no build step. It talks only to the console's /api/** and /console/**;
// the bearer token lives in an HttpOnly cookie the console adds to proxied calls, so this script never sees it.
import { $, call, text, showProblem, holdsOneOf, labelled, button } from './common.js';
import { pages } from './pages.js';
import { settle } from './settle.js';

const state = { me: null };

function show(page) {
  for (const id of ['sign-in', 'requester', 'approver', ...Object.keys(pages)]) $('#page-' + id).hidden = id !== page;
  $('#nav').hidden = page === 'sign-in';
  for (const b of document.querySelectorAll('nav [data-roles]')) b.hidden = !holdsOneOf(state.me, b.dataset.roles);
  if (pages[page]) pages[page](state.me);
  if (page === 'requester') loadRequester();
  if (page === 'approver') { loadInbox(); loadAbsence(); }
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
      if (r.status === 'RETURNED') {
        const revise = text('button', 'Revise', 'secondary');
        revise.type = 'button';
        revise.addEventListener('click', () => reviseRequest(r.requestId));
        actions.append(revise);
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
    const c = r.conditions;
    const terms = c ? [c.accessDuration && `access for ${c.accessDuration}`, c.mfaRequired && 'MFA required',
      c.monitoring && 'monitored'].filter(Boolean) : [];
    target.replaceChildren(heading, ...(terms.length ? [text('p', `Conditions: ${terms.join(', ')}`, 'conditions')] : []), list);
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

/** A request the approver returned: the requester answers with a better justification; it goes back to review. */
async function reviseRequest(requestId) {
  const justification = window.prompt('The approver returned this request. Your revised justification:');
  if (!justification) return;
  try {
    await call('POST', `/api/v1/access-requests/${encodeURIComponent(requestId)}/revision`, { justification });
    await settle($('#request-progress'), loadMyRequests,
      (items) => items.some((r) => r.requestId === requestId && r.status !== 'RETURNED'), { done: 'Revised.' });
    await loadDetail(requestId);
  } catch (e) {
    showProblem($('#request-problem'), e);
  }
}

// The door's justification rule (request-service IntakeRules.justificationTooShort), shown while typing; the door
// itself still decides when the request is submitted.
const MINIMUM_JUSTIFICATION = 15;
$('#justification').addEventListener('input', () => {
  const length = $('#justification').value.trim().length;
  $('#justification-hint').textContent = length === 0 ? ''
    : length < MINIMUM_JUSTIFICATION ? `Too short: ${length} of at least ${MINIMUM_JUSTIFICATION} characters.`
      : 'Justification long enough.';
});

/** What the policy in force would say of this request (policy-service's evaluation, no side effects), as typed. */
let checkTimer = null;
let checkSeq = 0;
function scheduleChecks() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runChecks, 400);
}
async function runChecks() {
  const resourceId = $('#resourceId').value.trim();
  const accessLevel = $('#accessLevel').value.trim();
  const summary = $('#request-checks-summary');
  const findings = $('#request-findings');
  if (!resourceId || !accessLevel || !state.me) {
    summary.textContent = 'Name a resource and a level to see what the policy says.';
    findings.replaceChildren();
    return;
  }
  const body = { beneficiaryId: state.me.employeeId, resourceId, accessLevel };
  if ($('#accessDuration').value.trim()) body.accessDuration = $('#accessDuration').value.trim();
  const seq = ++checkSeq;
  try {
    const verdict = await call('POST', '/api/v1/policy/evaluations', body);
    if (seq !== checkSeq) return;
    summary.textContent = `Risk ${verdict.riskLevel}; approvals needed: ${(verdict.requiredStages || []).join(', ') || 'none'}`
      + (verdict.autoApprovable ? '; approved by the policy without a person.' : '.');
    findings.replaceChildren(...(verdict.findings || []).map((f) => text('li', `${f.rule} (${f.severity}): ${f.message}`)));
  } catch (e) {
    if (seq !== checkSeq) return;
    findings.replaceChildren();
    showProblem(summary, e);
  }
}
for (const id of ['#resourceId', '#accessLevel', '#accessDuration']) $(id).addEventListener('input', scheduleChecks);

$('#request-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { resourceId: form.get('resourceId'), accessLevel: form.get('accessLevel'), justification: form.get('justification') };
  if (form.get('accessDuration')) body.accessDuration = form.get('accessDuration');
  $('#request-problem').replaceChildren();
  try {
    const accepted = await call('POST', '/api/v1/access-requests', body);
    event.target.reset();
    $('#justification-hint').textContent = '';
    runChecks();
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
      if ((t.findings || []).length) {
        const list = document.createElement('ul');
        list.className = 'findings';
        for (const f of t.findings) list.append(text('li', `${f.rule} (${f.severity}): ${f.message}`));
        flags.append(list);
      }
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
      decide.append(label, reason, approve, text('span', ' '), deny, moreOptions(t, reason));
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

const DONE = { APPROVE: 'Approved.', APPROVE_WITH_CONDITIONS: 'Approved with conditions.', DENY: 'Denied.',
  RETURN: 'Returned to the requester.' };

async function decideTask(taskId, outcome, reason, conditions) {
  try {
    const body = { outcome };
    if (reason) body.reason = reason;
    if (conditions) body.conditions = conditions;
    await call('POST', `/api/v1/approvals/tasks/${encodeURIComponent(taskId)}/decision`, body);
    await settle($('#inbox-progress'), loadInbox, (tasks) => !tasks.some((t) => t.taskId === taskId),
      { done: DONE[outcome] });
  } catch (e) {
    showProblem($('#inbox-problem'), e);
  }
}

/**
 * The rest of a decision, folded away: approve with conditions (duration, MFA, monitoring), return to the requester
 * for more information, or hand the task to a delegate. The reason typed in the row goes with each of them.
 */
function moreOptions(t, reason) {
  const more = document.createElement('details');
  more.append(text('summary', 'More options'));
  const id = (name) => `${name}-${t.taskId}`;
  const conditions = document.createElement('fieldset');
  conditions.append(text('legend', 'Approve with conditions'));
  const [durationLabel, duration] = labelled('Access for (ISO 8601, e.g. P30D)', id('duration'));
  const [mfaLabel, mfa] = labelled('MFA required', id('mfa'), { type: 'checkbox' });
  const [monitoringLabel, monitoring] = labelled('Monitored', id('monitoring'), { type: 'checkbox' });
  conditions.append(durationLabel, duration, mfa, mfaLabel, monitoring, monitoringLabel, button('Approve with conditions', () => {
    const c = {};
    if (duration.value.trim()) c.accessDuration = duration.value.trim();
    if (mfa.checked) c.mfaRequired = true;
    if (monitoring.checked) c.monitoring = true;
    decideTask(t.taskId, 'APPROVE_WITH_CONDITIONS', reason.value, c);
  }));
  const back = button('Return to requester', () => decideTask(t.taskId, 'RETURN', reason.value), 'secondary');
  const delegation = document.createElement('fieldset');
  delegation.append(text('legend', 'Delegate'));
  const [delegateLabel, delegate] = labelled('Hand to (employee id)', id('delegate'));
  delegation.append(delegateLabel, delegate, button('Delegate', async () => {
    try {
      await call('POST', `/api/v1/approvals/tasks/${encodeURIComponent(t.taskId)}/delegation`,
        { delegateId: delegate.value.trim(), reason: reason.value });
      await settle($('#inbox-progress'), loadInbox, (tasks) => !tasks.some((x) => x.taskId === t.taskId && !x.delegateId),
        { done: 'Delegated.' });
    } catch (e) {
      showProblem($('#inbox-problem'), e);
    }
  }, 'secondary'));
  more.append(conditions, back, delegation);
  return more;
}

// ---- out of office -------------------------------------------------------------------------------------------
async function loadAbsence() {
  $('#absence-problem').replaceChildren();
  try {
    const a = await call('GET', '/api/v1/approvals/out-of-office');
    $('#absence-now').textContent = `Out of office until ${a.until}: ${a.coverId} decides your approvals.`;
    $('#absence-clear').hidden = false;
  } catch (e) {
    if (e.problem && e.problem.status === 404) {
      $('#absence-now').textContent = 'You are not out of office.';
      $('#absence-clear').hidden = true;
    } else {
      showProblem($('#absence-problem'), e);
    }
  }
}

$('#absence-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { coverId: String(form.get('coverId')).trim(), until: `${form.get('until')}T00:00:00Z` };
  if (form.get('reason')) body.reason = form.get('reason');
  $('#absence-problem').replaceChildren();
  try {
    await call('PUT', '/api/v1/approvals/out-of-office', body);
    event.target.reset();
    await loadAbsence();
  } catch (e) {
    showProblem($('#absence-problem'), e);
  }
});

$('#absence-clear').addEventListener('click', async () => {
  try {
    await call('DELETE', '/api/v1/approvals/out-of-office');
    await loadAbsence();
  } catch (e) {
    showProblem($('#absence-problem'), e);
  }
});

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
