// The reviewer's page: my review items soonest due first (paged by review-scheduler), the evidence of one item
// (the grant, how it came to be, when it was last certified, what changed since), certify or revoke with a reason,
// and a campaign's progress.
import { $, call, text, showProblem, holdsOneOf, button, row, emptyRow, facts, table, when, say } from './common.js';
import { settle } from './settle.js';

const SIZE = 20;
const OVERSIGHT = 'COMPLIANCE IAM AUDITOR';
const view = { me: null, page: 0, total: 0, itemId: null, kind: null };

export function loadReviewer(me) {
  view.me = me;
  view.page = 0;
  $('#progress-note').textContent = holdsOneOf(me, OVERSIGHT)
    ? 'The whole campaign, by reviewer, and your share of it.'
    : 'Your share of the campaign (the whole campaign is for COMPLIANCE, IAM and AUDITOR).';
  return loadItems();
}

function itemsQuery() {
  const q = new URLSearchParams({ status: $('#review-status').value, page: String(view.page), size: String(SIZE) });
  const campaignId = $('#review-campaign').value.trim();
  if (campaignId) q.set('campaignId', campaignId);
  if ($('#review-overdue').checked) q.set('overdue', 'true');
  return q;
}

/** Renders a page of my items; returns them, or null when they could not be read. */
async function loadItems() {
  $('#reviews-problem').replaceChildren();
  try {
    const page = await call('GET', `/api/v1/reviews/items?${itemsQuery()}`);
    view.total = page.total;
    const items = page.items || [];
    $('#reviews tbody').replaceChildren(...(items.length ? items.map(itemRow) : [emptyRow('No review items.', 6)]));
    const pages = Math.max(1, Math.ceil(page.total / SIZE));
    say($('#reviews-page'), `Page ${view.page + 1} of ${pages} (${page.total} item${page.total === 1 ? '' : 's'})`);
    $('#reviews-previous').disabled = view.page === 0;
    $('#reviews-next').disabled = (view.page + 1) * SIZE >= page.total;
    return items;
  } catch (e) {
    showProblem($('#reviews-problem'), e);
    return null;
  }
}

function accessOf(item) {
  if (item.kind === 'UNGOVERNED' && item.finding) {
    const f = item.finding;
    return `${f.userName || f.memberId} in ${f.group} on ${f.target} (no request behind it)`;
  }
  return `${item.holder} holds ${item.entitlement}`;
}

function flagsOf(item) {
  const flags = [];
  if (item.kind === 'UNGOVERNED') flags.push('Ungoverned access');
  if (item.reviewerApprovedIt) flags.push('You approved it');
  if (item.escalated) flags.push('Escalated');
  if (item.delegateId) flags.push(`Delegated to ${item.delegateId}`);
  if (item.reviewerGroup) flags.push(`Queue ${item.reviewerGroup}`);
  if (!item.outcome && item.dueAt && Date.parse(item.dueAt) <= Date.now()) flags.push('Overdue');
  const cell = document.createElement('td');
  for (const f of flags) cell.append(text('span', f, 'flag'));
  return cell;
}

function itemRow(item) {
  const tr = row(when(item.dueAt), accessOf(item), item.campaignId, flagsOf(item), item.outcome || 'Open',
    button('Evidence', () => openItem(item.itemId), 'secondary'));
  tr.dataset.itemId = item.itemId;
  tr.lastChild.firstChild.setAttribute('aria-label', `Evidence: ${accessOf(item)}`);
  return tr;
}

function yesNo(value) {
  return value ? 'yes' : 'no';
}

function conditionsOf(c) {
  if (!c) return null;
  return [c.accessDuration && `for ${c.accessDuration}`, c.mfaRequired && 'MFA required', c.monitoring && 'monitored']
    .filter(Boolean).join(', ') || 'none';
}

function evidenceOf(detail) {
  const { item, grant, changedSince } = detail;
  if (item.kind === 'UNGOVERNED') {
    const f = item.finding || {};
    return [text('h4', 'The finding'), facts([['Target', f.target], ['Group', f.group], ['Member on the target', f.memberId],
      ['User name', f.userName], ['Matched employee', f.matchedEmployee || 'nobody in the directory'],
      ['Finding', f.findingId]])];
  }
  const g = grant || {};
  const parts = [text('h4', 'The grant'), facts([['Holder', g.holderName ? `${g.holderName} (${g.holder})` : item.holder],
    ['Access', item.entitlement], ['Sensitivity', g.resourceSensitivity], ['Regulatory tags', (g.regulatoryTags || []).join(', ')],
    ['Privileged', yesNo(g.privileged)], ['Resource owner', g.resourceOwner], ['Granted', when(g.grantedAt)], ['Expires', when(g.expiresAt)],
    ['Ended', when(g.endedAt)], ['Target', g.connector], ['Target reference', g.provisioningReference]]),
  text('h4', 'How it came to be'), facts([['Requested by', g.requester], ['Submitted', when(g.submittedAt)],
    ['Justification', g.justification], ['Ticket', g.ticketRef], ['Approved by', (g.approvedBy || []).join(', ')],
    ['Approved', when(g.approvedAt)], ['Conditions', conditionsOf(g.conditions)], ['Policy version', g.policyVersion]]),
  text('h4', 'Since the last look'), facts([['Last certified', when(detail.lastCertifiedAt) || 'never'],
    ['Changes counted since', changedSince && when(changedSince.since)],
    ['Holder changed position', changedSince && yesNo(changedSince.holderChangedPosition)],
    ['Policy now', changedSince && (changedSince.policyVersionChanged
      ? `${changedSince.policyVersionNow} (approved under ${changedSince.approvedUnderPolicyVersion})`
      : changedSince.policyVersionNow)],
    ['Separation-of-duties rules involving it', changedSince && (changedSince.sodRulesInvolvingIt || []).join(', ')]])];
  return parts;
}

async function openItem(itemId) {
  view.itemId = itemId;
  view.kind = null;
  const section = $('#review-item');
  $('#review-decision-problem').replaceChildren();
  clearReasonError();
  try {
    const detail = await call('GET', `/api/v1/reviews/items/${encodeURIComponent(itemId)}`);
    const item = detail.item;
    view.kind = item.kind;
    // Access no request explains needs a reason either way (keepingUngovernedAccessNeedsAReason, revokingNeedsAReason).
    $('#review-reason-label').textContent = item.kind === 'UNGOVERNED' ? 'Reason (required to keep or to remove)'
      : 'Reason (required to revoke)';
    $('#review-item-title').textContent = `Review item ${item.itemId}: ${accessOf(item)}`;
    $('#review-evidence').replaceChildren(...evidenceOf(detail));
    const decided = Boolean(item.outcome);
    $('#review-decision-form').hidden = decided;
    $('#review-decided').textContent = decided
      ? `Decided ${item.outcome} by ${item.decidedBy || 'the system'} at ${when(item.decidedAt) || ''}${item.comment ? ` — ${item.comment}` : ''}`
      : '';
    $('#review-decision-form').reset();
    $('#review-delegation-form').reset();
    // Ungoverned access is decided by its reviewer, never delegated (the service answers 422).
    $('#review-delegation-form').hidden = decided || item.kind === 'UNGOVERNED';
    section.hidden = false;
    $('#review-item-title').focus();
    $('#progress-campaign').value = item.campaignId;
    await loadProgress(item.campaignId);
  } catch (e) {
    section.hidden = false;
    $('#review-evidence').replaceChildren();
    showProblem($('#review-decision-problem'), e);
  }
}

function clearReasonError() {
  $('#review-reason-error').textContent = '';
  $('#review-reason').removeAttribute('aria-invalid');
}

/**
 * Recorded by the service: close the item's forms, say what was recorded, and re-read the list until it `shows` the
 * change (the list follows as the view reads the event), saying `done` then.
 */
function recorded(done, outcome, shows) {
  $('#review-decision-form').hidden = true;
  $('#review-delegation-form').hidden = true;
  $('#review-decided').textContent = outcome;
  return settle($('#reviewer-status'), loadItems, shows, { done });
}

$('#review-decision-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const decision = form.get('decision');
  const reason = (form.get('reason') || '').trim();
  clearReasonError();
  $('#review-decision-problem').replaceChildren();
  if (!reason && (decision === 'REVOKE' || view.kind === 'UNGOVERNED')) {
    $('#review-reason-error').textContent = decision === 'REVOKE' ? 'Say why the access must go: revoking needs a reason.'
      : 'Say why access that no request explains may stay: keeping it needs a reason.';
    $('#review-reason').setAttribute('aria-invalid', 'true');
    $('#review-reason').focus();
    return;
  }
  try {
    const { itemId } = view;
    await call('POST', `/api/v1/reviews/items/${encodeURIComponent(itemId)}/decision`, reason ? { decision, reason } : { decision });
    const done = `${decision === 'REVOKE' ? 'Revoked' : 'Certified'}: item ${itemId}.`;
    // Decided once the list no longer shows the item open (it leaves "To decide"; elsewhere it shows its outcome).
    await recorded(done, `${done}${reason ? ` Reason: ${reason}` : ''}`,
      (items) => !items.some((i) => i.itemId === itemId && !i.outcome));
  } catch (e) {
    showProblem($('#review-decision-problem'), e);
  }
});

$('#review-delegation-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const delegateId = $('#review-delegate').value.trim();
  const reason = $('#review-delegation-reason').value.trim();
  $('#review-decision-problem').replaceChildren();
  try {
    const { itemId } = view;
    await call('POST', `/api/v1/reviews/items/${encodeURIComponent(itemId)}/delegation`, reason ? { delegateId, reason } : { delegateId });
    await recorded(`Item ${itemId} handed to ${delegateId}.`, `Delegated to ${delegateId}.`,
      (items) => !items.some((i) => i.itemId === itemId && i.delegateId !== delegateId));
  } catch (e) {
    showProblem($('#review-decision-problem'), e);
  }
});

async function countMine(campaignId, status) {
  const q = new URLSearchParams({ campaignId, status, page: '0', size: '1' });
  return (await call('GET', `/api/v1/reviews/items?${q}`)).total;
}

async function loadProgress(campaignId) {
  $('#progress-problem').replaceChildren();
  const parts = [];
  try {
    const [decided, open] = await Promise.all([countMine(campaignId, 'DECIDED'), countMine(campaignId, 'OPEN')]);
    parts.push(text('p', `Your share of ${campaignId}: ${decided} decided, ${open} open.`));
    if (holdsOneOf(view.me, OVERSIGHT)) {
      const p = await call('GET', `/api/v1/reviews/campaigns/${encodeURIComponent(campaignId)}`);
      const c = p.counts || {};
      const decidedAll = (c.items || 0) - (c.open || 0);
      const meter = document.createElement('progress');
      meter.max = c.items || 0;
      meter.value = decidedAll;
      meter.id = 'campaign-meter';
      const label = text('label', `${p.campaign.name}: ${decidedAll} of ${c.items} decided${p.campaign.closedAt ? ' (closed)' : ''}`);
      label.htmlFor = meter.id;
      parts.push(label, meter, facts([['Certified', c.certified], ['Revoked', c.revoked],
        ['Revoked unanswered', c.revokedUnanswered], ['Kept flagged', c.keptFlagged], ['Open', c.open],
        ['Overdue', p.overdue], ['Ends', when(p.campaign.endsAt)]]));
      parts.push(table('By reviewer', ['Reviewer', 'Decided', 'Open', 'Overdue'],
        (p.byReviewer || []).map((r) => row(r.reviewer, r.decided, r.open, r.overdue))));
    }
  } catch (e) {
    showProblem($('#progress-problem'), e);
  }
  $('#progress').replaceChildren(...parts);
}

$('#review-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  view.page = 0;
  loadItems();
});
$('#reviews-previous').addEventListener('click', () => { view.page = Math.max(0, view.page - 1); loadItems(); });
$('#reviews-next').addEventListener('click', () => { view.page += 1; loadItems(); });
$('#review-decision-form').addEventListener('change', clearReasonError);
$('#progress-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const campaignId = $('#progress-campaign').value.trim();
  if (campaignId) loadProgress(campaignId);
});
