// The fields of a career profile (knowledge/profile.schema.json), the form
// made from them, reading the form back into a document, showing a 422's
// problem next to the field it names, and comparing documents field by field.

import {h, uid, focus} from './dom.js';

const SOURCE = [
  {key: 'source', label: 'Source', type: 'text', hint: 'Who publishes the figure.'},
  {key: 'as_of', label: 'As of', type: 'text', hint: 'The date the figure describes, e.g. 2024-05.'},
];

export const FIELDS = [
  {key: 'id', label: 'Id', type: 'text', required: true, createOnly: true,
    hint: 'Lower-case letters and digits joined by single hyphens, e.g. registered-nurse. Fixed once created.'},
  {key: 'title', label: 'Title', type: 'text', required: true, hint: 'Singular, e.g. Registered Nurse.'},
  {key: 'title_plural', label: 'Plural title', type: 'text', hint: 'Used in sentences; defaults to the title.'},
  {key: 'aliases', label: 'Aliases', type: 'lines',
    hint: 'Other names people use (job titles, abbreviations, fields), one per line.'},
  {key: 'soc_code', label: 'SOC code', type: 'text', hint: 'O*NET-SOC code such as 15-1254.00.'},
  {key: 'origin', label: 'Origin', type: 'select', options: ['curated', 'imported'], blank: 'curated (default)',
    hint: 'Curated profiles win over imported ones for the same SOC code.'},
  {key: 'summary', label: 'Summary', type: 'textarea', required: true, hint: 'What they do, in two or three sentences.'},
  {key: 'tasks', label: 'Tasks', type: 'lines', required: true, hint: 'One task per line (at least one).'},
  {key: 'steps', label: 'Steps to enter the career', type: 'lines', required: true,
    hint: 'One step per line (1 to 20).'},
  {key: 'skills', label: 'Skills and technologies', type: 'lines', hint: 'One per line.'},
  {key: 'related', label: 'Related careers', type: 'lines', hint: 'Ids of related careers, one per line.'},
  {key: 'job_zone', label: 'Job zone', type: 'integer', min: 1, max: 5,
    hint: 'O*NET job zone, 1 (little preparation) to 5 (extensive).'},
  {key: 'median_salary', label: 'Median salary', type: 'object', fields: [
    {key: 'amount', label: 'Amount', type: 'number', min: 0.01, step: 'any', hint: 'More than 0.'},
    {key: 'currency', label: 'Currency', type: 'select', options: ['USD']},
    {key: 'period', label: 'Period', type: 'select', options: ['year', 'hour']},
    {key: 'region', label: 'Region', type: 'text'},
    {key: 'top_coded', label: 'Top-coded (the source only says "at least" this amount)', type: 'checkbox'},
    ...SOURCE]},
  {key: 'education', label: 'Education', type: 'object', fields: [
    {key: 'level', label: 'Level', type: 'text', hint: 'Most common (or typical entry) level.'},
    {key: 'share_percent', label: 'Share of workers (%)', type: 'number', min: 0, max: 100, step: 'any'},
    ...SOURCE]},
  {key: 'growth', label: 'Projected growth', type: 'object', fields: [
    {key: 'percent', label: 'Percent', type: 'number', min: -100, max: 1000, step: 'any'},
    {key: 'period', label: 'Period', type: 'text', hint: 'e.g. 2024-34 or 10 years.'},
    ...SOURCE]},
  {key: 'openings', label: 'Openings', type: 'object', fields: [
    {key: 'count', label: 'Count', type: 'integer', min: 0},
    {key: 'period', label: 'Period', type: 'select', options: ['current', 'year']},
    {key: 'region', label: 'Region', type: 'text'},
    ...SOURCE]},
  {key: 'employment', label: 'Employment', type: 'object', fields: [
    {key: 'count', label: 'Count', type: 'integer', min: 0},
    ...SOURCE]},
  {key: 'interests', label: 'Interests (RIASEC, 1 to 7)', type: 'object', fields: [
    ...['realistic', 'investigative', 'artistic', 'social', 'enterprising', 'conventional'].map((area) => (
      {key: area, label: area[0].toUpperCase() + area.slice(1), type: 'number', min: 1, max: 7, step: 'any'})),
    {key: 'code', label: 'Code', type: 'text', hint: 'Up to three different letters of RIASEC, strongest first.'},
    ...SOURCE]},
  {key: 'pay', label: 'Pay by percentile', type: 'object', fields: [
    {key: 'period', label: 'Period', type: 'select', options: ['year', 'hour']},
    ...['p10', 'p25', 'p50', 'p75', 'p90'].map((p) => (
      {key: p, label: p === 'p50' ? 'p50 (median)' : p, type: 'number', min: 0.01, step: 'any'})),
    {key: 'top_coded', label: 'Top-coded percentiles', type: 'checks', options: ['p10', 'p25', 'p50', 'p75', 'p90']},
    ...SOURCE]},
  {key: 'progression', label: 'Progression', type: 'steps',
    hint: 'Where this career leads, nearest step first: a career id, or a title when there is none.'},
  {key: 'study', label: 'What to study', type: 'object', fields: [
    {key: 'fields', label: 'Fields of study', type: 'lines'},
    {key: 'courses', label: 'Courses', type: 'lines'},
    {key: 'certifications', label: 'Certifications', type: 'lines'},
  ]},
];

/** "median_salary.amount" -> "Median salary › Amount" */
export function labelOf(path) {
  const parts = path.split('.');
  let list = FIELDS;
  const names = [];
  for (const part of parts) {
    const bare = part.replace(/\[\d+\]$/, '');
    const field = list && list.find((f) => f.key === bare);
    if (!field) {
      names.push(part);
      list = null;
      continue;
    }
    const index = /\[(\d+)\]$/.exec(part);
    names.push(index ? `${field.label} (item ${Number(index[1]) + 1})` : field.label);
    list = field.fields;
  }
  return names.join(' › ');
}

/** Every field path in form order (objects expanded), for ordering diffs. */
export const FIELD_ORDER = FIELDS.flatMap((f) => (
  f.type === 'object' ? f.fields.map((sub) => `${f.key}.${sub.key}`) : [f.key]));

// ---------------------------------------------------------------- the form

function controlId(path) {
  return `field-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

function describe(control, ...ids) {
  const list = ids.filter(Boolean);
  if (list.length) control.setAttribute('aria-describedby', list.join(' '));
  else control.removeAttribute('aria-describedby');
}

function hintNode(field, id) {
  return field.hint ? h('p', {class: 'hint', id}, field.hint) : null;
}

function errorSlot(path) {
  return h('p', {class: 'field-error', id: `${controlId(path)}-error`, hidden: true});
}

function simpleControl(field, path, value, options) {
  const id = controlId(path);
  const hintId = field.hint ? `${id}-hint` : null;
  const readOnly = options.readOnly || (field.createOnly && !options.creating);
  let control;
  switch (field.type) {
    case 'textarea':
      control = h('textarea', {id, rows: 4, value: value ?? '', readOnly});
      break;
    case 'lines':
      control = h('textarea', {id, rows: Math.min(12, Math.max(3, (value || []).length + 1)),
        value: Array.isArray(value) ? value.join('\n') : '', readOnly, spellcheck: true});
      break;
    case 'number':
    case 'integer':
      control = h('input', {id, type: 'number', inputmode: field.type === 'integer' ? 'numeric' : 'decimal',
        step: field.step || '1', value: value ?? '', readOnly});
      if (field.min !== undefined) control.min = String(field.min);
      if (field.max !== undefined) control.max = String(field.max);
      break;
    case 'select':
      control = h('select', {id, disabled: readOnly},
        h('option', {value: ''}, field.blank || '(not set)'),
        field.options.map((o) => h('option', {value: o, selected: value === o}, o)));
      if (value && !field.options.includes(value)) {
        control.append(h('option', {value, selected: true}, value));
      }
      break;
    case 'checkbox':
      control = h('input', {id, type: 'checkbox', checked: value === true, disabled: readOnly});
      break;
    default:
      control = h('input', {id, type: 'text', value: value ?? '', readOnly, autocomplete: 'off'});
  }
  control.dataset.field = path;
  control.dataset.type = field.type;
  if (field.required) control.setAttribute('aria-required', 'true');
  describe(control, hintId);
  control.dataset.hint = hintId || '';
  const label = h('label', {for: id}, field.label, field.required ? h('span', {class: 'req'}, ' (required)') : null);
  const wrapper = h('div', {class: ['field', `field-${field.type}`]});
  if (field.type === 'checkbox') wrapper.append(control, label);
  else wrapper.append(label, control);
  wrapper.append(hintNode(field, hintId) || '', errorSlot(path));
  return wrapper;
}

function checksControl(field, path, value, options) {
  const id = controlId(path);
  const chosen = new Set(Array.isArray(value) ? value : []);
  const set = h('fieldset', {class: 'checks', id, 'data-field': path, 'data-type': 'checks'},
    h('legend', null, field.label),
    field.options.map((option) => {
      const boxId = `${id}-${option}`;
      return h('span', {class: 'check'},
        h('input', {type: 'checkbox', id: boxId, value: option, checked: chosen.has(option), disabled: options.readOnly}),
        h('label', {for: boxId}, option));
    }),
    errorSlot(path));
  return set;
}

function stepRow(list, index, step, options) {
  const base = `progression[${index}]`;
  const make = (key, label, value) => {
    const id = `${controlId(base)}-${key}-${uid('s')}`;
    const input = h('input', {id, type: 'text', value: value || '', readOnly: options.readOnly, autocomplete: 'off'});
    input.dataset.field = `${base}.${key}`;
    input.dataset.part = key;
    return h('div', {class: 'field'}, h('label', {for: id}, label), input,
      h('p', {class: 'field-error', id: `${id}-error`, hidden: true}));
  };
  const row = h('fieldset', {class: 'step-row'},
    h('legend', null, `Step ${index + 1}`),
    make('career', 'Career id', step.career),
    make('title', 'Title (when there is no career id)', step.title),
    make('requires', 'What it takes', step.requires));
  if (!options.readOnly) {
    row.append(h('button', {type: 'button', class: 'link-button', onclick: () => {
      row.remove();
      renumberSteps(list);
    }}, `Remove step ${index + 1}`));
  }
  return row;
}

function renumberSteps(list) {
  [...list.querySelectorAll(':scope > .step-row')].forEach((row, index) => {
    row.querySelector('legend').textContent = `Step ${index + 1}`;
    for (const input of row.querySelectorAll('input')) {
      input.dataset.field = `progression[${index}].${input.dataset.part}`;
    }
    const remove = row.querySelector('button');
    if (remove) remove.textContent = `Remove step ${index + 1}`;
  });
}

function stepsControl(field, path, value, options) {
  const steps = Array.isArray(value) ? value : [];
  const list = h('div', {class: 'steps'});
  steps.forEach((step, index) => list.append(stepRow(list, index, step || {}, options)));
  const hintId = `${controlId(path)}-hint`;
  const set = h('fieldset', {class: 'group', 'data-field': path, 'data-type': 'steps', 'aria-describedby': hintId},
    h('legend', null, field.label),
    h('p', {class: 'hint', id: hintId}, field.hint),
    errorSlot(path),
    list);
  if (!options.readOnly) {
    set.append(h('button', {type: 'button', class: 'secondary', onclick: () => {
      const row = stepRow(list, list.children.length, {}, options);
      list.append(row);
      row.querySelector('input').focus();
    }}, 'Add a progression step'));
  }
  return set;
}

function objectControl(field, value, options) {
  const object = value && typeof value === 'object' ? value : {};
  const known = new Set(field.fields.map((f) => f.key));
  const extra = Object.keys(object).filter((k) => !known.has(k));
  return h('fieldset', {class: 'group', 'data-field': field.key, 'data-type': 'object'},
    h('legend', null, field.label),
    h('p', {class: 'hint'}, 'Leave every box empty to remove this section.'),
    errorSlot(field.key),
    h('div', {class: 'grid'}, field.fields.map((sub) => {
      const path = `${field.key}.${sub.key}`;
      return sub.type === 'checks'
        ? checksControl(sub, path, object[sub.key], options)
        : simpleControl(sub, path, object[sub.key], options);
    })),
    extra.length ? h('p', {class: 'hint'}, `Also holds ${extra.join(', ')} (edit them as JSON).`) : null);
}

/** The editing controls of a profile. options: {readOnly, creating} */
export function buildFields(profile, options = {}) {
  const doc = profile || {};
  return FIELDS.map((field) => {
    if (field.type === 'object') return objectControl(field, doc[field.key], options);
    if (field.type === 'steps') return stepsControl(field, field.key, doc[field.key], options);
    return simpleControl(field, field.key, doc[field.key], options);
  });
}

// ------------------------------------------------------- reading it back

function readSimple(form, field, path) {
  const control = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
  if (!control) return undefined;
  switch (field.type) {
    case 'lines':
      return control.value.split('\n').map((line) => line.trim()).filter(Boolean);
    case 'number':
    case 'integer': {
      if (control.validity && control.validity.badInput) {
        throw Object.assign(new Error('must be a number'), {field: path, local: true});
      }
      if (control.value.trim() === '') return undefined;
      return Number(control.value);
    }
    case 'select':
      return control.value === '' ? undefined : control.value;
    case 'checkbox':
      return control.checked ? true : undefined;
    case 'checks': {
      const chosen = [...control.querySelectorAll('input:checked')].map((box) => box.value);
      return chosen.length ? chosen : undefined;
    }
    default: {
      const text = control.value.trim();
      if (text === '' && !field.required) return undefined;
      return text;
    }
  }
}

function readSteps(form) {
  const rows = form.querySelectorAll('[data-field="progression"] .step-row');
  const steps = [];
  for (const row of rows) {
    const step = {};
    for (const input of row.querySelectorAll('input')) {
      const text = input.value.trim();
      if (text) step[input.dataset.part] = text;
    }
    if (Object.keys(step).length) steps.push(step);
  }
  return steps.length ? steps : undefined;
}

/**
 * The profile document the form describes, starting from `base` (so that
 * anything the form does not show is kept). Throws {field, message} for a
 * value the browser could not read (a number box holding letters).
 */
export function readFields(form, base) {
  const doc = JSON.parse(JSON.stringify(base || {}));
  delete doc.revision;
  delete doc.updated_at;
  for (const field of FIELDS) {
    let value;
    if (field.type === 'object') {
      const object = {...(doc[field.key] && typeof doc[field.key] === 'object' ? doc[field.key] : {})};
      let any = false;
      for (const sub of field.fields) {
        const subValue = readSimple(form, sub, `${field.key}.${sub.key}`);
        const empty = subValue === undefined || (Array.isArray(subValue) && subValue.length === 0);
        if (!empty) any = true;
        if (subValue === undefined) delete object[sub.key];
        else object[sub.key] = subValue;
      }
      value = any ? object : undefined;
    } else if (field.type === 'steps') {
      value = readSteps(form);
    } else {
      if (field.createOnly && !form.querySelector(`[data-field="${field.key}"]`)) continue;
      value = readSimple(form, field, field.key);
    }
    if (value === undefined) delete doc[field.key];
    else doc[field.key] = value;
  }
  return doc;
}

// ------------------------------------------------------------ problems

/** Removes every field error shown in `root`. */
export function clearFieldErrors(root) {
  for (const slot of root.querySelectorAll('.field-error')) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const control of root.querySelectorAll('[aria-invalid="true"]')) {
    control.removeAttribute('aria-invalid');
    describe(control, control.dataset.hint);
  }
}

/** The control (or group) for a problem's field path such as "tasks[2]" or "pay.p50". */
export function findControl(root, path) {
  let candidate = path;
  const tried = new Set();
  while (candidate && !tried.has(candidate)) {
    tried.add(candidate);
    const found = root.querySelector(`[data-field="${CSS.escape(candidate)}"]`);
    if (found) return found;
    if (/\[\d+\]$/.test(candidate)) candidate = candidate.replace(/\[\d+\]$/, '');
    else if (candidate.includes('.')) candidate = candidate.slice(0, candidate.lastIndexOf('.'));
    else break;
  }
  return null;
}

/** "Field 'title' must not be empty." -> "Must not be empty." (the field is already named by its label). */
export function fieldMessage(path, message) {
  const prefix = `Field '${path}' `;
  if (path && message.startsWith(prefix)) {
    const rest = message.slice(prefix.length);
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }
  return message;
}

/**
 * Shows `message` next to the field named by `path`, marks it invalid,
 * links it with aria-describedby and focuses it. Returns false when the
 * form has no such field (the caller shows the message elsewhere).
 */
export function showFieldError(root, path, message) {
  const control = findControl(root, path || '');
  if (!control) return false;
  const index = /\[(\d+)\]/.exec(path.slice(control.dataset.field.length));
  message = fieldMessage(path, message);
  const text = index && control.dataset.type === 'lines' ? `Line ${Number(index[1]) + 1}: ${message}` : message;
  let slot;
  if (control.matches('fieldset')) {
    slot = control.querySelector(':scope > .field-error');
  } else {
    slot = control.parentElement.querySelector(':scope > .field-error');
  }
  if (!slot) return false;
  slot.textContent = text;
  slot.hidden = false;
  const target = control.matches('fieldset')
    ? control.querySelector('input, select, textarea') || control
    : control;
  target.setAttribute('aria-invalid', 'true');
  describe(target, slot.id, target.dataset.hint);
  if (target.matches('fieldset')) focus(target.querySelector('legend') || target);
  else target.focus();
  if (typeof target.scrollIntoView === 'function') target.scrollIntoView({block: 'center'});
  return true;
}

// ------------------------------------------------------------ comparing

/** {a: {b: 1}, c: [..]} -> Map {"a.b" => 1, "c" => [..]} (lists stay whole). */
export function flatten(doc, prefix = '', out = new Map()) {
  if (!doc || typeof doc !== 'object') return out;
  for (const [key, value] of Object.entries(doc)) {
    if (!prefix && (key === 'revision' || key === 'updated_at')) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

export function same(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function order(path) {
  const at = FIELD_ORDER.indexOf(path);
  return at < 0 ? FIELD_ORDER.length : at;
}

/** Paths of every field in either document, in form order. */
export function allPaths(...maps) {
  const paths = new Set();
  for (const map of maps) for (const key of map.keys()) paths.add(key);
  return [...paths].sort((x, y) => order(x) - order(y) || x.localeCompare(y));
}

/** Paths whose values differ between two documents. */
export function changedPaths(a, b) {
  const left = flatten(a);
  const right = flatten(b);
  return allPaths(left, right).filter((path) => !same(left.get(path), right.get(path)));
}

/** A copy of `doc` with `path` set to value (undefined removes it). */
export function setPath(doc, path, value) {
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (!node[part] || typeof node[part] !== 'object' || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = JSON.parse(JSON.stringify(value));
  // A section left empty is removed.
  if (parts.length > 1 && Object.keys(node).length === 0) delete doc[parts[0]];
  return doc;
}

/** `theirs` with every change from `base` to `mine` applied on top. */
export function reapply(base, mine, theirs) {
  const result = JSON.parse(JSON.stringify(theirs));
  delete result.revision;
  delete result.updated_at;
  const mineMap = flatten(mine);
  for (const path of changedPaths(base, mine)) setPath(result, path, mineMap.get(path));
  return result;
}
