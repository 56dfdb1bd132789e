// Small DOM helpers. Everything the console shows is built with
// createElement and textContent: no HTML strings, no inline styles (the page
// runs under a strict Content-Security-Policy).

const PROPERTIES = new Set([
  'value', 'checked', 'disabled', 'readOnly', 'selected', 'hidden', 'multiple',
  'required', 'type', 'name', 'min', 'max', 'step', 'rows', 'tabIndex', 'accept',
  'autocomplete', 'spellcheck',
]);

/** Appends children (nodes, strings, numbers, arrays; null/false are skipped). */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'x'}, 'Save')
 * `text` sets textContent; `on<event>` adds a listener; `dataset` fills data-*.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'style') throw new Error('inline styles are not allowed (CSP)');
      if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      else if (key === 'text') el.textContent = String(value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (PROPERTIES.has(key)) el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  return append(el, children);
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let counter = 0;
/** A fresh element id with a readable prefix. */
export function uid(prefix = 'x') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Says something politely in the console's live region ("Saved revision 4"). */
export function announce(message, kind = 'info') {
  const region = document.getElementById('status');
  if (!region) return;
  region.dataset.kind = kind;
  // Emptying first makes a repeated message be read again.
  region.textContent = '';
  window.setTimeout(() => { region.textContent = message; }, 30);
}

/** "2026-11-30T03:00:49Z" -> <time datetime=...>2026-11-30 03:00 UTC</time> */
export function time(iso) {
  if (!iso) return h('span', {class: 'muted'}, '—');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', null, String(iso));
  const text = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return h('time', {datetime: iso}, text);
}

/** A readable text for any JSON value. */
export function plain(value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

/** Shows a JSON value as a DOM node: lists as lists, objects as JSON. */
export function valueNode(value, marks) {
  if (value === undefined || value === null) return h('span', {class: 'muted'}, '(not set)');
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', {class: 'muted'}, '(empty list)');
    return h('ul', {class: 'values'}, value.map((item) => {
      const text = typeof item === 'string' ? item : JSON.stringify(item);
      const mark = marks ? marks(text) : '';
      return h('li', {class: mark || null},
        mark === 'only-here' ? h('span', {class: 'tag'}, 'only here ') : null, text);
    }));
  }
  if (typeof value === 'object') return h('pre', {class: 'json'}, JSON.stringify(value, null, 2));
  if (typeof value === 'string' && value === '') return h('span', {class: 'muted'}, '(empty)');
  return h('span', null, plain(value));
}

/** Moves focus to an element (a heading gets tabindex=-1 first). */
export function focus(el) {
  if (!el) return;
  if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.tabIndex = -1;
  el.focus();
}

export function randomId(bytes = 8) {
  const data = new Uint8Array(bytes);
  crypto.getRandomValues(data);
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join('');
}
