// What every page of the web app shares: the one way to call the console's /api/** (problem+json turned into an
// Error carrying the problem), building DOM from text only (no markup is ever parsed from data), and showing a refusal readably.
export const $ = (sel) => document.querySelector(sel);

/** A call with a JSON body (any value), or with a text body sent as it is when `contentType` names its type. */
export async function call(method, path, body, contentType) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType || 'application/json';
    init.body = contentType ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (response.status === 401 && path.startsWith('/api/')) {
    // No session, or its token expired: the page shows the sign-in again (app.js listens).
    window.dispatchEvent(new CustomEvent('accessledger:signed-out'));
  }
  if (!response.ok) {
    const error = new Error((data && (data.detail || data.title)) || response.statusText);
    error.problem = { status: response.status, ...(data || {}) };
    throw error;
  }
  return data;
}

export function text(tag, content, className) {
  const el = document.createElement(tag);
  el.textContent = content ?? '';
  if (className) el.className = className;
  return el;
}

/** A service's refusal as a person reads it: what it is (title and status), why (detail), and each field at fault. */
export function showProblem(target, error) {
  const problem = error.problem || {};
  const heading = [problem.title, problem.status ? `(${problem.status})` : ''].filter(Boolean).join(' ');
  target.replaceChildren(text('p', heading && heading !== error.message ? `${heading}: ${error.message}` : error.message));
  const errors = problem.errors;
  if (Array.isArray(errors) && errors.length) {
    const list = document.createElement('ul');
    for (const e of errors) list.append(text('li', [e.field || e.pointer || e.code, e.detail || e.message || e.code].filter(Boolean).join(': ')));
    target.append(list);
  }
}

/** Does a person acting with me.roles hold one of the space-separated roles? */
export function holdsOneOf(me, roles) {
  const mine = (me && me.roles) || [];
  return roles.split(/\s+/).filter(Boolean).some((r) => mine.includes(r));
}

export function button(label, onClick, className) {
  const b = text('button', label, className);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** A table row of cells; a cell is a string or an element. */
export function row(...cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    if (c instanceof HTMLElement && c.tagName === 'TD') tr.append(c);
    else if (c instanceof Node) { const td = document.createElement('td'); td.append(c); tr.append(td); }
    else tr.append(text('td', c == null ? '' : String(c)));
  }
  return tr;
}

/** A table with a caption, column headers and body rows. */
export function table(caption, headers, rows) {
  const t = document.createElement('table');
  const head = document.createElement('tr');
  for (const h of headers) {
    const th = text('th', h);
    th.scope = 'col';
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  tbody.append(...rows);
  t.append(text('caption', caption), thead, tbody);
  return t;
}

export function emptyRow(message, columns) {
  const cell = text('td', message);
  cell.colSpan = columns;
  return row(cell);
}

/** A labelled input made in a script: the label's for names the input's id. */
export function labelled(labelText, id, attributes = {}) {
  const label = text('label', labelText);
  label.htmlFor = id;
  const input = document.createElement('input');
  input.id = id;
  for (const [k, v] of Object.entries(attributes)) input.setAttribute(k, v);
  return [label, input];
}

/** A definition list of [term, value] pairs; a value is a string or an element, absent ones shown as a dash. */
export function facts(pairs) {
  const dl = document.createElement('dl');
  for (const [term, value] of pairs) {
    dl.append(text('dt', term));
    const dd = document.createElement('dd');
    if (value instanceof Node) dd.append(value);
    else dd.textContent = value == null || value === '' ? '—' : String(value);
    dl.append(dd);
  }
  return dl;
}

/** An RFC 3339 instant as a person reads it (2026-03-02 09:00 UTC); anything else unchanged. */
export function when(iso) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/.exec(iso || '');
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function say(target, message) {
  target.textContent = message;
}
