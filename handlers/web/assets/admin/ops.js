// Delivery (outbox and dead letters), the audit log, human handoffs, and
// import/export of the knowledge base.

import {h, append, clear, announce, time, focus, uid} from './dom.js';
import {get, post, request, token} from './api.js';

function title(text) {
  return h('h2', {class: 'view-title', tabindex: '-1'}, text);
}

function readOnlyNote(app, what) {
  return app.canWrite ? null : h('p', {class: 'note', role: 'note'}, `Your token can read only: ${what} turned off.`);
}

// ------------------------------------------------------------ delivery

export function deliveryView(view, app) {
  const heading = title('Delivery');
  const depth = h('p', {class: 'big-number', id: 'outbox-depth'});
  const dead = h('div');
  const refresh = h('button', {type: 'button', class: 'secondary'}, 'Refresh');
  append(view, heading, readOnlyNote(app, 'retrying is'),
    h('div', {class: 'toolbar'}, refresh),
    h('section', {'aria-labelledby': 'outbox-h'}, h('h3', {id: 'outbox-h'}, 'Outbox'), depth,
      h('p', {class: 'hint'}, 'Replies waiting to be sent (or retried with backoff) through their channels.')),
    h('section', {'aria-labelledby': 'dead-h'}, h('h3', {id: 'dead-h'}, 'Dead letters'),
      h('p', {class: 'hint'}, 'Replies that failed every attempt. Retry one once the channel works again.'), dead));
  refresh.addEventListener('click', () => load(true));

  async function load(say) {
    try {
      const {data} = await get('/admin/v1/outbox?limit=200');
      depth.textContent = `${data.pending} repl${data.pending === 1 ? 'y' : 'ies'} pending`;
      clear(dead);
      const letters = data.dead_letters || [];
      if (!letters.length) {
        dead.append(h('p', {class: 'empty'}, 'No dead letters.'));
      } else {
        dead.append(h('table', {class: 'list'},
          h('caption', {class: 'visually-hidden'}, 'Dead letters'),
          h('thead', null, h('tr', null, ['Entry', 'Channel', 'Message', 'Attempts', 'Last error', 'Retry'].map((n) => h('th', {scope: 'col'}, n)))),
          h('tbody', null, letters.map((letter) => h('tr', null,
            h('th', {scope: 'row'}, String(letter.id)),
            h('td', null, letter.channel),
            h('td', null, h('code', null, String(letter.message_id ?? ''))),
            h('td', {class: 'num'}, String(letter.attempts)),
            h('td', {class: 'error-text'}, letter.last_error || '—'),
            h('td', null, h('button', {type: 'button', class: 'secondary small', disabled: !app.canWrite,
              onclick: (event) => retry(letter, event.currentTarget)}, `Retry entry ${letter.id}`)))))));
      }
      if (say) announce(`${data.pending} pending, ${letters.length} dead letter${letters.length === 1 ? '' : 's'}.`);
    } catch (error) {
      clear(dead).append(h('p', {class: 'error'}, `Could not load the outbox: ${error.message}`));
    }
  }

  async function retry(letter, button) {
    button.disabled = true;
    try {
      await post(`/admin/v1/outbox/${encodeURIComponent(letter.id)}/retry`);
      announce(`Entry ${letter.id} is queued again.`);
      await load(false);
      focus(heading);
    } catch (error) {
      button.disabled = false;
      announce(`Not retried: ${error.message}`, 'error');
    }
  }

  load(false);
  focus(heading);
}

// ------------------------------------------------------------ audit

// {"changed": ["skills", "title"]} -> "changed: skills, title"
function detailText(detail) {
  if (detail === undefined || detail === null || detail === '') return '';
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail).map(([key, value]) => (
    `${key}: ${Array.isArray(value) ? value.join(', ') : (value && typeof value === 'object' ? JSON.stringify(value) : String(value))}`
  )).join('; ');
}

export function auditView(view, app) {
  const heading = title('Audit log');
  const table = h('div');
  const newer = h('button', {type: 'button', class: 'secondary'}, 'Newer entries');
  const older = h('button', {type: 'button', class: 'secondary'}, 'Older entries');
  const pageLabel = h('span', {class: 'muted'});
  const pages = []; // `before` of each page shown so far
  let before = 0;
  const LIMIT = 50;
  append(view, heading, h('p', {class: 'hint'}, 'Every change to the knowledge base: who, when, what. Newest first.'), table,
    h('div', {class: 'pager'}, newer, older, pageLabel));

  newer.addEventListener('click', () => {
    before = pages.pop() || 0;
    load();
  });
  older.addEventListener('click', () => {
    const rows = table.querySelectorAll('tbody tr');
    const last = rows[rows.length - 1];
    if (!last) return;
    pages.push(before);
    before = Number(last.dataset.seq);
    load();
  });

  async function load() {
    try {
      const params = new URLSearchParams({limit: String(LIMIT)});
      if (before) params.set('before', String(before));
      const {data} = await get(`/admin/v1/audit?${params}`);
      const entries = data.entries || [];
      clear(table);
      if (!entries.length) {
        table.append(h('p', {class: 'empty'}, 'No entries.'));
      } else {
        table.append(h('table', {class: 'list', id: 'audit-table'},
          h('caption', {class: 'visually-hidden'}, 'Audit entries'),
          h('thead', null, h('tr', null, ['#', 'When', 'Who', 'Action', 'Career', 'Revision', 'Detail'].map((n) => h('th', {scope: 'col'}, n)))),
          h('tbody', null, entries.map((e) => h('tr', {dataset: {seq: String(e.seq)}},
            h('th', {scope: 'row'}, String(e.seq)),
            h('td', null, time(e.at)),
            h('td', null, e.actor),
            h('td', null, e.action),
            h('td', null, e.career ? h('a', {href: `#/careers/${encodeURIComponent(e.career)}/history`}, e.career) : '—'),
            h('td', {class: 'num'}, e.revision && e.career && e.revision > 1
              ? h('a', {href: `#/careers/${encodeURIComponent(e.career)}/history?left=${e.revision - 1}&right=${e.revision}`,
                'aria-label': `Revision ${e.revision}: compare with revision ${e.revision - 1}`}, String(e.revision))
              : (e.revision ? String(e.revision) : '—')),
            h('td', null, detailText(e.detail)))))));
      }
      newer.disabled = before === 0;
      older.disabled = entries.length < LIMIT;
      pageLabel.textContent = ` Page ${pages.length + 1}`;
    } catch (error) {
      clear(table).append(h('p', {class: 'error'}, `Could not load the audit log: ${error.message}`));
    }
  }

  load();
  focus(heading);
}

// ------------------------------------------------------------ handoffs

export function handoffsView(view, app) {
  const heading = title('Handoffs');
  const all = h('input', {type: 'checkbox', id: 'handoffs-all'});
  const list = h('div', {class: 'handoffs'});
  const refresh = h('button', {type: 'button', class: 'secondary'}, 'Refresh');
  append(view, heading, readOnlyNote(app, 'replying and releasing are'),
    h('p', {class: 'hint'}, 'Conversations handed to a person: careerbot stays quiet in them until a counselor replies, releases them, or they expire.'),
    h('div', {class: 'toolbar'}, h('span', {class: 'field-checkbox'}, all, h('label', {for: 'handoffs-all'}, 'Show closed handoffs too')), refresh),
    list);
  all.addEventListener('change', () => load());
  refresh.addEventListener('click', () => load(true));

  function card(handoff) {
    const headingId = uid('handoff');
    const replyId = uid('reply');
    const open = handoff.state === 'open';
    const reply = h('textarea', {id: replyId, rows: 3, readOnly: !app.canWrite || !open});
    const send = h('button', {type: 'submit', class: 'primary', disabled: !app.canWrite || !open}, 'Send reply');
    const release = h('button', {type: 'button', class: 'secondary', disabled: !app.canWrite || !open}, 'Release to careerbot');
    const errorLine = h('p', {class: 'error', role: 'alert', hidden: true});
    const form = h('form', {class: 'reply-form'},
      h('label', {for: replyId}, 'Reply to this person'),
      reply,
      h('p', {class: 'hint'}, 'Sent through the person’s own channel; the handoff closes as answered.'),
      errorLine,
      h('div', {class: 'actions'}, send, release));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = reply.value.trim();
      errorLine.hidden = true;
      if (!text) {
        errorLine.textContent = 'Write a reply first.';
        errorLine.hidden = false;
        reply.focus();
        return;
      }
      send.disabled = true;
      try {
        await post(`/admin/v1/handoffs/${encodeURIComponent(handoff.id)}/reply`, {text});
        announce(`Reply sent; handoff ${handoff.id} is answered.`);
        await load();
        focus(heading);
      } catch (error) {
        send.disabled = false;
        errorLine.textContent = `Not sent: ${error.message}`;
        errorLine.hidden = false;
      }
    });
    release.addEventListener('click', async () => {
      release.disabled = true;
      try {
        await post(`/admin/v1/handoffs/${encodeURIComponent(handoff.id)}/release`);
        announce(`Handoff ${handoff.id} released: careerbot answers again.`);
        await load();
        focus(heading);
      } catch (error) {
        release.disabled = false;
        errorLine.textContent = `Not released: ${error.message}`;
        errorLine.hidden = false;
      }
    });
    return h('article', {class: ['handoff', `state-${handoff.state}`], 'aria-labelledby': headingId},
      h('h3', {id: headingId}, `Handoff ${handoff.id}: ${handoff.channel}`, h('span', {class: 'tag'}, ` ${handoff.state}`)),
      h('dl', {class: 'facts'},
        h('dt', null, 'Conversation'), h('dd', null, h('code', null, String(handoff.conversation ?? ''))),
        h('dt', null, 'Reason'), h('dd', null, handoff.reason || '—'),
        h('dt', null, 'Opened'), h('dd', null, time(handoff.opened_at)),
        open ? [h('dt', null, 'Expires'), h('dd', null, time(handoff.expires_at))]
          : [h('dt', null, 'Closed'), h('dd', null, time(handoff.closed_at))]),
      h('h4', null, 'Transcript'),
      (handoff.transcript || []).length
        ? h('ol', {class: 'transcript'}, handoff.transcript.map((m) => h('li', {class: `role-${m.role}`},
          h('span', {class: 'who'}, `${m.role}: `), h('span', {class: 'said'}, m.text), ' ', h('span', {class: 'muted'}, time(m.at)))))
        : h('p', {class: 'muted'}, 'No messages.'),
      form);
  }

  async function load(say) {
    try {
      const {data} = await get(`/admin/v1/handoffs?state=${all.checked ? 'all' : 'open'}`);
      const handoffs = data.handoffs || [];
      clear(list);
      if (!handoffs.length) list.append(h('p', {class: 'empty'}, all.checked ? 'No handoffs.' : 'No open handoffs.'));
      for (const handoff of handoffs) list.append(card(handoff));
      if (say) announce(`${handoffs.length} handoff${handoffs.length === 1 ? '' : 's'}.`);
    } catch (error) {
      clear(list).append(h('p', {class: 'error'}, error.status === 404
        ? 'This server has no handoffs (GET /admin/v1/handoffs answered 404).'
        : `Could not load the handoffs: ${error.message}`));
    }
  }

  load();
  focus(heading);
}

// ------------------------------------------------------------ import/export

// Reads profiles from a file's text: an export ({"profiles": [...]}), a list,
// one profile, or JSON Lines.
export function profilesFromText(text, name) {
  const trimmed = text.trim();
  if (!trimmed) return [];
  try {
    const doc = JSON.parse(trimmed);
    if (Array.isArray(doc)) return doc;
    if (doc && Array.isArray(doc.profiles)) return doc.profiles;
    if (doc && typeof doc === 'object') return [doc];
  } catch (error) {
    const lines = trimmed.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length > 1) {
      return lines.map((line, index) => {
        try {
          return JSON.parse(line);
        } catch (lineError) {
          throw new Error(`${name}, line ${index + 1}: not JSON (${lineError.message})`);
        }
      });
    }
    throw new Error(`${name}: not JSON (${error.message})`);
  }
  throw new Error(`${name}: expected a profile, a list of profiles or {"profiles": [...]}`);
}

export function transferView(view, app) {
  const heading = title('Import and export');
  const fileInput = h('input', {type: 'file', id: 'import-files', multiple: true, accept: '.json,.jsonl,application/json',
    disabled: !app.canWrite, 'aria-describedby': 'import-hint'});
  const preview = h('div', {class: 'preview', 'aria-live': 'polite'});
  const importButton = h('button', {type: 'submit', class: 'primary', disabled: true}, 'Import');
  const report = h('div', {class: 'report'});
  let pending = null; // {profiles, origins: [{file, index}]}

  const importForm = h('form', {class: 'import-form'},
    h('div', {class: 'field'},
      h('label', {for: 'import-files'}, 'Profile files'),
      fileInput,
      h('p', {class: 'hint', id: 'import-hint'},
        'careerbot JSON: an export ({"profiles": [...]}), a list of profiles, one profile, or JSON Lines. New careers are added, existing ones replaced.')),
    preview,
    h('div', {class: 'actions'}, importButton));

  // The publishers' files uploaded from the browser (multipart/form-data).
  const uploads = [
    {key: 'onet', label: 'O*NET database, text release (.zip)', accept: '.zip',
      hint: 'The zip as O*NET publishes it, e.g. db_29_3_text.zip (“Text” format of the O*NET database).'},
    {key: 'bls_projections', label: 'BLS employment projections (.xlsx, .csv or .tsv)', accept: '.xlsx,.csv,.tsv',
      hint: 'The Employment Projections occupation table (employment, growth, openings, education).'},
    {key: 'oews', label: 'OEWS national wages (.xlsx, .csv or .tsv)', accept: '.xlsx,.csv,.tsv',
      hint: 'Occupational Employment and Wage Statistics, national, all occupations.'},
  ];
  const uploadInputs = {};
  const uploadErrors = {};
  const uploadFields = uploads.map(({key, label, accept, hint}) => {
    const id = `upload-${key}`;
    uploadInputs[key] = h('input', {type: 'file', id, name: key, accept, disabled: !app.canWrite,
      'aria-describedby': `${id}-hint`});
    uploadErrors[key] = h('p', {class: 'field-error', id: `${id}-error`, hidden: true});
    uploadInputs[key].addEventListener('change', () => markUpload(key, ''));
    return h('div', {class: 'field'},
      h('label', {for: id}, label), uploadInputs[key],
      h('p', {class: 'hint', id: `${id}-hint`}, hint), uploadErrors[key]);
  });
  const uploadButton = h('button', {type: 'submit', class: 'primary', disabled: !app.canWrite}, 'Import official files');
  const uploadBusy = h('p', {class: 'busy', id: 'upload-busy', hidden: true});
  const uploadForm = h('form', {class: 'upload-form', 'aria-describedby': 'upload-intro'},
    h('p', {class: 'hint', id: 'upload-intro'},
      'Upload the three files as the publishers release them. Careers are matched by their SOC code: new ones are added, ' +
      'changed ones updated, curated careers left alone. Uploading and importing about 1,000 careers can take several seconds.'),
    uploadFields,
    h('div', {class: 'actions'}, uploadButton),
    uploadBusy);
  const publicReport = h('div', {class: 'upload-report', id: 'public-report'});

  // The same import from paths on the server (for files already there).
  const paths = ['onet_dir', 'bls_projections', 'oews'];
  const pathLabels = {onet_dir: 'O*NET text release directory', bls_projections: 'BLS projections table', oews: 'OEWS wages table'};
  const pathInputs = Object.fromEntries(paths.map((key) => [key, h('input', {type: 'text', id: `import-${key}`, autocomplete: 'off', readOnly: !app.canWrite})]));
  const publicButton = h('button', {type: 'submit', class: 'secondary', disabled: !app.canWrite}, 'Import public data');
  const publicForm = h('form', {class: 'public-form'},
    h('p', {class: 'hint'}, 'Paths of the publishers’ files on the server (the O*NET database and the BLS tables).'),
    paths.map((key) => h('div', {class: 'field'}, h('label', {for: `import-${key}`}, pathLabels[key]), pathInputs[key])),
    h('div', {class: 'actions'}, publicButton));

  const exportButton = h('button', {type: 'button', class: 'primary'}, 'Download the export');
  const exportNote = h('p', {class: 'muted', 'aria-live': 'polite'});

  append(view, heading, readOnlyNote(app, 'importing is'),
    h('section', {'aria-labelledby': 'export-h'}, h('h3', {id: 'export-h'}, 'Export'),
      h('p', {class: 'hint'}, 'Every career profile as one JSON file (about 15 MB for the whole knowledge base).'),
      exportButton, exportNote),
    h('section', {'aria-labelledby': 'import-h'}, h('h3', {id: 'import-h'}, 'Import profiles'), importForm, report),
    h('section', {'aria-labelledby': 'public-h'}, h('h3', {id: 'public-h'}, 'Import official files (O*NET and BLS)'),
      uploadForm, publicReport,
      h('details', {class: 'server-paths'}, h('summary', null, 'Or import files already on the server'), publicForm)));

  fileInput.addEventListener('change', async () => {
    clear(preview);
    clear(report);
    pending = null;
    importButton.disabled = true;
    const files = [...fileInput.files];
    if (!files.length) return;
    const profiles = [];
    const origins = [];
    try {
      for (const file of files) {
        const list = profilesFromText(await file.text(), file.name);
        list.forEach((profile, index) => {
          profiles.push(profile);
          origins.push({file: file.name, index, id: profile && profile.id});
        });
      }
    } catch (error) {
      preview.append(h('p', {class: 'error', role: 'alert'}, error.message));
      return;
    }
    pending = {profiles, origins};
    preview.append(h('p', null, `${profiles.length} profile${profiles.length === 1 ? '' : 's'} read from ${files.length} file${files.length === 1 ? '' : 's'}. Import them?`));
    importButton.disabled = !app.canWrite || profiles.length === 0;
  });

  function showReport(data, what, target = report) {
    clear(target);
    const skipped = data.skipped || [];
    const summary = `${data.added} added, ${data.changed} changed, ${data.unchanged} unchanged, ${skipped.length} skipped: ` +
      `${data.careers} careers in the knowledge base.`;
    target.append(h('h4', {tabindex: '-1'}, `${what}: done`),
      h('p', {class: 'summary'}, summary),
      h('dl', {class: 'facts'},
        h('dt', null, 'Added'), h('dd', null, String(data.added)),
        h('dt', null, 'Changed'), h('dd', null, String(data.changed)),
        h('dt', null, 'Unchanged'), h('dd', null, String(data.unchanged)),
        h('dt', null, 'Skipped'), h('dd', null, String(skipped.length)),
        h('dt', null, 'Warnings'), h('dd', null, String(data.warnings ?? 0)),
        h('dt', null, 'Careers now'), h('dd', null, String(data.careers)),
        h('dt', null, 'Took'), h('dd', null, `${Number(data.seconds || 0).toFixed(1)} s`)),
      skipped.length ? h('details', {class: 'skipped'},
        h('summary', null, `The ${skipped.length} skipped occupation${skipped.length === 1 ? '' : 's'} and why`),
        h('ul', null, skipped.map((s) => h('li', null, `${s.id || s.soc_code}: ${s.reason}`)))) : null);
    announce(`${what}: ${summary}`);
    focus(target.querySelector('h4'));
  }

  function showImportError(error) {
    let text = error.message;
    const match = /^profiles\[(\d+)\]\.?(.*)$/.exec(error.field || '');
    if (match && pending) {
      const origin = pending.origins[Number(match[1])];
      if (origin) text = `${origin.file}, profile ${origin.index + 1}${origin.id ? ` (${origin.id})` : ''}: field '${match[2]}' — ${error.message}`;
    }
    clear(report).append(h('p', {class: 'error', role: 'alert'}, `Not imported: ${text}`));
    announce(`Not imported: ${text}`, 'error');
  }

  // An error of the upload beside its file input (aria-invalid, described by the message).
  function markUpload(key, message) {
    const input = uploadInputs[key];
    const slot = uploadErrors[key];
    slot.textContent = message;
    slot.hidden = !message;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${input.id}-hint ${slot.id}`);
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', `${input.id}-hint`);
    }
  }

  function megabytes(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  }

  function showUploadError(error, bytes, names) {
    let text = error.message;
    let named = null;
    if (error.status === 413) {
      text = `The files (${megabytes(bytes)} together) are larger than the server accepts. ${error.message}`;
    } else if (error.status === 0 && bytes > 32 * 1024 * 1024) {
      text = `${error.message} The files are ${megabytes(bytes)} together: the server may have refused them as too large.`;
    } else if (error.status === 400) {
      // "The upload needs a file 'oews': ..." names the input it is about.
      named = uploads.find(({key}) => text.includes(`'${key}'`));
    } else if (error.status === 422) {
      // The importer's message names the file as it was uploaded: mark that input.
      named = uploads.find(({key}) => names[key] && text.includes(names[key]));
    }
    if (named) markUpload(named.key, text);
    const line = h('p', {class: 'error'}, `Not imported: ${text}`);
    clear(publicReport).append(line);
    announce(`Not imported: ${text}`, 'error');
    focus(named ? uploadInputs[named.key] : line);
  }

  function setUploadBusy(busy, message) {
    uploadForm.setAttribute('aria-busy', busy ? 'true' : 'false');
    for (const input of Object.values(uploadInputs)) input.disabled = busy || !app.canWrite;
    uploadButton.disabled = busy || !app.canWrite;
    publicButton.disabled = busy || !app.canWrite;
    clear(uploadBusy);
    uploadBusy.hidden = !busy;
    if (busy) uploadBusy.append(h('progress', {'aria-label': 'Import in progress'}), ' ', message);
  }

  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!pending) return;
    importButton.disabled = true;
    clear(report).append(h('p', {class: 'muted'}, 'Importing…'));
    try {
      const {data} = await post('/admin/v1/import', {profiles: pending.profiles});
      showReport(data, 'Import');
    } catch (error) {
      showImportError(error);
    } finally {
      importButton.disabled = !app.canWrite;
    }
  });

  publicForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(paths.map((key) => [key, pathInputs[key].value.trim()]));
    const missing = paths.find((key) => !body[key]);
    if (missing) {
      pathInputs[missing].focus();
      announce(`Fill in the ${pathLabels[missing]}.`, 'error');
      return;
    }
    publicButton.disabled = true;
    clear(publicReport).append(h('p', {class: 'muted'}, 'Importing public data; this can take a minute…'));
    try {
      const {data} = await post('/admin/v1/import', body);
      showReport(data, 'Public data import', publicReport);
    } catch (error) {
      clear(publicReport).append(h('p', {class: 'error'}, `Not imported: ${error.message}`));
      announce(`Not imported: ${error.message}`, 'error');
    } finally {
      publicButton.disabled = !app.canWrite;
    }
  });

  uploadForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!app.canWrite || uploadForm.getAttribute('aria-busy') === 'true') return;
    const form = new FormData();
    const names = {};
    let bytes = 0;
    let count = 0;
    for (const {key} of uploads) {
      markUpload(key, '');
      // A missing file is left for the server to name (its 400 says which).
      const file = uploadInputs[key].files[0];
      if (!file) continue;
      form.append(key, file, file.name);
      names[key] = file.name;
      bytes += file.size;
      count += 1;
    }
    const message = `Uploading ${count} file${count === 1 ? '' : 's'} (${megabytes(bytes)}) and importing them; this takes several seconds…`;
    clear(publicReport);
    setUploadBusy(true, message);
    announce(message);
    try {
      const {data} = await post('/admin/v1/import', form);
      setUploadBusy(false);
      showReport(data, 'Official files import', publicReport);
    } catch (error) {
      setUploadBusy(false);
      showUploadError(error, bytes, names);
    }
  });

  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    exportNote.textContent = 'Preparing the export…';
    try {
      const response = await request('GET', '/admin/v1/export', {raw: true, token: token()});
      const blob = await response.blob();
      const url = URL.createObjectURL(new Blob([blob], {type: 'application/json'}));
      const link = h('a', {href: url, download: `careerbot-export-${new Date().toISOString().slice(0, 10)}.json`, class: 'visually-hidden'}, 'download');
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      exportNote.textContent = `Export downloaded (${Math.round(blob.size / 1024)} KB).`;
      announce('Export downloaded.');
    } catch (error) {
      exportNote.textContent = `Export failed: ${error.message}`;
    } finally {
      exportButton.disabled = false;
    }
  });

  focus(heading);
}
