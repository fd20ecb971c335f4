// The policy page over policy-service: the published versions, one version's document, what one version changes against
// another (the service's diff over the document model), a what-if of a version or a pasted candidate over the requests
// already judged, and (ADMIN) publishing a new version, with the service's refusal shown field by field.
import { $, call, text, showProblem, button, row, emptyRow, facts, when, say, holdsOneOf } from './common.js';

export async function loadAdmin(me) {
  $('#publish').hidden = !holdsOneOf(me, 'ADMIN');
  await loadVersions();
}

/** Renders the versions and offers them in the diff and what-if pickers; returns them, or null when unreadable. */
async function loadVersions() {
  $('#versions-problem').replaceChildren();
  $('#versions').setAttribute('aria-busy', 'true');
  try {
    const versions = await call('GET', '/api/v1/policy/versions');
    $('#versions tbody').replaceChildren(...(versions.length ? versions.slice().reverse().map((v) => {
      const open = button(`Open version ${v.version}`, () => showVersion(v.version), 'secondary');
      const tr = row(v.version, when(v.publishedAt), v.publishedBy, (v.summary || []).join('; '), open);
      tr.dataset.version = v.version;
      return tr;
    }) : [emptyRow('No version is published yet.', 5)]));
    offer(versions);
    return versions;
  } catch (e) {
    showProblem($('#versions-problem'), e);
    return null;
  } finally {
    $('#versions').setAttribute('aria-busy', 'false');
  }
}

/** The pickers list every version, newest first; the diff defaults to the newest against the one before it. */
function offer(versions) {
  const numbers = versions.map((v) => v.version).reverse();
  const options = (chosen) => numbers.map((n) => {
    const o = text('option', `Version ${n}`);
    o.value = n;
    o.selected = n === chosen;
    return o;
  });
  $('#diff-to').replaceChildren(...options(numbers[0]));
  $('#diff-from').replaceChildren(...options(numbers[1] ?? numbers[0]));
  const pasted = text('option', 'The candidate document pasted below');
  pasted.value = '';
  $('#what-if-version').replaceChildren(...options(numbers[0]), pasted);
}

async function showVersion(version) {
  const target = $('#version-view');
  try {
    const v = await call('GET', `/api/v1/policy/versions/${encodeURIComponent(version)}`);
    const heading = text('h3', `Version ${v.version}`);
    heading.tabIndex = -1;
    const doc = v.document || {};
    const details = document.createElement('details');
    details.append(text('summary', 'The whole document'), text('pre', JSON.stringify(doc, null, 2)));
    target.replaceChildren(heading, facts([['Published', when(v.publishedAt)], ['By', v.publishedBy || 'system'],
      ['What it changed', (v.summary || []).join('; ')],
      ['Contents', `${(doc.resources || []).length} resources, ${(doc.profiles || []).length} profiles, `
        + `${(doc.sodRules || []).length} SoD rules`]]), details);
    heading.focus();
  } catch (e) {
    showProblem(target, e);
  }
}

/** A value of the document as a person reads it: text as it is, anything else as compact JSON. */
function value(v) {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : text('pre', JSON.stringify(v));
}

$('#diff-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const from = $('#diff-from').value;
  const to = $('#diff-to').value;
  $('#diff-problem').replaceChildren();
  try {
    const diff = await call('GET', `/api/v1/policy/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const entries = diff.entries || [];
    say($('#diff-summary'), `Version ${diff.to} against version ${diff.from}: ${entries.length} `
      + `difference${entries.length === 1 ? '' : 's'}.`);
    $('#diff tbody').replaceChildren(...(entries.length ? entries.map((e) => {
      const tr = row(text('code', e.path), e.change, value(e.before), value(e.after));
      tr.dataset.path = e.path;
      return tr;
    }) : [emptyRow('The two versions say the same.', 4)]));
  } catch (e) {
    $('#diff tbody').replaceChildren();
    say($('#diff-summary'), '');
    showProblem($('#diff-problem'), e);
  }
});

/** A verdict as a line: risk, stages, whether it could be approved automatically, and its findings. */
function verdict(v) {
  if (!v) return 'not judged: the resource is not in this policy';
  return `risk ${v.riskLevel}; stages ${(v.stages || []).join(', ') || 'none'}; `
    + `${v.autoApprovable ? 'auto-approvable' : 'not auto-approvable'}`
    + ((v.findings || []).length ? `; findings ${v.findings.join(', ')}` : '');
}

$('#what-if-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('#what-if-status');
  const run = $('#what-if-run');
  const version = $('#what-if-version').value;
  const body = version ? { version } : { draft: $('#what-if-draft').value };
  for (const [name, id] of [['from', '#what-if-from'], ['to', '#what-if-to']]) {
    const v = $(id).value.trim();
    if (v) body[name] = v;
  }
  $('#what-if-problem').replaceChildren();
  $('#what-if tbody').replaceChildren();
  run.disabled = true;
  status.classList.add('updating');
  say(status, `Judging the past requests again under ${version ? 'version ' + version : 'the candidate'}…`);
  try {
    const report = await call('POST', '/api/v1/policy/what-if', body);
    say(status, `${report.evaluated} request${report.evaluated === 1 ? '' : 's'} judged again; ${report.changed} `
      + `would be judged differently${report.truncated ? ' (only the first 10,000 were judged)' : ''}.`);
    $('#what-if tbody').replaceChildren(...(report.differences.length ? report.differences.map((d) => {
      const tr = row(d.requestId, when(d.evaluatedAt), verdict(d.before), verdict(d.after), (d.why || []).join('; '));
      tr.dataset.requestId = d.requestId;
      return tr;
    }) : [emptyRow('No verdict would change.', 5)]));
  } catch (e) {
    say(status, 'The what-if did not run.');
    showProblem($('#what-if-problem'), e);
  } finally {
    run.disabled = false;
    status.classList.remove('updating');
  }
});

$('#publish-start').addEventListener('click', async () => {
  $('#publish-problem').replaceChildren();
  try {
    const active = await call('GET', '/api/v1/policy');
    $('#publish-document').value = JSON.stringify(active.document, null, 2);
    say($('#admin-status'), `The document of version ${active.version} is in the editor.`);
  } catch (e) {
    showProblem($('#publish-problem'), e);
  }
});

$('#publish-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const source = $('#publish-document').value;
  const type = source.trim().startsWith('{') ? 'application/json' : 'application/yaml';
  $('#publish-problem').replaceChildren();
  try {
    const published = await call('PUT', '/api/v1/policy', source, type);
    say($('#admin-status'), `Published version ${published.version}.`);
    await loadVersions();
  } catch (e) {
    say($('#admin-status'), 'Not published.');
    showProblem($('#publish-problem'), e);
  }
});

$('#refresh-versions').addEventListener('click', loadVersions);
