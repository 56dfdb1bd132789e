// Careers: search, view and edit (form or JSON), create, delete, stale-edit
// conflicts, revision history with a side-by-side diff, and rollback.

import {h, clear, announce, time, valueNode, focus} from './dom.js';
import {get, post, request, getCareer, ApiError} from './api.js';
import {
  buildFields, readFields, clearFieldErrors, showFieldError, flatten, allPaths, same,
  reapply, labelOf,
} from './fields.js';

const PAGE = 25;
const careerPath = (id) => `/admin/v1/careers/${encodeURIComponent(id)}`;

function heading(text) {
  return h('h2', {class: 'view-title', tabindex: '-1'}, text);
}

function writeNote(app) {
  return app.canWrite ? null : h('p', {class: 'note', role: 'note'},
    'Your token can read only: saving, creating, deleting and rolling back are turned off.');
}

function problemText(error) {
  return error instanceof ApiError ? error.message : String(error && error.message ? error.message : error);
}

// -------------------------------------------------------------- the list

export function careersList(view, app, query) {
  let q = query.get('q') || '';
  let offset = Number(query.get('offset')) || 0;

  const input = h('input', {type: 'search', id: 'career-search', name: 'q', value: q, autocomplete: 'off',
    'aria-describedby': 'career-search-hint'});
  const results = h('div', {class: 'results'});
  const form = h('form', {role: 'search', class: 'search', onsubmit: (event) => {
    event.preventDefault();
    q = input.value.trim();
    offset = 0;
    load(true);
  }},
  h('label', {for: 'career-search'}, 'Search careers'),
  h('div', {class: 'inline'}, input, h('button', {type: 'submit', class: 'primary'}, 'Search')),
  h('p', {class: 'hint', id: 'career-search-hint'},
    'Matches ids, titles and aliases, or the start of a SOC code. Leave empty to list every career.'));

  const create = h('button', {type: 'button', class: 'secondary', disabled: !app.canWrite,
    onclick: () => app.navigate('#/careers/new')}, 'New career');

  append(view, heading('Careers'), writeNote(app), h('div', {class: 'toolbar'}, create), form, results);

  // With a search, every match is fetched and ranked here (titles that
  // match best first), then shown a page at a time; without, the server pages.
  let ranked = null;

  async function fetchPage() {
    const params = new URLSearchParams();
    if (!q) {
      params.set('limit', String(PAGE));
      if (offset) params.set('offset', String(offset));
      const {data} = await get(`/admin/v1/careers?${params}`);
      return {items: data.items, total: data.total ?? data.items.length};
    }
    if (!ranked || ranked.q !== q) {
      params.set('q', q);
      params.set('limit', '1000');
      const {data} = await get(`/admin/v1/careers?${params}`);
      ranked = {q, items: rank(data.items, q), total: data.total ?? data.items.length};
    }
    return {items: ranked.items.slice(offset, offset + PAGE), total: ranked.items.length};
  }

  async function load(say) {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (offset) params.set('offset', String(offset));
    const hash = `#/careers${params.toString() ? `?${params}` : ''}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    results.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await fetchPage();
    } catch (error) {
      results.removeAttribute('aria-busy');
      clear(results).append(h('p', {class: 'error'}, `Could not search: ${problemText(error)}`));
      return;
    }
    results.removeAttribute('aria-busy');
    clear(results);
    const total = data.total;
    const summary = q ? `${total} ${total === 1 ? 'career matches' : 'careers match'} “${q}”.`
      : `${total} careers.`;
    results.append(h('p', {class: 'count'}, summary));
    if (say) announce(summary);
    if (!data.items.length) return;
    results.append(h('table', {class: 'list', id: 'career-results'},
      h('caption', {class: 'visually-hidden'}, q ? `Careers matching ${q}` : 'All careers'),
      h('thead', null, h('tr', null, ['Title', 'Id', 'SOC code', 'Origin', 'Revision', 'Updated'].map(
        (name) => h('th', {scope: 'col'}, name)))),
      h('tbody', null, data.items.map((item) => h('tr', null,
        h('th', {scope: 'row'}, h('a', {href: `#/careers/${encodeURIComponent(item.id)}`}, item.title || item.id)),
        h('td', null, h('code', null, item.id)),
        h('td', null, item.soc_code || '—'),
        h('td', null, item.origin || 'curated'),
        h('td', {class: 'num'}, String(item.revision ?? '')),
        h('td', null, time(item.updated_at)))))));
    const pager = h('div', {class: 'pager'});
    const from = offset + 1;
    const to = offset + data.items.length;
    pager.append(h('span', null, `Showing ${from}–${to} of ${total}`));
    if (offset > 0) {
      pager.append(h('button', {type: 'button', class: 'secondary', onclick: () => {
        offset = Math.max(0, offset - PAGE);
        load(true);
      }}, 'Previous page'));
    }
    if (to < total) {
      pager.append(h('button', {type: 'button', class: 'secondary', onclick: () => {
        offset += PAGE;
        load(true);
      }}, 'Next page'));
    }
    results.append(pager);
  }

  load();
}

/** Best matches first: the title itself, then titles starting with or holding the words, then the rest. */
export function rank(items, query) {
  const q = query.toLowerCase();
  const word = new RegExp(`(^|[^a-z0-9])${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  const score = (item) => {
    const t = String(item.title || '').toLowerCase();
    if (t === q) return 0;
    if (t.startsWith(q)) return 1;
    if (word.test(t)) return 2;
    if (t.includes(q)) return 3;
    if (String(item.id).includes(q)) return 4;
    return 5;
  };
  return items.map((item) => ({item, s: score(item)}))
    .sort((a, b) => a.s - b.s || String(a.item.title).length - String(b.item.title).length
      || String(a.item.title).localeCompare(String(b.item.title)))
    .map((x) => x.item);
}

function append(parent, ...children) {
  for (const child of children) if (child) parent.append(child);
}

// ----------------------------------------------------------- the editor

function careerTabs(id, current) {
  const link = (href, text, name) => h('a', {href, 'aria-current': current === name ? 'page' : null}, text);
  return h('nav', {class: 'subnav', 'aria-label': 'This career'},
    h('ul', null,
      h('li', null, link(`#/careers/${encodeURIComponent(id)}`, 'Profile', 'edit')),
      h('li', null, link(`#/careers/${encodeURIComponent(id)}/history`, 'Revision history', 'history'))));
}

export async function careerEditor(view, app, id) {
  const creating = id === undefined;
  const state = {profile: null, revision: 0, mode: 'form'};

  if (creating) {
    state.profile = {id: '', title: '', aliases: [], summary: '', tasks: [], steps: []};
  } else {
    view.append(heading('Loading career…'));
    try {
      const found = await getCareer(id);
      state.profile = found.profile;
      state.revision = found.revision;
    } catch (error) {
      clear(view).append(heading('Career not found'),
        h('p', {class: 'error'}, problemText(error)),
        error.status === 404 ? h('p', null, 'A deleted career can be brought back from ',
          h('a', {href: `#/careers/${encodeURIComponent(id)}/history`}, 'its revision history'), '.') : null,
        h('p', null, h('a', {href: '#/careers'}, 'Back to the careers')));
      return;
    }
  }

  const title = heading('');
  const meta = h('p', {class: 'meta'});
  const conflictArea = h('div', {class: 'conflict-area'});
  const formError = h('p', {class: 'form-error', role: 'alert', hidden: true, tabindex: '-1'});
  const body = h('div', {class: 'editor-body'});
  const modeForm = h('button', {type: 'button', class: 'toggle', 'aria-pressed': 'true'}, 'Form');
  const modeJson = h('button', {type: 'button', class: 'toggle', 'aria-pressed': 'false'}, 'JSON');
  const modes = h('div', {class: 'modes', role: 'group', 'aria-label': 'Edit as'}, h('span', {class: 'modes-label'}, 'Edit as: '), modeForm, modeJson);
  const deleteArea = h('div', {class: 'delete-area'});

  clear(view);
  append(view, title, creating ? null : careerTabs(id, 'edit'), meta, writeNote(app), conflictArea, modes, formError, body, deleteArea);

  function describeHeader() {
    const p = state.profile;
    title.textContent = creating ? 'New career' : (p.title || p.id);
    clear(meta);
    if (!creating) {
      meta.append(`Id `, h('code', null, p.id), ` · revision ${state.revision} · updated `, time(p.updated_at),
        ` · ${p.origin || 'curated'}`, p.soc_code ? ` · SOC ${p.soc_code}` : '');
    }
  }

  function showFormError(message) {
    formError.textContent = message;
    formError.hidden = false;
    focus(formError);
  }

  function hideFormError() {
    formError.hidden = true;
    formError.textContent = '';
  }

  // The form, or the JSON editor, showing `doc`.
  function renderBody(doc) {
    clear(body);
    hideFormError();
    modeForm.setAttribute('aria-pressed', String(state.mode === 'form'));
    modeJson.setAttribute('aria-pressed', String(state.mode === 'json'));
    const saveLabel = creating ? 'Create career' : 'Save changes';
    if (state.mode === 'form') {
      const form = h('form', {class: 'profile-form', novalidate: true, 'aria-label': creating ? 'New career' : 'Career profile'},
        buildFields(doc, {readOnly: !app.canWrite, creating}),
        h('div', {class: 'actions'},
          h('button', {type: 'submit', class: 'primary', disabled: !app.canWrite}, saveLabel),
          h('button', {type: 'button', class: 'secondary', onclick: () => app.tryQuestion(`what does a ${doc.title || 'this career'} do`)},
            'Try it in the test pane')));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!app.canWrite) return;
        let next;
        try {
          next = readFields(form, state.profile);
        } catch (error) {
          clearFieldErrors(form);
          if (!showFieldError(form, error.field, error.message)) showFormError(error.message);
          return;
        }
        save(next);
      });
      body.append(form);
    } else {
      const text = JSON.stringify(strip(doc), null, 2);
      const area = h('textarea', {id: 'profile-json', class: 'json-editor', rows: 24, spellcheck: false,
        value: text, readOnly: !app.canWrite, 'aria-describedby': 'profile-json-hint'});
      area.dataset.field = '(document)';
      area.dataset.hint = 'profile-json-hint';
      const form = h('form', {class: 'json-form', novalidate: true},
        h('div', {class: 'field'},
          h('label', {for: 'profile-json'}, 'The whole profile as JSON'),
          area,
          h('p', {class: 'hint', id: 'profile-json-hint'},
            'Every field of the profile, including ones the form does not show in detail. revision and updated_at are set by the server.'),
          h('p', {class: 'field-error', id: 'profile-json-error', hidden: true})),
        h('div', {class: 'actions'},
          h('button', {type: 'submit', class: 'primary', disabled: !app.canWrite}, creating ? 'Create career' : 'Save JSON')));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!app.canWrite) return;
        clearFieldErrors(form);
        let next;
        try {
          next = JSON.parse(area.value);
        } catch (error) {
          showFieldError(form, '(document)', `Not valid JSON: ${error.message}`);
          return;
        }
        if (!next || typeof next !== 'object' || Array.isArray(next)) {
          showFieldError(form, '(document)', 'The profile must be a JSON object.');
          return;
        }
        save(next);
      });
      body.append(form);
    }
  }

  // The document currently in the editor (whichever mode).
  function currentDoc() {
    const form = body.querySelector('form');
    if (state.mode === 'form') return readFields(form, state.profile);
    return JSON.parse(body.querySelector('textarea').value);
  }

  function switchMode(mode) {
    if (state.mode === mode) return;
    let doc;
    try {
      doc = currentDoc();
    } catch (error) {
      showFormError(`Fix this first: ${error.message}`);
      return;
    }
    state.mode = mode;
    renderBody(doc);
    (mode === 'form' ? modeForm : modeJson).focus();
  }
  modeForm.addEventListener('click', () => switchMode('form'));
  modeJson.addEventListener('click', () => switchMode('json'));

  function showProblem(error) {
    const form = body.querySelector('form');
    clearFieldErrors(form);
    let message = error.message;
    if (state.mode === 'json') {
      showFieldError(form, '(document)', message);
    } else if (!error.field || !showFieldError(form, error.field, message)) {
      showFormError(message);
    }
    announce(`Not saved: ${message}`, 'error');
  }

  async function save(doc, options = {}) {
    const form = body.querySelector('form');
    clearFieldErrors(form);
    hideFormError();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      if (creating) {
        const result = await post('/admin/v1/careers', strip(doc));
        const newId = result.data.id || doc.id;
        app.navigate(`#/careers/${encodeURIComponent(newId)}`,
          `Created ${result.data.title || newId} (revision ${result.revision ?? result.data.revision ?? 1}).`);
        return;
      }
      const result = await request('PUT', careerPath(id), {body: strip(doc), ifMatch: state.revision});
      state.profile = result.data;
      state.revision = result.revision ?? result.data.revision;
      describeHeader();
      renderBody(state.profile);
      clear(conflictArea);
      announce(options.reapplied
        ? `Saved revision ${state.revision}: your changes on top of revision ${options.reapplied}.`
        : `Saved revision ${state.revision}.`);
      body.querySelector('button[type=submit]').focus();
    } catch (error) {
      button.disabled = !app.canWrite;
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 412) {
        await showConflict(doc);
      } else if (error.status === 422) {
        if (options.reapplied) renderBody(doc);
        showProblem(error);
      } else if (error.status === 409) {
        if (!showFieldError(form, 'id', error.message)) showFormError(error.message);
        announce(`Not saved: ${error.message}`, 'error');
      } else if (error.status === 404) {
        showFormError(`This career no longer exists (deleted meanwhile?): ${error.message}`);
      } else if (error.status !== 401) {
        showFormError(`Not saved: ${error.message}`);
        announce(`Not saved: ${error.message}`, 'error');
      }
    }
  }

  // 412: someone saved meanwhile. Show theirs against mine, field by field.
  async function showConflict(mine) {
    const base = state.profile;
    let theirs;
    let theirRevision;
    try {
      const found = await getCareer(id);
      theirs = found.profile;
      theirRevision = found.revision;
    } catch (error) {
      showFormError(`This career changed meanwhile and could not be fetched again: ${problemText(error)}`);
      return;
    }
    let who = '';
    try {
      const {data} = await get(`${careerPath(id)}/revisions`);
      const entry = (data.revisions || []).find((r) => r.revision === theirRevision);
      if (entry) who = ` by ${entry.actor} at ${time(entry.at).textContent}`;
    } catch {
      // the history is a nicety here
    }
    const baseMap = flatten(base);
    const theirMap = flatten(theirs);
    const mineMap = flatten(mine);
    const rows = allPaths(baseMap, theirMap, mineMap).filter((path) => (
      !same(baseMap.get(path), theirMap.get(path)) || !same(baseMap.get(path), mineMap.get(path))));
    const headingEl = h('h3', {tabindex: '-1', id: 'conflict-heading'}, 'Someone else saved this career while you were editing');
    const reapplyButton = h('button', {type: 'button', class: 'primary'}, 'Reapply my changes on top');
    const discardButton = h('button', {type: 'button', class: 'secondary'}, 'Discard mine');
    const panel = h('section', {class: 'conflict', 'aria-labelledby': 'conflict-heading'},
      headingEl,
      h('p', null, `You started from revision ${state.revision}; it is now at revision ${theirRevision}${who}. `,
        'Your changes are not saved yet. Compare, then reapply your changes on top of theirs (your value wins where you both changed a field), or discard yours.'),
      h('table', {class: 'diff conflict-table'},
        h('caption', null, `Fields that differ (${rows.length})`),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, 'Field'),
          h('th', {scope: 'col'}, `Theirs (revision ${theirRevision})`),
          h('th', {scope: 'col'}, 'Yours (not saved)'),
          h('th', {scope: 'col'}, 'Changed by'))),
        h('tbody', null, rows.map((path) => {
          const theyChanged = !same(baseMap.get(path), theirMap.get(path));
          const youChanged = !same(baseMap.get(path), mineMap.get(path));
          let by = theyChanged ? 'them' : 'you';
          if (theyChanged && youChanged) by = same(theirMap.get(path), mineMap.get(path)) ? 'both, the same way' : 'both (yours wins on reapply)';
          return h('tr', {class: ['changed', theyChanged ? 'theirs' : null, youChanged ? 'yours' : null]},
            h('th', {scope: 'row'}, labelOf(path)),
            h('td', null, valueNode(theirMap.get(path))),
            h('td', null, valueNode(mineMap.get(path))),
            h('td', null, h('strong', null, by)));
        }))),
      h('div', {class: 'actions'}, reapplyButton, discardButton));
    reapplyButton.addEventListener('click', async () => {
      reapplyButton.disabled = true;
      discardButton.disabled = true;
      const merged = reapply(base, mine, theirs);
      state.profile = theirs;
      state.revision = theirRevision;
      describeHeader();
      clear(conflictArea);
      renderBody(merged);
      await save(merged, {reapplied: theirRevision});
    });
    discardButton.addEventListener('click', () => {
      state.profile = theirs;
      state.revision = theirRevision;
      describeHeader();
      clear(conflictArea);
      renderBody(theirs);
      announce(`Your changes were discarded; showing revision ${theirRevision}.`);
      focus(title);
    });
    clear(conflictArea).append(panel);
    announce(`Not saved: the career changed meanwhile (now revision ${theirRevision}).`, 'error');
    focus(headingEl);
  }

  function renderDelete() {
    clear(deleteArea);
    if (creating) return;
    const open = h('button', {type: 'button', class: 'danger', disabled: !app.canWrite}, 'Delete this career…');
    deleteArea.append(h('h3', null, 'Delete'), open);
    open.addEventListener('click', () => {
      const yes = h('button', {type: 'button', class: 'danger'}, 'Yes, delete it');
      const no = h('button', {type: 'button', class: 'secondary'}, 'Cancel');
      const question = h('p', {id: 'delete-question', tabindex: '-1'},
        `Delete “${state.profile.title}” (${state.profile.id})? careerbot stops answering about it at once. `,
        'Its revisions stay in the history.');
      const confirmBox = h('div', {class: 'confirm', role: 'group', 'aria-labelledby': 'delete-question'}, question, h('div', {class: 'actions'}, yes, no));
      open.replaceWith(confirmBox);
      focus(question);
      no.addEventListener('click', () => {
        renderDelete();
        deleteArea.querySelector('button').focus();
      });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        try {
          await request('DELETE', careerPath(id), {ifMatch: state.revision});
          app.navigate('#/careers', `Deleted ${state.profile.title} (${id}).`);
        } catch (error) {
          yes.disabled = false;
          const text = error.status === 412
            ? 'Not deleted: the career changed meanwhile. Reload it and check before deleting.'
            : `Not deleted: ${problemText(error)}`;
          confirmBox.append(h('p', {class: 'error', role: 'alert'}, text));
        }
      });
    });
  }

  describeHeader();
  renderBody(state.profile);
  renderDelete();
  focus(title);
}

function strip(doc) {
  const copy = {...doc};
  delete copy.revision;
  delete copy.updated_at;
  return copy;
}

// ----------------------------------------------------------- history

export async function careerHistory(view, app, id, query) {
  const title = heading(`Revision history`);
  append(view, title, careerTabs(id, 'history'), writeNote(app));
  const listArea = h('div');
  const compareArea = h('div');
  const diffArea = h('div', {class: 'diff-area'});
  view.append(listArea, compareArea, diffArea);

  let current = null; // {profile, revision} or null when deleted
  let revisions = [];
  let showAll = false;

  async function load() {
    try {
      current = await getCareer(id);
    } catch (error) {
      if (error.status !== 404) throw error;
      current = null;
    }
    const {data} = await get(`${careerPath(id)}/revisions`);
    revisions = [...(data.revisions || [])].sort((a, b) => b.revision - a.revision);
    title.textContent = `Revision history of ${current ? current.profile.title : id}`;
  }

  function renderList() {
    clear(listArea);
    const latest = current ? current.revision : (revisions[0] && revisions[0].revision);
    listArea.append(h('table', {class: 'list revisions'},
      h('caption', null, `${revisions.length} revision${revisions.length === 1 ? '' : 's'}, newest first`),
      h('thead', null, h('tr', null, ['Revision', 'When', 'Who', 'Action', 'Roll back'].map((n) => h('th', {scope: 'col'}, n)))),
      h('tbody', null, revisions.map((r) => h('tr', null,
        h('th', {scope: 'row'}, String(r.revision), r.revision === latest && current ? h('span', {class: 'tag'}, ' current') : null),
        h('td', null, time(r.at)),
        h('td', null, r.actor),
        h('td', null, r.action),
        h('td', null, (r.revision === latest && current) || r.action === 'delete' ? h('span', {class: 'muted'}, '—')
          : h('button', {type: 'button', class: 'secondary small', disabled: !app.canWrite,
            onclick: (event) => confirmRollback(r, event.currentTarget)}, `Roll back to revision ${r.revision}`)))))));
  }

  function confirmRollback(entry, opener) {
    const yes = h('button', {type: 'button', class: 'primary'}, `Roll back to revision ${entry.revision}`);
    const no = h('button', {type: 'button', class: 'secondary'}, 'Cancel');
    const text = h('p', {id: 'rollback-question', tabindex: '-1'},
      `Restore revision ${entry.revision} (${entry.action} by ${entry.actor})? `,
      'This saves a new revision with its content; nothing is lost.');
    const box = h('div', {class: 'confirm', role: 'group', 'aria-labelledby': 'rollback-question'}, text, h('div', {class: 'actions'}, yes, no));
    listArea.querySelector('.confirm')?.remove();
    listArea.append(box);
    focus(text);
    no.addEventListener('click', () => {
      box.remove();
      opener.focus();
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        const expected = current ? current.revision : revisions[0].revision;
        const result = await post(`${careerPath(id)}/rollback`, {revision: entry.revision}, {ifMatch: expected});
        const now = result.revision ?? result.data.revision;
        await load();
        renderList();
        const previous = revisions[1] ? revisions[1].revision : now;
        renderCompare(previous, now);
        await showDiff(previous, now);
        announce(`Rolled back to revision ${entry.revision}: saved as revision ${now}.`);
        focus(title);
      } catch (error) {
        yes.disabled = false;
        box.append(h('p', {class: 'error', role: 'alert'}, error.status === 412
          ? 'Not rolled back: the career changed meanwhile. The list is refreshed; try again.'
          : `Not rolled back: ${problemText(error)}`));
        if (error.status === 412) {
          await load();
          renderList();
        }
      }
    });
  }

  function renderCompare(left, right) {
    clear(compareArea);
    if (revisions.length < 2) {
      compareArea.append(h('p', {class: 'muted'}, 'There is only one revision, so nothing to compare yet.'));
      return;
    }
    const options = (selected) => revisions.map((r) => h('option', {value: String(r.revision), selected: r.revision === selected},
      `Revision ${r.revision} (${r.action}, ${r.actor})`));
    const leftSelect = h('select', {id: 'diff-left'}, options(left));
    const rightSelect = h('select', {id: 'diff-right'}, options(right));
    const all = h('input', {type: 'checkbox', id: 'diff-all', checked: showAll});
    const form = h('form', {class: 'compare-form', onsubmit: (event) => {
      event.preventDefault();
      showAll = all.checked;
      showDiff(Number(leftSelect.value), Number(rightSelect.value));
    }},
    h('h3', null, 'Compare two revisions'),
    h('div', {class: 'inline wrap'},
      h('div', {class: 'field'}, h('label', {for: 'diff-left'}, 'Left'), leftSelect),
      h('div', {class: 'field'}, h('label', {for: 'diff-right'}, 'Right'), rightSelect),
      h('div', {class: 'field field-checkbox'}, all, h('label', {for: 'diff-all'}, 'Show unchanged fields too')),
      h('button', {type: 'submit', class: 'primary'}, 'Compare')));
    compareArea.append(form);
  }

  async function showDiff(left, right) {
    clear(diffArea);
    let a;
    let b;
    try {
      [a, b] = await Promise.all([left, right].map((n) => get(`${careerPath(id)}/revisions/${n}`).then((r) => r.data)));
    } catch (error) {
      diffArea.append(h('p', {class: 'error'}, `Could not load the revisions: ${problemText(error)}`));
      return;
    }
    const leftMap = flatten(a.profile || {});
    const rightMap = flatten(b.profile || {});
    const paths = allPaths(leftMap, rightMap);
    const changed = new Set(paths.filter((p) => !same(leftMap.get(p), rightMap.get(p))));
    const shown = showAll ? paths : paths.filter((p) => changed.has(p));
    const marksFor = (other) => (text) => {
      const list = Array.isArray(other) ? other.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : [];
      return list.includes(text) ? '' : 'only-here';
    };
    const caption = `Revision ${a.revision} (${a.action} by ${a.actor}) against revision ${b.revision} (${b.action} by ${b.actor}): ${changed.size} field${changed.size === 1 ? '' : 's'} changed`;
    diffArea.append(h('table', {class: 'diff', id: 'revision-diff'},
      h('caption', null, caption),
      h('thead', null, h('tr', null,
        h('th', {scope: 'col'}, 'Field'),
        h('th', {scope: 'col'}, `Revision ${a.revision}`),
        h('th', {scope: 'col'}, `Revision ${b.revision}`))),
      h('tbody', null, shown.length ? shown.map((path) => {
        const isChanged = changed.has(path);
        const lv = leftMap.get(path);
        const rv = rightMap.get(path);
        return h('tr', {class: isChanged ? 'changed' : null, dataset: {field: path}},
          h('th', {scope: 'row'}, labelOf(path), isChanged ? h('span', {class: 'badge'}, 'changed') : null),
          h('td', null, valueNode(lv, Array.isArray(lv) && Array.isArray(rv) ? marksFor(rv) : null)),
          h('td', null, valueNode(rv, Array.isArray(lv) && Array.isArray(rv) ? marksFor(lv) : null)));
      }) : h('tr', null, h('td', {colspan: '3'}, 'The two revisions hold the same profile.')))));
    if (!a.profile || !b.profile) {
      diffArea.append(h('p', {class: 'note'}, `${!a.profile ? `Revision ${a.revision}` : `Revision ${b.revision}`} is a deletion: it holds no profile.`));
    }
  }

  try {
    await load();
  } catch (error) {
    view.append(h('p', {class: 'error'}, `Could not load the history: ${problemText(error)}`));
    return;
  }
  renderList();
  const right = Number(query.get('right')) || (revisions[0] && revisions[0].revision);
  const left = Number(query.get('left')) || (revisions[1] ? revisions[1].revision : right);
  renderCompare(left, right);
  if (revisions.length >= 2) await showDiff(left, right);
  focus(title);
}

