// The auditor's page over request-service's audit API: who held access at an instant, the evidence of one grant
// (every event of it and its request, in order), and the export of the trail as CSV or JSON Lines.
import { $, call, text, showProblem, button, row, emptyRow, facts, table, when } from './common.js';

/** What the audit API reads as a time: a day (00:00 UTC) or an RFC 3339 instant with seconds and a zone. */
const TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?$/;

export function loadAuditor() {
  updateExportLink();
}

$('#access-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const q = new URLSearchParams();
  for (const name of ['asOf', 'resourceId', 'employeeId']) {
    const value = (form.get(name) || '').trim();
    if (value) q.set(name, value);
  }
  $('#access-problem').replaceChildren();
  try {
    const answer = await call('GET', `/api/v1/audit/access?${q}`);
    $('#holdings-summary').textContent = `${answer.holdings.length} grant${answer.holdings.length === 1 ? '' : 's'} held at ${when(answer.asOf)}`
      + (answer.resourceId ? ` on ${answer.resourceId}` : '') + (answer.employeeId ? ` by ${answer.employeeId}` : '') + '.';
    $('#holdings tbody').replaceChildren(...(answer.holdings.length ? answer.holdings.map((h) => {
      const open = button(h.grantId, () => showEvidence(h.grantId), 'secondary');
      open.setAttribute('aria-label', `Evidence of grant ${h.grantId}`);
      const tr = row(open, h.employeeId, h.entitlement, h.target, when(h.grantedAt), h.endedAt ? when(h.endedAt) : 'still held',
        h.endReason);
      tr.dataset.grantId = h.grantId;
      return tr;
    }) : [emptyRow('Nobody held it then.', 7)]));
  } catch (e) {
    showProblem($('#access-problem'), e);
  }
});

async function showEvidence(grantId) {
  $('#evidence-grant').value = grantId;
  $('#evidence-problem').replaceChildren();
  try {
    const ev = await call('GET', `/api/v1/audit/grants/${encodeURIComponent(grantId)}/evidence`);
    const heading = text('h3', `Evidence of grant ${ev.grantId}`);
    heading.tabIndex = -1;
    const steps = (ev.steps || []).map((s) => {
      const details = document.createElement('details');
      details.append(text('summary', 'Its fields'), text('pre', JSON.stringify(s.details, null, 2)));
      return row(when(s.at), s.type, s.actorId || 'system', s.reason, s.topic, details);
    });
    $('#evidence').replaceChildren(heading,
      facts([['Request', ev.requestId], ['For', ev.employeeId], ['Access', ev.entitlement]]),
      table(`${steps.length} events, in the order they happened`, ['When', 'What', 'Who', 'Why', 'Topic', 'The event'], steps));
    heading.focus();
  } catch (e) {
    $('#evidence').replaceChildren();
    showProblem($('#evidence-problem'), e);
  }
}

$('#evidence-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const grantId = $('#evidence-grant').value.trim();
  if (grantId) showEvidence(grantId);
});

/** The export is a plain download link; its period is checked here first, since a refusal would replace the page. */
function exportProblem() {
  const from = $('#export-from').value.trim();
  const to = $('#export-to').value.trim();
  for (const [name, value] of [['From', from], ['To', to]]) {
    if (value && !TIME.test(value)) return `${name} must be a day (2026-03-02) or an instant (2026-03-02T09:00:00Z).`;
  }
  if (from && to && Date.parse(from) >= Date.parse(to)) return 'To must be after From.';
  return '';
}

function updateExportLink() {
  const q = new URLSearchParams({ format: $('#export-format').value });
  const from = $('#export-from').value.trim();
  const to = $('#export-to').value.trim();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const link = $('#export-link');
  link.href = `/api/v1/audit/export?${q}`;
  link.textContent = `Download the trail (${q.get('format') === 'json' ? 'JSON Lines' : 'CSV'})`;
  $('#export-problem').textContent = '';
}

for (const id of ['#export-from', '#export-to', '#export-format']) $(id).addEventListener('input', updateExportLink);
$('#export-link').addEventListener('click', (event) => {
  const problem = exportProblem();
  $('#export-problem').textContent = problem;
  if (problem) event.preventDefault();
});
