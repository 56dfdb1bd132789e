// Unanswered questions: the groups careerbot could not answer, by count or
// last seen. A group becomes an alias of a career (PATCH with If-Match, then
// dismissed), or is ignored for good.

import {h, append, clear, announce, time, focus, uid} from './dom.js';
import {get, post, request, getCareer, ApiError} from './api.js';
import {rank} from './careers.js';

function groupsOf(data) {
  if (Array.isArray(data.groups)) return data.groups;
  // A server without groups: each question is its own group.
  return (data.questions || []).map((q) => ({text: q.text, count: q.count, last_seen: q.last_seen, questions: [q]}));
}

/** A first guess at the job name in a question ("what does a zorblattist do" -> "zorblattist"); the admin edits it. */
export function guessAlias(text) {
  let phrase = text.toLowerCase().replace(/[?!.,;:]+/g, ' ').replace(/\s+/g, ' ').trim();
  const lead = /^(?:.*?\b(?:does|do|is|are|about|become|becoming|being|as|for|of)\s+)?(?:an?|the)\s+/;
  const stripped = phrase.replace(lead, '');
  if (stripped && stripped !== phrase) phrase = stripped;
  else phrase = phrase.replace(/^(?:what|how much|how many|how|where|who|why)\s+(?:do|does|is|are|can|would)\s+/, '');
  phrase = phrase.replace(/\s+(?:do|does|make|makes|earn|earns|need|needs|get paid|salary|pay|all day)$/, '');
  return phrase || text;
}

function textsOf(group) {
  const texts = new Set([group.text]);
  for (const q of group.questions || []) texts.add(q.text);
  return [...texts];
}

async function dismiss(texts, forever) {
  const body = {texts};
  if (forever) body.forever = true;
  return post('/admin/v1/unanswered/dismiss', body);
}

/** Adds `alias` to a career's aliases (PATCH, If-Match; one retry on a stale revision). */
export async function addAlias(careerId, alias) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const {profile, revision} = await getCareer(careerId);
    const aliases = Array.isArray(profile.aliases) ? [...profile.aliases] : [];
    if (aliases.some((a) => a.toLowerCase() === alias.toLowerCase())) return {profile, revision, already: true};
    aliases.push(alias);
    try {
      const result = await request('PATCH', `/admin/v1/careers/${encodeURIComponent(careerId)}`,
        {body: {aliases}, ifMatch: revision});
      return {profile: result.data, revision: result.revision ?? result.data.revision};
    } catch (error) {
      if (error.status !== 412 || attempt === 1) throw error;
    }
  }
  throw new Error('unreachable');
}

function careerPicker(onChoose) {
  const id = uid('pick');
  const input = h('input', {type: 'search', id: `${id}-q`, autocomplete: 'off'});
  const list = h('div', {class: 'pick-results'});
  let chosen = null;
  let timer = 0;
  const set = h('fieldset', {class: 'picker'}, h('legend', null, 'Career'),
    h('label', {for: `${id}-q`}, 'Find the career'),
    h('div', {class: 'inline'}, input, h('button', {type: 'button', class: 'secondary', onclick: () => search()}, 'Search')),
    list);

  async function search() {
    const q = input.value.trim();
    clear(list);
    if (!q) return;
    try {
      const {data: found} = await get(`/admin/v1/careers?${new URLSearchParams({q, limit: '1000'})}`);
      const data = {items: rank(found.items, q).slice(0, 10), total: found.items.length};
      if (!data.items.length) {
        list.append(h('p', {class: 'muted'}, `No career matches “${q}”.`));
        return;
      }
      list.append(h('div', {class: 'radios', role: 'radiogroup', 'aria-label': `Careers matching ${q}`},
        data.items.map((item) => {
          const radioId = `${id}-${item.id}`;
          const radio = h('input', {type: 'radio', name: `${id}-career`, id: radioId, value: item.id,
            checked: chosen === item.id});
          radio.addEventListener('change', () => {
            chosen = item.id;
            onChoose(item);
          });
          return h('div', {class: 'radio'}, radio, h('label', {for: radioId}, `${item.title} `, h('code', null, item.id)));
        })),
      h('p', {class: 'muted'}, `${data.total} match${data.total === 1 ? '' : 'es'}${data.total > 10 ? '; the first 10 are shown' : ''}.`));
    } catch (error) {
      list.append(h('p', {class: 'error'}, `Could not search: ${error.message}`));
    }
  }
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      search();
    }
  });
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 350);
  });
  return {element: set, input};
}

export function unansweredView(view, app) {
  let sortBy = 'count';
  let groups = [];
  const title = h('h2', {class: 'view-title', tabindex: '-1'}, 'Unanswered questions');
  const sort = h('select', {id: 'unanswered-sort'},
    h('option', {value: 'count'}, 'Most asked first'),
    h('option', {value: 'last_seen'}, 'Most recent first'));
  const refresh = h('button', {type: 'button', class: 'secondary'}, 'Refresh');
  const list = h('div', {class: 'groups'});
  append(view, title,
    app.canWrite ? null : h('p', {class: 'note', role: 'note'}, 'Your token can read only: adding aliases and dismissing are turned off.'),
    h('p', {class: 'hint'}, 'Questions careerbot could not answer, grouped by wording. Add a group as an alias of the career it meant, or ignore it for good.'),
    h('div', {class: 'toolbar'}, h('label', {for: 'unanswered-sort'}, 'Order '), sort, refresh),
    list);
  sort.addEventListener('change', () => {
    sortBy = sort.value;
    render();
  });
  refresh.addEventListener('click', () => load(true));

  function sorted() {
    const copy = [...groups];
    if (sortBy === 'last_seen') copy.sort((a, b) => String(b.last_seen).localeCompare(String(a.last_seen)) || b.count - a.count);
    else copy.sort((a, b) => b.count - a.count || String(b.last_seen).localeCompare(String(a.last_seen)));
    return copy;
  }

  function render() {
    clear(list);
    if (!groups.length) {
      list.append(h('p', {class: 'empty'}, 'Nothing unanswered. careerbot answered every question it was asked.'));
      return;
    }
    list.append(h('p', {class: 'count'}, `${groups.length} group${groups.length === 1 ? '' : 's'}.`));
    list.append(h('ul', {class: 'group-list'}, sorted().map((group, index) => h('li', null, groupCard(group, index)))));
  }

  function groupCard(group, index) {
    const headingId = uid('group');
    const actions = h('div', {class: 'actions'});
    const work = h('div', {class: 'group-work'});
    const card = h('article', {class: 'group', 'aria-labelledby': headingId, dataset: {text: group.text}},
      h('h3', {id: headingId}, `“${group.text}”`),
      h('p', {class: 'meta'}, `Asked ${group.count} time${group.count === 1 ? '' : 's'} · last seen `, time(group.last_seen)),
      (group.questions || []).length > 1 || ((group.questions || [])[0] && group.questions[0].text !== group.text)
        ? h('details', null, h('summary', null, `${group.questions.length} wording${group.questions.length === 1 ? '' : 's'}`),
          h('ul', null, group.questions.map((q) => h('li', null, `“${q.text}” · ${q.count}× · ${q.channel || 'unknown channel'} · `, time(q.last_seen)))))
        : null,
      actions, work);
    const aliasButton = h('button', {type: 'button', class: 'primary', disabled: !app.canWrite}, 'Add as alias…');
    const ignoreButton = h('button', {type: 'button', class: 'secondary', disabled: !app.canWrite}, 'Ignore for good');
    const tryButton = h('button', {type: 'button', class: 'secondary'}, 'Try it');
    actions.append(aliasButton, ignoreButton, tryButton);
    tryButton.addEventListener('click', () => app.tryQuestion(group.text));

    ignoreButton.addEventListener('click', async () => {
      ignoreButton.disabled = true;
      try {
        await dismiss(textsOf(group), true);
        groups = groups.filter((g) => g !== group);
        render();
        announce(`Ignored “${group.text}” for good.`);
        focus(list.querySelector('h3') || title);
      } catch (error) {
        ignoreButton.disabled = false;
        work.append(h('p', {class: 'error', role: 'alert'}, `Not dismissed: ${error.message}`));
      }
    });

    aliasButton.addEventListener('click', () => {
      clear(work);
      const aliasId = uid('alias');
      const alias = h('input', {type: 'text', id: aliasId, value: guessAlias(group.text), autocomplete: 'off',
        'aria-describedby': `${aliasId}-hint`});
      const chosenLine = h('p', {class: 'chosen', 'aria-live': 'polite'}, 'No career chosen yet.');
      let chosen = null;
      const add = h('button', {type: 'submit', class: 'primary', disabled: true}, 'Add alias');
      const cancel = h('button', {type: 'button', class: 'secondary'}, 'Cancel');
      const errorLine = h('p', {class: 'error', role: 'alert', hidden: true});
      const picker = careerPicker((item) => {
        chosen = item;
        chosenLine.textContent = `Chosen: ${item.title} (${item.id}).`;
        add.disabled = false;
      });
      const form = h('form', {class: 'alias-form', 'aria-label': `Add “${group.text}” as an alias`},
        h('div', {class: 'field'},
          h('label', {for: aliasId}, 'Alias to add'),
          alias,
          h('p', {class: 'hint', id: `${aliasId}-hint`}, 'The name people used, trimmed to the job name itself (for example “zorblatt wrangler”, not the whole question).')),
        picker.element, chosenLine, errorLine,
        h('div', {class: 'actions'}, add, cancel));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const phrase = alias.value.trim();
        errorLine.hidden = true;
        if (!phrase) {
          errorLine.textContent = 'Write the alias to add.';
          errorLine.hidden = false;
          alias.focus();
          return;
        }
        if (!chosen) {
          errorLine.textContent = 'Choose a career first.';
          errorLine.hidden = false;
          picker.input.focus();
          return;
        }
        add.disabled = true;
        try {
          const result = await addAlias(chosen.id, phrase);
          await dismiss(textsOf(group), false);
          groups = groups.filter((g) => g !== group);
          render();
          announce(result.already
            ? `“${phrase}” was already an alias of ${chosen.title}; the question is dismissed.`
            : `Added “${phrase}” as an alias of ${chosen.title} (revision ${result.revision}); the question is dismissed.`);
          focus(list.querySelector('h3') || title);
        } catch (error) {
          add.disabled = false;
          let text = error.message;
          if (error instanceof ApiError && error.status === 422) text = `The alias was refused: ${error.message}`;
          errorLine.textContent = text;
          errorLine.hidden = false;
        }
      });
      cancel.addEventListener('click', () => {
        clear(work);
        aliasButton.focus();
      });
      work.append(form);
      picker.input.focus();
    });
    return card;
  }

  async function load(announceIt) {
    list.setAttribute('aria-busy', 'true');
    try {
      const {data} = await get('/admin/v1/unanswered');
      groups = groupsOf(data);
      render();
      if (announceIt) announce(`${groups.length} unanswered group${groups.length === 1 ? '' : 's'}.`);
    } catch (error) {
      clear(list).append(h('p', {class: 'error'}, `Could not load the unanswered questions: ${error.message}`));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }
  load(false);
  focus(title);
}

