// The IAM page over provisioning-service: the fulfilment queue (grants a person carries out by hand), and the grants
// whose target refused or stopped answering, with the target's last answer and a retry. After an action the page
// reads again until the change shows (the lists are projected from events): a task done leaves the queue, a grant
// sent back leaves the failed ones.
import { $, call, text, showProblem, button, row, emptyRow, labelled, when } from './common.js';
import { settle } from './settle.js';

export function loadIam() {
  return Promise.all([loadQueue(), loadGrants()]);
}

/** Renders the open tasks and returns them (null when the read failed). */
async function loadQueue() {
  $('#fulfilment-problem').replaceChildren();
  try {
    const tasks = await call('GET', '/api/v1/fulfilment-tasks?status=OPEN');
    $('#fulfilment tbody').replaceChildren(...(tasks.length ? tasks.map((t) => {
      const done = document.createElement('td');
      const [label, reference] = labelled('Reference on the target (optional)', `reference-${t.taskId}`, { autocomplete: 'off' });
      done.append(label, reference, button('Mark done', () => complete(t.taskId, reference.value.trim())));
      const tr = row(when(t.openedAt), t.action, t.employeeId, t.entitlement, t.target, t.assigneeId || `queue ${t.queue}`, done);
      tr.dataset.taskId = t.taskId;
      return tr;
    }) : [emptyRow('The queue is empty.', 7)]));
    return tasks;
  } catch (e) {
    showProblem($('#fulfilment-problem'), e);
    return null;
  }
}

async function complete(taskId, reference) {
  $('#fulfilment-problem').replaceChildren();
  try {
    await call('POST', `/api/v1/fulfilment-tasks/${encodeURIComponent(taskId)}/completion`, reference ? { reference } : {});
    await settle($('#iam-status'), loadQueue, (tasks) => !tasks.some((t) => t.taskId === taskId),
      { done: `Task ${taskId} recorded as done.` });
  } catch (e) {
    showProblem($('#fulfilment-problem'), e);
  }
}

/** Renders the grants of the chosen status and returns them (null when the read failed). */
async function loadGrants() {
  const status = $('#grant-status').value;
  $('#grants-problem').replaceChildren();
  try {
    const grants = await call('GET', `/api/v1/grants?status=${encodeURIComponent(status)}`);
    $('#grants tbody').replaceChildren(...(grants.length ? grants.map((g) => {
      const retry = document.createElement('td');
      if (g.status === 'FAILED') {
        const [label, reason] = labelled('Why retry (optional)', `retry-reason-${g.grantId}`, { autocomplete: 'off' });
        retry.append(label, reason, button('Retry', () => retryGrant(g.grantId, reason.value.trim())));
      } else {
        retry.textContent = g.nextAttemptAt ? `next attempt ${when(g.nextAttemptAt)}` : '';
      }
      const tr = row(g.grantId, g.employeeId, g.entitlement, g.target, g.failedAttempts ?? 0,
        text('pre', g.lastAnswer || '—', 'answer'), retry);
      tr.dataset.grantId = g.grantId;
      return tr;
    }) : [emptyRow(status === 'FAILED' ? 'No failed provisioning.' : 'Nothing is being provisioned.', 7)]));
    return grants;
  } catch (e) {
    showProblem($('#grants-problem'), e);
    return null;
  }
}

async function retryGrant(grantId, reason) {
  $('#grants-problem').replaceChildren();
  try {
    await call('POST', `/api/v1/grants/${encodeURIComponent(grantId)}/retry`, reason ? { reason } : {});
    await settle($('#iam-status'), loadGrants, (grants) => !grants.some((g) => g.grantId === grantId && g.status === 'FAILED'),
      { done: `Grant ${grantId} sent back to its target.` });
  } catch (e) {
    showProblem($('#grants-problem'), e);
  }
}

$('#refresh-fulfilment').addEventListener('click', loadQueue);
$('#grants-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  loadGrants();
});
